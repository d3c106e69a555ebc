/**
 * `kassa export journal`: Z reports as double-entry postings in the format an
 * accountant imports. The command fetches the closed days (`DayReport[]` of
 * kind Z) and the account mapping, and writes `data` out. Pure.
 */
import { KassaError } from '../core/errors.js';
import type { DayReport } from '../core/report.js';
import { toCsv } from './csv.js';
import { type DatevOptions, toDatev } from './datev.js';
import { toHledger } from './hledger.js';
import { type AccountMap, type Transaction, totals, zPostings } from './postings.js';
import { type XafCompany, toXaf } from './xaf.js';

export const JOURNAL_FORMATS = ['hledger', 'xaf', 'datev', 'csv'] as const;
export type JournalFormat = (typeof JOURNAL_FORMATS)[number];

export interface ExportJournalOptions {
  accounts: AccountMap;
  /** YYYY-MM-DD, inclusive: the period asked for (headers of XAF and DATEV). */
  from?: string;
  to?: string;
  /** The moment of the export, ISO (from the caller's clock). */
  createdAt: string;
  /** XAF: the company (store.name, store.vatNumber, store.address). */
  company?: XafCompany;
  /** XAF: Kassa's version. */
  softwareVersion?: string;
  /** DATEV: advisor and client numbers, fiscal year, account length. */
  datev?: Omit<DatevOptions, 'from' | 'to' | 'createdAt'>;
  currency?: string;
}

export interface ExportJournalResult {
  /** Text (UTF-8) for hledger, XAF and CSV; Windows-1252 bytes for DATEV. Empty when nothing was booked. */
  data: string | Buffer;
  transactions: number;
  totalDebitCents: number;
  totalCreditCents: number;
}

/** The transactions of the Z reports, oldest business day first. */
export function journalTransactions(zs: readonly DayReport[], accounts: AccountMap): Transaction[] {
  const ordered = [...zs].sort((a, b) => a.businessDay.localeCompare(b.businessDay) || a.register.localeCompare(b.register) || (a.zNo ?? 0) - (b.zNo ?? 0));
  return ordered.flatMap((z) => zPostings(z, accounts));
}

/**
 * The journal of the Z reports in one format. Zero Z reports (or only days
 * that booked nothing) give empty `data` and `transactions: 0`: the caller
 * says so instead of writing an empty file.
 */
export function exportJournal(zs: readonly DayReport[], format: JournalFormat, opts: ExportJournalOptions): ExportJournalResult {
  const txs = journalTransactions(zs, opts.accounts);
  let totalDebitCents = 0;
  let totalCreditCents = 0;
  for (const tx of txs) {
    const t = totals(tx);
    totalDebitCents += t.debitCents;
    totalCreditCents += t.creditCents;
  }
  const result = (data: string | Buffer): ExportJournalResult => ({ data, transactions: txs.length, totalDebitCents, totalCreditCents });
  if (txs.length === 0) return result(format === 'datev' ? Buffer.alloc(0) : '');
  const period = { ...(opts.from ? { from: opts.from } : {}), ...(opts.to ? { to: opts.to } : {}) };

  switch (format) {
    case 'hledger':
      return result(toHledger(txs, opts.currency ? { currency: opts.currency } : {}));
    case 'csv':
      return result(toCsv(txs));
    case 'xaf': {
      if (!opts.company) throw new KassaError('USAGE', 'an XAF export needs the company (name and VAT number)');
      return result(
        toXaf(txs, {
          company: opts.company,
          createdAt: opts.createdAt,
          softwareVersion: opts.softwareVersion ?? '',
          ...period,
          ...(opts.currency ? { currency: opts.currency } : {}),
        }),
      );
    }
    case 'datev': {
      if (!opts.datev) {
        throw new KassaError('USAGE', 'a DATEV export needs the tax advisor\'s Beraternummer and the Mandantennummer', 'pass them, e.g. --datev-consultant 1001 --datev-client 1');
      }
      return result(toDatev(txs, { ...opts.datev, createdAt: opts.createdAt, ...period, ...(opts.currency ? { currency: opts.currency } : {}) }));
    }
    default:
      throw new KassaError('USAGE', `unknown journal format "${String(format)}"`, `valid: ${JOURNAL_FORMATS.join(', ')}`);
  }
}

export { accountsFromSettings, defaultAccounts, parseAccountSetting, accountConfigEntries, ACCOUNT_SETTING_KEY, zPostings } from './postings.js';
export type { AccountMap, Transaction, Posting } from './postings.js';
