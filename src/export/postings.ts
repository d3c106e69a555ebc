/**
 * Double-entry postings of Z reports, and the mapping of what Kassa books to
 * the store's ledger accounts. Pure: a closed business day (a `DayReport` of
 * kind Z) in, one balanced transaction out; the exporters beside this file
 * only write the transactions down in their formats. See docs/accounting.md.
 */
import { KassaError } from '../core/errors.js';
import type { DayReport, ReportPayment } from '../core/report.js';

/** A VAT rate as the mapping knows it: basis points as text ('2100' = 21 %) or 'exempt'. */
export type VatKey = string;

/** Ledger account numbers for everything a Z books. */
export interface AccountMap {
  cash: string;
  cardClearing: string;
  qrClearing: string;
  giftcards: string;
  storeCredit: string;
  rounding: string;
  overShort: string;
  cashTransfers: string;
  /** Turnover excl. VAT per rate. */
  turnover: Record<VatKey, string>;
  /** VAT payable per rate ('exempt' has none). */
  vatPayable: Record<VatKey, string>;
}

export type AccountRole =
  | 'cash'
  | 'cardClearing'
  | 'qrClearing'
  | 'giftcards'
  | 'storeCredit'
  | 'cashTransfers'
  | 'overShort'
  | 'rounding'
  | 'vatPayable'
  | 'turnover';

/** What an account is on the balance sheet or the profit and loss account. */
export type AccountKind = 'asset' | 'liability' | 'revenue' | 'expense';

export type Side = 'D' | 'C';

export interface PostingVat {
  key: VatKey;
  vatBp: number | null;
  /** The VAT at this rate on the same side as the posting (negative: the other side). */
  vatCents: number;
}

/** One line of a transaction: always a positive amount on one side. */
export interface Posting {
  account: string;
  accountName: string;
  role: AccountRole;
  kind: AccountKind;
  side: Side;
  amountCents: number;
  description: string;
  /** On turnover and VAT lines: the rate they belong to. */
  vatKey?: VatKey;
  /** On turnover lines: the rate and the VAT booked with it. */
  vat?: PostingVat;
}

/** The booking of one Z report; its debits equal its credits. */
export interface Transaction {
  date: string; // YYYY-MM-DD: the business day the Z closed
  register: string;
  zNo: number;
  reference: string; // 'Z12': the document the lines refer to
  description: string; // 'Z 12 register 1'
  postings: Posting[];
}

/** The roles in the order exporters list them and first-come names an account used twice. */
export const ACCOUNT_ROLES: readonly AccountRole[] = [
  'cash',
  'cardClearing',
  'qrClearing',
  'giftcards',
  'storeCredit',
  'cashTransfers',
  'overShort',
  'rounding',
  'vatPayable',
  'turnover',
];

const KIND: Record<AccountRole, AccountKind> = {
  cash: 'asset',
  cardClearing: 'asset',
  qrClearing: 'asset',
  cashTransfers: 'asset',
  giftcards: 'liability',
  storeCredit: 'liability',
  vatPayable: 'liability',
  overShort: 'expense',
  rounding: 'expense',
  turnover: 'revenue',
};

/** The single-account roles, which are also the settings keys `accounts.<role>`. */
type SingleRole = Exclude<AccountRole, 'vatPayable' | 'turnover'>;
const SINGLE_ROLES: readonly SingleRole[] = [
  'cash',
  'cardClearing',
  'qrClearing',
  'giftcards',
  'storeCredit',
  'cashTransfers',
  'overShort',
  'rounding',
];

/**
 * The default chart: four-digit numbers with the Dutch reference chart of
 * accounts (RGS 3.3) code each stands for, so that an accountant can map
 * them in one go. docs/accounting.md lists them with their RGS numbers.
 */
export const DEFAULT_ACCOUNTS: Readonly<Record<SingleRole, { account: string; name: string; rgs: string }>> = {
  cash: { account: '1000', name: 'Kas', rgs: 'BLimKasKas' },
  cashTransfers: { account: '1910', name: 'Kruisposten kasstortingen', rgs: 'BLimKruSto' },
  cardClearing: { account: '1920', name: 'Kruisposten pinbetalingen', rgs: 'BLimKruPib' },
  qrClearing: { account: '1930', name: 'Kruisposten QR-betalingen', rgs: 'BLimKru' },
  giftcards: { account: '1640', name: 'Cadeaubonnen', rgs: 'BSchOvsOvs' },
  storeCredit: { account: '1650', name: 'Tegoedbonnen', rgs: 'BSchOvsOvs' },
  overShort: { account: '4900', name: 'Kasverschillen', rgs: 'WBedAdlKav' },
  rounding: { account: '4910', name: 'Afrondingsverschillen kas', rgs: 'WBedAdlBet' },
};

export const DEFAULT_TURNOVER: Readonly<Record<VatKey, { account: string; rgs: string }>> = {
  '2100': { account: '8000', rgs: 'WOmzNohOlh' },
  '900': { account: '8010', rgs: 'WOmzNohOlv' },
  exempt: { account: '8020', rgs: 'WOmzNohNod' },
};

export const DEFAULT_VAT_PAYABLE: Readonly<Record<VatKey, { account: string; rgs: string }>> = {
  '2100': { account: '1510', rgs: 'BSchBepBtwOla' },
  '900': { account: '1520', rgs: 'BSchBepBtwOlv' },
};

/** The mapping Kassa uses until the store sets its own (`kassa config set accounts.cash 1000` …). */
export function defaultAccounts(): AccountMap {
  const single = Object.fromEntries(SINGLE_ROLES.map((r) => [r, DEFAULT_ACCOUNTS[r].account])) as Record<SingleRole, string>;
  return {
    ...single,
    turnover: Object.fromEntries(Object.entries(DEFAULT_TURNOVER).map(([k, v]) => [k, v.account])),
    vatPayable: Object.fromEntries(Object.entries(DEFAULT_VAT_PAYABLE).map(([k, v]) => [k, v.account])),
  };
}

/** '21 %', '5.5 %', 'exempt'. */
export function vatLabel(key: VatKey): string {
  if (key === 'exempt') return 'exempt';
  const bp = Number(key);
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return `${frac === 0 ? whole : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`} %`;
}

/** The VAT code exporters write beside turnover: 'BTW21', 'BTW9', 'BTW5.5', 'VRIJ'. */
export function vatCode(key: VatKey): string {
  return key === 'exempt' ? 'VRIJ' : `BTW${vatLabel(key).replace(' %', '')}`;
}

/** The account's name in the ledger; Dutch, as the default chart is. */
export function accountName(role: AccountRole, vat?: VatKey): string {
  if (role === 'turnover') return vat === 'exempt' ? 'Omzet vrijgesteld van btw' : `Omzet ${vatLabel(vat ?? '')} btw`;
  if (role === 'vatPayable') return `Te betalen btw ${vatLabel(vat ?? '')}`;
  return DEFAULT_ACCOUNTS[role].name;
}

/** The RGS code of an account, where it is one of the default numbers for its role. */
export function rgsCode(role: AccountRole, account: string, vat?: VatKey): string | null {
  if (role === 'turnover') return vat !== undefined && DEFAULT_TURNOVER[vat]?.account === account ? DEFAULT_TURNOVER[vat]!.rgs : null;
  if (role === 'vatPayable') return vat !== undefined && DEFAULT_VAT_PAYABLE[vat]?.account === account ? DEFAULT_VAT_PAYABLE[vat]!.rgs : null;
  return DEFAULT_ACCOUNTS[role].account === account ? DEFAULT_ACCOUNTS[role].rgs : null;
}

const METHOD_ROLE: Record<ReportPayment['method'], SingleRole> = {
  cash: 'cash',
  card: 'cardClearing',
  qr: 'qrClearing',
  giftcard: 'giftcards',
  store_credit: 'storeCredit',
};

const METHOD_TEXT: Record<ReportPayment['method'], string> = {
  cash: 'cash payments',
  card: 'card payments',
  qr: 'QR payments',
  giftcard: 'gift card payments',
  store_credit: 'store credit payments',
};

export function vatKeyOf(vatBp: number | null): VatKey {
  return vatBp === null ? 'exempt' : String(vatBp);
}

function whole(z: DayReport, what: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new KassaError('EXPORT_CHECK_FAILED', `${zName(z)}: ${what} is not a whole number of cents (${String(n)})`, 'the stored Z report is damaged; show it with kassa report z --show N');
  }
  return n;
}

function zName(z: DayReport): string {
  return `Z ${z.zNo ?? '?'} of register ${z.register}`;
}

/**
 * The postings of one Z: one transaction (none when the day booked nothing).
 * Turnover excl. VAT and VAT per rate are credited; what the payments left
 * in the till and the clearing accounts is debited; the cash rounding, a
 * counted cash difference and cash in/out are booked against their own
 * accounts. Throws when the Z does not balance to the cent.
 */
export function zPostings(z: DayReport, accounts: AccountMap): Transaction[] {
  if (z.kind !== 'Z' || z.zNo === undefined) {
    throw new KassaError('EXPORT_CHECK_FAILED', `the report of register ${z.register} for ${z.businessDay} is not a Z report`, 'only closed business days are exported: close the day with kassa report z');
  }
  const postings: Posting[] = [];
  // Signed: positive debits, negative credits; a zero books nothing.
  const add = (role: AccountRole, account: string, debitCents: number, description: string, vat?: { key: VatKey; vatBp: number | null; vatDebitCents?: number }) => {
    if (debitCents === 0) return;
    const side: Side = debitCents > 0 ? 'D' : 'C';
    const posting: Posting = { account, accountName: accountName(role, vat?.key), role, kind: KIND[role], side, amountCents: Math.abs(debitCents), description };
    if (vat) posting.vatKey = vat.key;
    // The VAT travels with its turnover line, counted on that line's side.
    if (vat?.vatDebitCents !== undefined) posting.vat = { key: vat.key, vatBp: vat.vatBp, vatCents: side === 'D' ? vat.vatDebitCents : -vat.vatDebitCents };
    postings.push(posting);
  };

  for (const p of z.payments) {
    const role = METHOD_ROLE[p.method];
    if (!role) throw new KassaError('EXPORT_CHECK_FAILED', `${zName(z)}: unknown payment method "${String(p.method)}"`);
    add(role, accounts[role], whole(z, `the ${p.method} payments`, p.amountCents), METHOD_TEXT[p.method]);
  }

  let vatGross = 0;
  for (const v of z.vat) {
    const key = vatKeyOf(v.vatBp);
    const net = whole(z, `the turnover at ${vatLabel(key)}`, v.netCents);
    const vat = whole(z, `the VAT at ${vatLabel(key)}`, v.vatCents);
    vatGross += net + vat;
    if (net !== 0) {
      const turnoverAccount = accounts.turnover[key];
      if (turnoverAccount === undefined) throw unmapped(z, `turnover at ${vatLabel(key)}`, `accounts.turnover.${key}`, '8030');
      add('turnover', turnoverAccount, -net, `turnover ${vatLabel(key)}`, { key, vatBp: v.vatBp, vatDebitCents: -vat });
    }
    if (vat !== 0) {
      const vatAccount = accounts.vatPayable[key];
      if (vatAccount === undefined) throw unmapped(z, `VAT payable at ${vatLabel(key)}`, `accounts.vat.${key}`, '1530');
      add('vatPayable', vatAccount, -vat, `VAT ${vatLabel(key)}`, { key, vatBp: v.vatBp });
    }
  }
  const turnover = whole(z, 'the turnover', z.netCents);
  if (vatGross !== turnover) {
    throw new KassaError(
      'JOURNAL_UNBALANCED',
      `${zName(z)}: the turnover per VAT rate adds up to ${money(vatGross)}, the Z's turnover is ${money(turnover)}`,
      'the stored Z report is damaged; nothing was exported',
    );
  }

  // Cash payments = receipt totals + rounding: a negative rounding was given away, a cost.
  add('rounding', accounts.rounding, -whole(z, 'the cash rounding', z.roundingCents), 'cash rounding');

  if (z.cashDifferenceCents !== null) {
    const diff = whole(z, 'the cash difference', z.cashDifferenceCents);
    add('cash', accounts.cash, diff, diff < 0 ? 'cash short (counted)' : 'cash over (counted)');
    add('overShort', accounts.overShort, -diff, diff < 0 ? 'cash short (counted)' : 'cash over (counted)');
  }

  const cashIn = whole(z, 'the cash in', z.cashInCents);
  const cashOut = whole(z, 'the cash out', z.cashOutCents);
  add('cash', accounts.cash, cashIn, 'cash in');
  add('cashTransfers', accounts.cashTransfers, -cashIn, 'cash in');
  add('cash', accounts.cash, -cashOut, 'cash out');
  add('cashTransfers', accounts.cashTransfers, cashOut, 'cash out');
  // Cash put in or taken out between shifts (a fresh float in, the takings to the safe) moves like cash in and out.
  const handover = whole(z, 'the cash at shift handovers', z.cashHandoverCents ?? 0);
  add('cash', accounts.cash, handover, 'cash at shift handovers');
  add('cashTransfers', accounts.cashTransfers, -handover, 'cash at shift handovers');

  if (postings.length === 0) return [];
  const tx: Transaction = {
    date: z.businessDay,
    register: z.register,
    zNo: z.zNo,
    reference: `Z${z.zNo}`,
    description: `Z ${z.zNo} register ${z.register}`,
    postings,
  };
  assertBalanced(tx);
  return [tx];
}

/** The journal a register's Z reports are filed in, in every format: 'KASSA-1'. */
export function journalId(register: string): string {
  return `KASSA-${register}`;
}

/** Debit and credit totals of a transaction. */
export function totals(tx: Transaction): { debitCents: number; creditCents: number } {
  let debitCents = 0;
  let creditCents = 0;
  for (const p of tx.postings) {
    if (p.side === 'D') debitCents += p.amountCents;
    else creditCents += p.amountCents;
  }
  return { debitCents, creditCents };
}

/** Throws JOURNAL_UNBALANCED unless debits equal credits and every amount is a positive whole number of cents. */
export function assertBalanced(tx: Transaction): void {
  for (const p of tx.postings) {
    if (!Number.isSafeInteger(p.amountCents) || p.amountCents <= 0 || (p.side !== 'D' && p.side !== 'C')) {
      throw new KassaError('JOURNAL_UNBALANCED', `${tx.description}: the line "${p.description}" on ${p.account} has no valid amount (${String(p.amountCents)} ${String(p.side)})`);
    }
  }
  const t = totals(tx);
  if (t.debitCents !== t.creditCents) {
    throw new KassaError(
      'JOURNAL_UNBALANCED',
      `${tx.description} does not balance: debit ${money(t.debitCents)}, credit ${money(t.creditCents)}`,
      'the Z report\'s payments do not add up to its turnover plus rounding; nothing was exported',
    );
  }
}

function unmapped(z: DayReport, what: string, key: string, example: string): KassaError {
  return new KassaError('ACCOUNT_NOT_MAPPED', `${zName(z)} books ${what}, which has no ledger account`, `set one: kassa config set ${key} ${example}`);
}

/** 1234 → '12.34', −5 → '-0.05'. */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** An account used in transactions, as the ledgers declare it. */
export interface UsedAccount {
  account: string;
  name: string;
  kind: AccountKind;
  role: AccountRole;
  rgs: string | null;
}

/** Every account the transactions use, once, named by its first use in role order. */
export function usedAccounts(txs: readonly Transaction[]): UsedAccount[] {
  const all = txs.flatMap((t) => t.postings);
  const byRole = [...all].sort((a, b) => ACCOUNT_ROLES.indexOf(a.role) - ACCOUNT_ROLES.indexOf(b.role));
  const seen = new Map<string, UsedAccount>();
  for (const p of byRole) {
    if (seen.has(p.account)) continue;
    seen.set(p.account, { account: p.account, name: p.accountName, kind: p.kind, role: p.role, rgs: rgsCode(p.role, p.account, p.vatKey) });
  }
  return [...seen.values()].sort((a, b) => a.account.localeCompare(b.account, 'en', { numeric: true }));
}

// ---------------------------------------------------------------------------
// Settings: `accounts.<role>`, `accounts.turnover.<rate>`, `accounts.vat.<rate>`

/** Settings keys of the mapping: `accounts.cash`, `accounts.turnover.2100`, `accounts.vat.900` … */
export const ACCOUNT_SETTING_KEY = /^accounts\.(?:(cash|cardClearing|qrClearing|giftcards|storeCredit|rounding|overShort|cashTransfers)|(turnover|vat)\.([0-9]{1,5}|exempt))$/;

const ACCOUNT_NUMBER = /^[0-9A-Za-z][0-9A-Za-z._-]{0,19}$/;
const VALID_ACCOUNT = 'an account number such as 1000 (letters, digits, . _ -; at most 20), or default';

/**
 * Parse `kassa config set accounts.<…> VALUE`: the account number to store,
 * or null for `default` (the lead deletes the row so the default applies again).
 */
export function parseAccountSetting(key: string, value: string): string | null {
  const m = ACCOUNT_SETTING_KEY.exec(key);
  if (!m) {
    throw new KassaError('UNKNOWN_SETTING', `unknown setting "${key}"`, `valid: ${SINGLE_ROLES.map((r) => `accounts.${r}`).join(', ')}, accounts.turnover.<rate in basis points, e.g. 2100, or exempt>, accounts.vat.<rate>`);
  }
  if (m[2] !== undefined) checkVatKey(key, m[2], m[3]!);
  const v = value.trim();
  if (v.toLowerCase() === 'default') return null;
  if (!ACCOUNT_NUMBER.test(v)) throw new KassaError('INVALID_SETTING', `${key}: "${value}" is not an account number`, `valid: ${VALID_ACCOUNT}`);
  return v;
}

function checkVatKey(key: string, kind: string, rate: string): void {
  if (rate === 'exempt') {
    if (kind === 'vat') throw new KassaError('UNKNOWN_SETTING', `${key}: exempt sales carry no VAT, so there is no VAT account for them`, 'set accounts.turnover.exempt instead');
    return;
  }
  if (Number(rate) > 10000 || String(Number(rate)) !== rate) {
    throw new KassaError('UNKNOWN_SETTING', `${key}: "${rate}" is not a VAT rate in basis points`, 'write the rate in basis points without leading zeros: 2100 = 21 %, 900 = 9 %, 550 = 5.5 %');
  }
}

/**
 * The mapping from stored settings rows (`readSettingsRows`), on top of the
 * defaults. Rows that are not `accounts.*` are ignored; a broken one fails
 * naming the key, so that `kassa config set` can repair it.
 */
export function accountsFromSettings(stored: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): AccountMap {
  const map = defaultAccounts();
  const entries = stored instanceof Map ? [...stored.entries()] : Object.entries(stored as Record<string, unknown>);
  for (const [key, raw] of entries) {
    if (!key.startsWith('accounts.')) continue;
    const text = typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0 ? String(raw) : raw;
    if (typeof text !== 'string') {
      throw new KassaError('INVALID_SETTING', `the stored setting ${key} is not an account number: ${JSON.stringify(raw)}`, `set it again: kassa config set ${key} 1000`);
    }
    const account = parseAccountSetting(key, text);
    if (account === null) continue;
    const m = ACCOUNT_SETTING_KEY.exec(key)!;
    if (m[1] !== undefined) map[m[1] as SingleRole] = account;
    else if (m[2] === 'turnover') map.turnover[m[3]!] = account;
    else map.vatPayable[m[3]!] = account;
  }
  return map;
}

export interface AccountConfigEntry {
  key: string;
  value: string;
  isDefault: boolean;
  description: string;
}

/** The `accounts.*` lines of `kassa config list`: every default key and every stored one. */
export function accountConfigEntries(stored: Readonly<Record<string, unknown>> | ReadonlyMap<string, unknown>): AccountConfigEntry[] {
  const map = accountsFromSettings(stored);
  const has = (k: string) => (stored instanceof Map ? stored.has(k) : Object.hasOwn(stored, k));
  const out: AccountConfigEntry[] = [];
  const push = (key: string, value: string, role: AccountRole, vat?: VatKey) => {
    const rgs = rgsCode(role, value, vat);
    out.push({ key, value, isDefault: !has(key), description: `ledger account: ${accountName(role, vat)}${rgs ? ` (RGS ${rgs})` : ''}` });
  };
  for (const r of SINGLE_ROLES) push(`accounts.${r}`, map[r], r);
  for (const [k, v] of Object.entries(map.turnover).sort(byRate)) push(`accounts.turnover.${k}`, v, 'turnover', k);
  for (const [k, v] of Object.entries(map.vatPayable).sort(byRate)) push(`accounts.vat.${k}`, v, 'vatPayable', k);
  return out;
}

function byRate(a: [string, string], b: [string, string]): number {
  const n = (k: string) => (k === 'exempt' ? -1 : Number(k));
  return n(b[0]) - n(a[0]);
}
