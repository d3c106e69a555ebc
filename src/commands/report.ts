import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import type { DayReport, SalesReport } from '../core/report.js';
import type { Ctx } from '../services/context.js';
import { warnUnfinished } from './report-warnings.js';
import { printJson, storePath, withStore } from './shared.js';

interface DayOptions {
  register?: string;
  counted?: string;
  show?: string;
  json?: boolean;
  csv?: boolean;
  pdf?: string;
  print?: boolean;
  lang?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function outputsOf(opts: { json?: boolean; csv?: boolean; pdf?: string; print?: boolean }): void {
  const chosen = [opts.json, opts.csv, opts.pdf !== undefined, opts.print].filter(Boolean).length;
  if (chosen > 1) throw new KassaError('USAGE', 'choose one of --json, --csv, --pdf FILE, --print', 'run the command again for another output');
}

function langOf(ctx: Ctx, lang: string | undefined, locale: string): 'nl' | 'en' {
  void ctx;
  if (lang !== undefined && lang !== 'nl' && lang !== 'en') throw new KassaError('USAGE', `--lang ${lang}: reports come in nl and en`, '--lang nl or --lang en');
  return (lang as 'nl' | 'en' | undefined) ?? (locale === 'nl-NL' ? 'nl' : 'en');
}

/** Write the day report in the output asked for. */
async function emitDay(ctx: Ctx, dbPath: string, r: DayReport, opts: DayOptions): Promise<void> {
  const [{ loadSettings }] = await Promise.all([import('../services/config.js')]);
  const settings = loadSettings(ctx);
  const lang = langOf(ctx, opts.lang, settings.locale);
  if (opts.json) return printJson(r);
  if (opts.csv) {
    const { dayReportCsv } = await import('../render/report-csv.js');
    process.stdout.write(dayReportCsv(r));
    return;
  }
  if (opts.pdf !== undefined) {
    const [{ dayReportPdf }, { writeOutputFile }] = await Promise.all([import('../render/report-pdf.js'), import('../services/output-file.js')]);
    const pdf = await dayReportPdf(r, { lang, locale: settings.locale, store: { name: settings['store.name'], address: settings['store.address'], vatNumber: settings['store.vatNumber'] }, now: ctx.clock.now() });
    writeOutputFile(ctx.db, opts.pdf, pdf, 'the PDF');
    process.stderr.write(`wrote ${opts.pdf}\n`);
    return;
  }
  if (opts.print) {
    const [{ dayReportPaper }, { Till }, { previewFileOf }] = await Promise.all([import('../render/report-paper.js'), import('../services/till.js'), import('../services/devices.js')]);
    const till = Till.open(ctx, settings, { previewFile: previewFileOf(dbPath) });
    try {
      if (!till.printer) throw new KassaError('DEVICE_NOT_CONFIGURED', 'no printer is configured', 'kassa devices set printer tcp://HOST:9100 (or preview)');
      const lines = dayReportPaper(r, { lang, locale: settings.locale, width: settings['printer.width'], storeName: settings['store.name'] });
      await till.printer.print({ lines: lines.map((text) => ({ text })), cut: true }, { timeoutMs: 10_000 });
      process.stderr.write(`printed on ${till.printer.address}\n`);
    } finally {
      await till.close();
    }
    return;
  }
  const { dayReportLines } = await import('../render/report-text.js');
  const width = process.stdout.isTTY ? Math.min(process.stdout.columns || 80, 100) : 80;
  process.stdout.write(dayReportLines(r, { lang, locale: settings.locale, width, storeName: settings['store.name'] }).join('\n') + '\n');
}

export function registerReport(program: Command): void {
  const report = program
    .command('report')
    .description('end of day (X and Z) and sales reports')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa report x                          the open day so far, changing nothing
  $ kassa report z --counted 1234,50        close the day with the cash counted in the drawer
  $ kassa report z --show 12 --pdf z12.pdf  a stored Z again, as it was
  $ kassa report sales --from 2026-01-01 --to 2026-12-31 --by month
  $ kassa report sales --from 2026-11-01 --to 2026-11-30 --by product --top 10 --csv`,
    );

  const dayOptions = (c: Command) =>
    c
      .option('--register <id>', 'the till (default: the setting register.id)')
      .option('--json', 'the report as JSON (the names of docs/ARCHITECTURE.md, "End of day")')
      .option('--csv', 'the report as CSV')
      .option('--pdf <file>', 'an A4 PDF to file')
      .option('--print', 'print it on the receipt printer')
      .option('--lang <lang>', 'nl or en (default: from the setting locale)');

  dayOptions(report.command('x').description('the running totals of the open business day (changes nothing)'))
    .option('--counted <amount>', 'the cash counted in the drawer, to see the difference')
    .action(async (opts: DayOptions, cmd: Command) => {
      outputsOf(opts);
      const path = storePath(cmd);
      await withStore(path, async (ctx) => {
        const [{ xReport, parseCounted }, { loadSettings }] = await Promise.all([import('../services/reports.js'), import('../services/config.js')]);
        const r = xReport(ctx, { ...(opts.register ? { register: opts.register } : {}), countedCents: opts.counted === undefined ? null : parseCounted(ctx, opts.counted) });
        warnUnfinished(r, loadSettings(ctx).locale);
        await emitDay(ctx, path, r, opts);
      });
    });

  dayOptions(
    report
      .command('z')
      .description('close the business day of the register: the next Z number, stored and journaled, never changed; --show N gives a stored Z again'),
  )
    .option('--counted <amount>', 'the cash counted in the drawer')
    .option('--show <n>', 'show (or print) stored Z report N instead of closing the day')
    .action(async (opts: DayOptions, cmd: Command) => {
      outputsOf(opts);
      if (opts.show !== undefined && !/^\d+$/.test(opts.show)) throw new KassaError('USAGE', `--show ${opts.show}: not a Z number`, '--show 12');
      if (opts.show !== undefined && opts.counted !== undefined) throw new KassaError('USAGE', '--counted closes a day; --show shows a closed one', 'use one of them');
      const path = storePath(cmd);
      await withStore(path, async (ctx) => {
        const [{ closeDay, showZ, parseCounted }, { loadSettings }] = await Promise.all([import('../services/reports.js'), import('../services/config.js')]);
        const reg = opts.register ? { register: opts.register } : {};
        if (opts.show !== undefined) return emitDay(ctx, path, showZ(ctx, Number(opts.show), reg), opts);
        // A Z is closed for good: everything its output needs is checked first.
        const settings = loadSettings(ctx);
        langOf(ctx, opts.lang, settings.locale);
        const countedCents = opts.counted === undefined ? null : parseCounted(ctx, opts.counted);
        if (opts.pdf !== undefined) {
          const { OutputFile, storeFiles } = await import('../services/output-file.js');
          new OutputFile(opts.pdf, storeFiles(ctx.db), 'the PDF').discard();
        }
        if (opts.print && settings['printer.address'] === 'none') {
          throw new KassaError('DEVICE_NOT_CONFIGURED', 'no printer is configured: the day was not closed', 'kassa devices set printer tcp://HOST:9100 (or preview), or close it without --print');
        }
        const r = closeDay(ctx, { ...reg, countedCents });
        warnUnfinished(r, settings.locale);
        const { businessDayNow } = await import('../services/business-day.js');
        const days = r.fromDay === r.businessDay ? `business day ${r.businessDay}` : `business days ${r.fromDay} to ${r.businessDay}`;
        const nothing = r.receipts === 0 && r.refundReceipts === 0 ? ': nothing was sold' : '';
        process.stderr.write(`Z ${r.zNo} closed ${days} of register ${r.register}${nothing}; sales from now on count for ${businessDayNow(ctx, settings, r.register).day}\n`);
        try {
          await emitDay(ctx, path, r, opts);
        } catch (e) {
          const arg = (v: string) => (/^[\w./:@-]+$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`);
          const again = `kassa report z --show ${r.zNo}${opts.register ? ` --register ${arg(opts.register)}` : ''}${opts.pdf !== undefined ? ` --pdf ${arg(opts.pdf)}` : opts.print ? ' --print' : ''}${opts.lang ? ` --lang ${opts.lang}` : ''}`;
          const err = e instanceof KassaError ? e : new KassaError('OUTPUT_FAILED', (e as Error).message);
          throw new KassaError(err.code, `Z ${r.zNo} is closed and stored, but its output failed: ${err.message}`, `${err.hint ? `${err.hint}; then ` : ''}${again}`);
        }
      });
    });

  report
    .command('sales')
    .description('revenue, quantities, receipts, average basket and margin over a period')
    .requiredOption('--from <date>', 'first business day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last business day, YYYY-MM-DD')
    .option('--by <grouping>', 'day, week, month, hour, product, category, cashier or payment', 'day')
    .option('--top <n>', 'only the first N rows (best sellers with --by product)')
    .option('--register <id>', 'one till (default: all)')
    .option('--json', 'as JSON')
    .option('--csv', 'as CSV')
    .option('--pdf <file>', 'an A4 PDF with a chart')
    .option('--lang <lang>', 'nl or en (default: from the setting locale)')
    .action(async (opts: { from: string; to: string; by: string; top?: string; register?: string; json?: boolean; csv?: boolean; pdf?: string; lang?: string }, cmd: Command) => {
      outputsOf(opts);
      const { SALES_GROUPINGS } = await import('../core/report.js');
      if (!DATE.test(opts.from) || !DATE.test(opts.to)) throw new KassaError('USAGE', `--from ${opts.from} --to ${opts.to}: dates are YYYY-MM-DD`, '--from 2026-11-01 --to 2026-11-30');
      if (!(SALES_GROUPINGS as readonly string[]).includes(opts.by)) throw new KassaError('USAGE', `--by ${opts.by}: not a grouping`, `one of ${SALES_GROUPINGS.join(', ')}`);
      if (opts.top !== undefined && (!/^\d+$/.test(opts.top) || Number(opts.top) < 1)) throw new KassaError('USAGE', `--top ${opts.top}: not a number of rows`, '--top 10');
      await withStore(storePath(cmd), async (ctx) => {
        const [{ salesReport }, { loadSettings }] = await Promise.all([import('../services/reports.js'), import('../services/config.js')]);
        const settings = loadSettings(ctx);
        const r: SalesReport = salesReport(ctx, { from: opts.from, to: opts.to, by: opts.by as SalesReport['by'], register: opts.register ?? null, top: opts.top === undefined ? null : Number(opts.top) });
        const lang = langOf(ctx, opts.lang, settings.locale);
        if (opts.json) return printJson(r);
        if (opts.csv) {
          const { salesReportCsv } = await import('../render/report-csv.js');
          process.stdout.write(salesReportCsv(r));
          return;
        }
        if (opts.pdf !== undefined) {
          const [{ salesReportPdf }, { writeOutputFile }] = await Promise.all([import('../render/report-pdf.js'), import('../services/output-file.js')]);
          const pdf = await salesReportPdf(r, { lang, locale: settings.locale, store: { name: settings['store.name'], address: settings['store.address'], vatNumber: settings['store.vatNumber'] }, now: ctx.clock.now() });
          writeOutputFile(ctx.db, opts.pdf, pdf, 'the PDF');
          process.stderr.write(`wrote ${opts.pdf}\n`);
          return;
        }
        const { salesReportLines } = await import('../render/report-text.js');
        const width = process.stdout.isTTY ? Math.min(process.stdout.columns || 80, 120) : 80;
        process.stdout.write(salesReportLines(r, { lang, locale: settings.locale, width, storeName: settings['store.name'] }).join('\n') + '\n');
      });
    });
}
