/**
 * The accounting export: the double-entry postings of the Z reports of a
 * period, in the format the accountant's software reads (src/export). Only
 * closed business days are exported; a day not yet closed by a Z is named so
 * the accountant knows it is missing.
 */
import { KassaError } from '../core/errors.js';
import { readSettingsRows } from '../db/settings.js';
import { accountsFromSettings, exportJournal, type JournalFormat } from '../export/index.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { salesReport, zReports } from './reports.js';

export interface ExportOptions {
  format: JournalFormat;
  from: string;
  to: string;
  register: string | null;
  /** DATEV: the tax advisor's Beraternummer and the Mandantennummer. */
  datev?: { consultant: number; client: number };
}

export interface ExportOutcome {
  data: string | Buffer;
  zReports: number;
  transactions: number;
  totalDebitCents: number;
  totalCreditCents: number;
  /** Business days in the period with sales that no Z has closed yet: not exported. */
  openDays: string[];
}

export function exportZReports(ctx: Ctx, q: ExportOptions): ExportOutcome {
  // One read transaction: a Z closed meanwhile is either exported or named among the open days.
  return ctx.db.transaction(() => exportNow(ctx, q))();
}

function exportNow(ctx: Ctx, q: ExportOptions): ExportOutcome {
  const settings = loadSettings(ctx);
  const zs = zReports(ctx, { from: q.from, to: q.to, register: q.register });
  const accounts = accountsFromSettings(readSettingsRows(ctx.db));
  if (q.format === 'datev' && !q.datev) {
    throw new KassaError('USAGE', "a DATEV export needs the tax advisor's Beraternummer and the Mandantennummer", '--datev-consultant 1001 --datev-client 1');
  }
  const out = exportJournal(zs, q.format, {
    accounts,
    from: q.from,
    to: q.to,
    createdAt: ctx.clock.now().toISOString(),
    company: { name: settings['store.name'], vatNumber: settings['store.vatNumber'], address: settings['store.address'] },
    softwareVersion: process.env.npm_package_version ?? '0.1.0',
    currency: settings.currency,
    ...(q.datev ? { datev: q.datev } : {}),
  });
  const openDays = salesReport(ctx, { from: q.from, to: q.to, by: 'day', register: q.register }).openDays;
  return { ...out, zReports: zs.length, openDays };
}
