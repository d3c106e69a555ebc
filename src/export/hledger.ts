/**
 * Z postings as an hledger journal (also read by ledger): a commodity
 * directive and an account directive for every account used, so that
 * `hledger check -s` (declared accounts and commodities) passes. Pure.
 */
import { type AccountKind, type Transaction, assertBalanced, money, usedAccounts } from './postings.js';

export interface HledgerOptions {
  /** ISO currency code; amounts are written `EUR 12.34`. */
  currency?: string;
}

// hledger's account types: Asset, Liability, Revenue, eXpense.
const TYPE: Record<AccountKind, string> = { asset: 'A', liability: 'L', revenue: 'R', expense: 'X' };

/** The journal text; '' for no transactions. */
export function toHledger(txs: readonly Transaction[], opts: HledgerOptions = {}): string {
  if (txs.length === 0) return '';
  const currency = opts.currency ?? 'EUR';
  for (const tx of txs) assertBalanced(tx);

  const names = new Map(usedAccounts(txs).map((a) => [a.account, a]));
  const accountName = (account: string) => clean(`${account} ${names.get(account)!.name}`);
  const out: string[] = [];
  out.push('; Z reports from Kassa as double-entry transactions (docs/accounting.md)', '');
  out.push(`commodity ${currency} 1,000.00`, '');
  for (const a of names.values()) out.push(`account ${accountName(a.account)}  ; type: ${TYPE[a.kind]}`);
  out.push('');

  const width = Math.max(...[...names.keys()].map((a) => accountName(a).length)) + 4;
  for (const tx of txs) {
    out.push(`${tx.date} * (${clean(tx.reference).replace(/[()]/g, '')}) ${clean(tx.description)}`);
    for (const p of tx.postings) {
      const signed = p.side === 'D' ? p.amountCents : -p.amountCents;
      const amount = `${currency} ${money(signed)}`;
      out.push(`    ${accountName(p.account).padEnd(width)}${amount.padStart(16)}  ; ${clean(p.description)}`);
    }
    out.push('');
  }
  return out.join('\n');
}

// Two spaces end an account name and `;` starts a comment: neither may appear inside.
function clean(s: string): string {
  return s.replace(/[;\r\n\t]/g, ' ').replace(/ {2,}/g, ' ').trim();
}
