/**
 * Z postings as a plain CSV, one row per posting, for accounting software
 * that imports journal entries (Exact Online, SnelStart, Twinfield, Xero…):
 * `date,journal,entry,account,description,debit,credit,vatCode`, decimal
 * point, RFC 4180 quoting, CRLF, UTF-8. Pure.
 */
import { formatCsvRow } from '../core/csv.js';
import { type Transaction, assertBalanced, journalId, money, vatCode } from './postings.js';

export const CSV_COLUMNS = ['date', 'journal', 'entry', 'account', 'description', 'debit', 'credit', 'vatCode'] as const;

/** The CSV text with its header row; '' for no transactions. */
export function toCsv(txs: readonly Transaction[]): string {
  if (txs.length === 0) return '';
  const rows: string[] = [formatCsvRow(CSV_COLUMNS, ',')];
  for (const tx of txs) {
    assertBalanced(tx);
    for (const p of tx.postings) {
      const amount = money(p.amountCents);
      rows.push(
        formatCsvRow(
          [
            tx.date,
            journalId(tx.register),
            tx.reference,
            p.account,
            `${tx.description}: ${p.description}`,
            p.side === 'D' ? amount : '',
            p.side === 'C' ? amount : '',
            // Only turnover names its rate: the VAT is already a line of its own and must not be computed again.
            p.vat ? vatCode(p.vat.key) : '',
          ],
          ',',
        ),
      );
    }
  }
  return rows.join('\r\n') + '\r\n';
}
