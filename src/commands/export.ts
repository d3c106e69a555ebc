import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import { storePath, withStore } from './shared.js';

const FORMATS = ['hledger', 'xaf', 'datev', 'csv'] as const;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('journals for accounting software')
    .command('journal')
    .description('double-entry postings of the Z reports in a period (closed business days only)')
    .requiredOption('--format <format>', `${FORMATS.join(', ')}`)
    .requiredOption('--from <date>', 'first business day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last business day, YYYY-MM-DD')
    .option('--register <id>', 'one till (default: all)')
    .option('-o, --output <file>', 'write to a file (default: standard output)')
    .option('--datev-consultant <n>', "DATEV: the tax advisor's Beraternummer")
    .option('--datev-client <n>', 'DATEV: the Mandantennummer')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa export journal --format hledger --from 2026-11-01 --to 2026-11-30 -o november.journal
  $ kassa export journal --format xaf --from 2026-01-01 --to 2026-12-31 -o 2026.xaf
  $ kassa export journal --format datev --datev-consultant 1001 --datev-client 1 --from 2026-11-01 --to 2026-11-30 -o EXTF_Buchungsstapel.csv
  $ kassa export journal --format csv --from 2026-11-27 --to 2026-11-27

The accounts come from the settings accounts.* (kassa config list); the defaults
follow the Dutch reference chart of accounts (RGS): see docs/accounting.md.`,
    )
    .action(async (opts: { format: string; from: string; to: string; register?: string; output?: string; datevConsultant?: string; datevClient?: string }, cmd: Command) => {
      if (!(FORMATS as readonly string[]).includes(opts.format)) throw new KassaError('USAGE', `--format ${opts.format}: not an export format`, `one of ${FORMATS.join(', ')}`);
      if (!DATE.test(opts.from) || !DATE.test(opts.to)) throw new KassaError('USAGE', `--from ${opts.from} --to ${opts.to}: dates are YYYY-MM-DD`, '--from 2026-11-01 --to 2026-11-30');
      if (opts.from > opts.to) throw new KassaError('USAGE', `--from ${opts.from} is after --to ${opts.to}`, 'give the earlier date first');
      await withStore(storePath(cmd), async (ctx) => {
        const [{ exportZReports }, { writeOutputFile }] = await Promise.all([import('../services/exports.js'), import('../services/output-file.js')]);
        const datev =
          opts.datevConsultant !== undefined || opts.datevClient !== undefined
            ? { consultant: wholeNumber(opts.datevConsultant, '--datev-consultant'), client: wholeNumber(opts.datevClient, '--datev-client') }
            : undefined;
        const out = exportZReports(ctx, { format: opts.format as (typeof FORMATS)[number], from: opts.from, to: opts.to, register: opts.register ?? null, ...(datev ? { datev } : {}) });
        if (out.zReports === 0) {
          process.stderr.write(`no Z report between ${opts.from} and ${opts.to}: nothing to export (a day is exported once a Z has closed it)\n`);
          if (!opts.output) return;
        }
        if (opts.output) writeOutputFile(ctx.db, opts.output, out.data, 'the export');
        else process.stdout.write(out.data);
        if (out.zReports > 0) process.stderr.write(`${out.zReports} Z ${out.zReports === 1 ? 'report' : 'reports'}, ${out.transactions} transactions${opts.output ? ` written to ${opts.output}` : ''}${out.openDays.length ? `; not closed, so not exported: ${out.openDays.join(', ')}` : ''}\n`);
      });
    });
}

function wholeNumber(text: string | undefined, flag: string): number {
  if (text === undefined || !/^\d{1,7}$/.test(text)) throw new KassaError('USAGE', `${flag} ${text ?? ''}: a number is needed`, '--datev-consultant 1001 --datev-client 1');
  return Number(text);
}
