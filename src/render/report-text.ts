/**
 * The X/Z report and the sales report as terminal text (`kassa report x|z`,
 * `kassa report sales` without --json): sections under a rule with their name,
 * amounts ending in the last column, bar charts of block characters scaled to
 * the room left. Pure: the same report gives the same lines; no line is wider
 * than the width asked for.
 */
import type { Locale } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import { unfinishedPaidCents, type DayReport, type SalesReport, type SalesReportRow } from '../core/report.js';
import {
  amountOf,
  beside,
  blockBar,
  cashTaken,
  handover,
  dayAndTimes,
  dayLabel,
  fit,
  hostTimeZone,
  hoursFilled,
  len,
  padLeft,
  padRight,
  rateLabel,
  row,
  salesColumns,
  salesLabel,
  table,
  titleOf,
  truncate,
  wrap,
  type TableRow,
} from './report-layout.js';
import { REPORT_WORDS, type ReportLang } from './report-words.js';

export interface ReportTextOptions {
  lang: ReportLang;
  locale: Locale;
  /** The terminal's columns; no line is longer. */
  width: number;
  storeName: string;
  /** For the times of the first receipt and the report (default: this machine's zone, the till's). */
  timeZone?: string;
}

/** Wider than this, a label and its amount drift too far apart to read as a pair. */
const MAX_WIDTH = 72;
const ELLIPSIS = '…';

/** The X or Z report for the terminal. */
export function dayReportLines(r: DayReport, opts: ReportTextOptions): string[] {
  const w = Math.min(opts.width, MAX_WIDTH);
  const words = REPORT_WORDS[opts.lang];
  const amount = amountOf(opts.locale);
  const count = (n: number): string => String(n);
  const out: string[] = [];
  const section = (name: string, lines: string[]): void => {
    if (lines.length === 0) return;
    out.push('', heading(name, w), ...lines);
  };

  if (opts.storeName.trim()) out.push(...wrap(opts.storeName.trim(), w));
  out.push(...beside(titleOf(r, words), `${words.register} ${r.register}`, w));
  out.push(...beside(...dayAndTimes(r, words, opts.locale, opts.timeZone ?? hostTimeZone()), w));
  if (r.kind === 'X') out.push(...wrap(words.xNote, w));
  if (r.receipts === 0) out.push('', ...wrap(`${words.nothingSold}.`, w));

  section(words.turnover, [
    ...row(words.receipts, count(r.receipts), w),
    ...row(words.refundReceipts, count(r.refundReceipts), w),
    ...row(words.beforeDiscounts, amount(r.grossCents + r.discountsCents), w),
    ...row(words.discounts, amount(-r.discountsCents), w),
    ...row(words.gross, amount(r.grossCents), w),
    ...row(words.refunds, amount(-r.refundsCents), w),
    ...row(words.net, amount(r.netCents), w),
  ]);

  if (r.vat.length > 0) {
    const sum = (f: (v: DayReport['vat'][number]) => number): number => r.vat.reduce((s, v) => s + f(v), 0);
    section(
      words.vat,
      table(
        { text: words.rate, cells: [words.excl, words.vat, words.incl] },
        [
          ...r.vat.map((v) => ({ text: rateLabel(v.vatBp, opts.locale, words), cells: [amount(v.netCents), amount(v.vatCents), amount(v.grossCents)] })),
          { text: words.total, cells: [amount(sum((v) => v.netCents)), amount(sum((v) => v.vatCents)), amount(sum((v) => v.grossCents))] },
        ],
        w,
        { ellipsis: ELLIPSIS, minText: 4 },
      ),
    );
  }

  const payments: TableRow[] = r.payments.map((p) => ({ text: words.method[p.method], cells: [`${p.count}x`, amount(p.amountCents)] }));
  if (payments.length > 0 || r.roundingCents !== 0) {
    const paid = r.payments.reduce((s, p) => s + p.amountCents, 0);
    section(words.payments, [
      ...table(null, [...payments, { text: words.total, cells: [`${r.payments.reduce((s, p) => s + p.count, 0)}x`, amount(paid)] }], w, { ellipsis: ELLIPSIS }),
      ...row(words.rounding, amount(r.roundingCents), w),
    ]);
  }

  section(words.cash, [
    ...row(words.cashFloat, amount(r.cashFloatCents), w),
    ...row(words.cashTaken, amount(cashTaken(r)), w),
    ...row(words.cashIn, amount(r.cashInCents), w),
    ...row(words.cashOut, amount(-r.cashOutCents), w),
    ...(handover(r) !== 0 ? row(words.cashHandover, amount(handover(r)), w) : []),
    ...row(words.cashExpected, amount(r.cashExpectedCents), w),
    ...row(words.cashCounted, r.cashCountedCents === null ? words.notCounted : amount(r.cashCountedCents), w),
    ...(r.cashDifferenceCents === null ? [] : row(words.cashDifference, amount(r.cashDifferenceCents), w)),
  ]);

  section(words.checks, [
    ...row(words.noSale, count(r.noSaleCount), w),
    ...row(words.voidedLines, count(r.voidedLines), w),
    ...row(words.cancelledSales, count(r.cancelledSales), w),
    ...((r.unfinishedPayments ?? []).length > 0 ? row(`! ${words.unfinishedPaid}`, amount(unfinishedPaidCents(r)), w) : []),
    ...row(words.averageBasket, amount(r.averageBasketCents), w),
  ]);

  section(words.byHour, hourChart(r, w, amount));

  if (r.topProducts.length > 0) {
    section(
      words.topProducts,
      table(
        { text: words.product, cells: [words.qty, words.turnover] },
        r.topProducts.map((p) => ({ text: p.name, cells: [formatQuantity(p.qtyMilli, opts.locale), amount(p.grossCents)] })),
        w,
        { ellipsis: ELLIPSIS },
      ),
    );
  }
  if (r.byCashier.length > 0) {
    section(
      words.byCashier,
      table(
        { text: words.cashier, cells: [words.receipts, words.turnover] },
        r.byCashier.map((c) => ({ text: c.name, cells: [count(c.receipts), amount(c.grossCents)] })),
        w,
        { ellipsis: ELLIPSIS },
      ),
    );
  }

  if (r.kind === 'Z') {
    section(words.grandTotals, [...row(words.grandTotalSales, amount(r.grandTotalSalesCents), w), ...row(words.grandTotalRefunds, amount(r.grandTotalRefundsCents), w)]);
  }
  return fit(out, opts.width);
}

/** `── Omzet ──────`: the section's name in a rule as wide as the report. */
function heading(name: string, w: number): string {
  const text = `── ${truncate(name, Math.max(1, w - 4), ELLIPSIS)} `;
  return text + '─'.repeat(Math.max(0, w - len(text)));
}

/** `10:00 ██████▌      31    712,40` for every hour from the first sale to the last. */
function hourChart(r: DayReport, w: number, amount: (c: number) => string): string[] {
  const hours = hoursFilled(r.byHour);
  if (hours.length === 0) return [];
  const max = Math.max(...hours.map((h) => h.grossCents));
  const rw = Math.max(...hours.map((h) => len(String(h.receipts))));
  const aw = Math.max(...hours.map((h) => len(amount(h.grossCents))));
  const label = (h: number): string => `${String(h).padStart(2, '0')}:00`;
  const barW = w - 6 - (rw + 2) - (aw + 2);
  if (barW < 3) {
    // No room for a bar worth reading: the numbers alone.
    return table(null, hours.map((h) => ({ text: label(h.hour), cells: [String(h.receipts), amount(h.grossCents)] })), w, { ellipsis: ELLIPSIS, minText: 5 });
  }
  return hours.map((h) => `${label(h.hour)} ${padRight(blockBar(h.grossCents, max, barW), barW)}  ${padLeft(String(h.receipts), rw)}  ${padLeft(amount(h.grossCents), aw)}`);
}

// ---------------------------------------------------------------------------
// Sales report

interface Column {
  head: string;
  cell: (x: SalesReportRow) => string;
}

/** The sales report for the terminal: a table with a bar of the sales per row, the totals, and the days not closed yet. */
export function salesReportLines(r: SalesReport, opts: ReportTextOptions): string[] {
  const w = Math.min(opts.width, MAX_WIDTH + 48); // a table can use a wide terminal
  const words = REPORT_WORDS[opts.lang];
  const amount = amountOf(opts.locale);
  const orNone = (v: number | null, f: (v: number) => string): string => (v === null ? '-' : f(v));
  const out: string[] = [];

  if (opts.storeName.trim()) out.push(...wrap(opts.storeName.trim(), w));
  out.push(...beside(`${words.salesTitle} ${words.by[r.by]}`, r.register === null ? words.allRegisters : `${words.register} ${r.register}`, w));
  out.push(...wrap(`${words.period} ${dayLabel(r.from, opts.locale)} ${words.through} ${dayLabel(r.to, opts.locale)}`, w));
  out.push(...wrap(words.amountsNote, w));
  out.push('');

  if (r.rows.length === 0) {
    out.push(...wrap(`${words.noSales}.`, w));
  } else {
    const has = salesColumns(r);
    // In the order of importance: the columns that fit stay, from the left.
    const wanted: (Column & { on: boolean })[] = [
      { on: true, head: words.salesGross, cell: (x) => amount(x.grossCents) },
      { on: true, head: r.by === 'payment' ? words.salesPayments : words.salesReceipts, cell: (x) => String(x.receipts) },
      { on: has.qty, head: words.qty, cell: (x) => orNone(x.qtyMilli, (q) => formatQuantity(q, opts.locale)) },
      { on: has.average, head: words.averageShort, cell: (x) => orNone(x.averageBasketCents, amount) },
      { on: has.margin, head: words.margin, cell: (x) => orNone(x.marginCents, amount) },
      { on: has.net, head: words.salesNet, cell: (x) => amount(x.netCents) },
      { on: has.cost, head: words.cost, cell: (x) => orNone(x.costCents, amount) },
    ];
    const all = [...r.rows, r.totals];
    const widthOf = (c: Column): number => Math.max(len(c.head), ...all.map((x) => len(c.cell(x))));
    const labels = all.map((x) => salesLabel(r, x, words, opts.locale));
    const labelW = Math.min(28, Math.max(len(words.keyHead[r.by]), ...labels.map(len)));
    // A name needs more room than a bar does on a wide terminal, less than the receipts on a narrow one.
    const minLabel = Math.min(labelW, Math.max(10, Math.floor(w / 5)));
    // A bar needs some room to compare by; the last columns make way for it.
    const minBar = Math.max(5, Math.min(16, Math.floor(w / 6)));
    const chosen: Column[] = [];
    let used = minLabel + 1 + minBar;
    for (const c of wanted.filter((c) => c.on)) {
      const cw = widthOf(c) + 2;
      if (used + cw <= w || chosen.length === 0) {
        chosen.push(c);
        used += cw;
      }
    }
    // Display order: as in the JSON, whatever fitted.
    const order = wanted.filter((c) => chosen.includes(c));
    const widths = order.map(widthOf);
    const numbersW = widths.reduce((a, b) => a + b + 2, 0);
    const room = w - numbersW;
    // Whatever room is left goes to the name first, then to the bar (still at least a few columns).
    const lw = Math.max(Math.min(labelW, room - 6), Math.min(minLabel, room));
    const barW = Math.min(40, room - lw - 1);
    const max = Math.max(0, ...r.rows.map((x) => x.grossCents));
    const line = (label: string, bar: string, cells: string[]): string =>
      padRight(truncate(label, lw, ELLIPSIS), lw) + (barW > 0 ? ' ' + padRight(bar, barW) : '') + cells.map((c, i) => '  ' + padLeft(c, widths[i] ?? 0)).join('');
    out.push(line(words.keyHead[r.by], '', order.map((c) => c.head)).trimEnd());
    out.push('─'.repeat(Math.min(w, len(line('', '', order.map((c) => c.head))))));
    for (const x of r.rows) out.push(line(salesLabel(r, x, words, opts.locale), blockBar(x.grossCents, max, barW), order.map((c) => c.cell(x))));
    out.push('─'.repeat(Math.min(w, len(line('', '', order.map((c) => c.head))))));
    out.push(line(words.total, '', order.map((c) => c.cell(r.totals))));
  }

  if (r.openDays.length > 0) {
    out.push('');
    out.push(...wrap(`${words.openDays} ${r.openDays.map((d) => dayLabel(d, opts.locale)).join(', ')}`, w));
  }
  return fit(out, opts.width);
}
