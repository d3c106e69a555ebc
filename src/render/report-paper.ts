/**
 * The X/Z report for the receipt printer (MOCKUPS.md, "Z report, printed (42
 * columns)"): blocks between dashed rules, every amount ending in the last
 * column of the paper, bars in '#' (the paper has no block characters). Pure:
 * the lead wraps the lines in a PrintDocument; nothing is wider than the paper.
 */
import type { Locale } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import { unfinishedPaidCents, type DayReport } from '../core/report.js';
import {
  amountOf,
  beside,
  cashTaken,
  handover,
  centre,
  dayAndTimes,
  fit,
  hashBar,
  hostTimeZone,
  hoursFilled,
  len,
  padLeft,
  padRight,
  rateLabel,
  row,
  table,
  titleOf,
  wrap,
  type TableRow,
} from './report-layout.js';
import { REPORT_WORDS, type ReportLang, type ReportWords } from './report-words.js';

export interface ReportPaperOptions {
  lang: ReportLang;
  locale: Locale;
  width: 32 | 42 | 48;
  storeName: string;
  /** For the times of the first receipt and the report (default: this machine's zone, the till's). */
  timeZone?: string;
}

/** The X or Z report as the printer's lines. */
export function dayReportPaper(r: DayReport, opts: ReportPaperOptions): string[] {
  const w = opts.width;
  const words = REPORT_WORDS[opts.lang];
  const amount = amountOf(opts.locale);
  const dashes = '-'.repeat(w);
  const blocks: string[][] = [];

  const head: string[] = [];
  if (opts.storeName.trim()) head.push(...centre(opts.storeName.trim(), w));
  head.push(...beside(titleOf(r, words), `${words.register} ${r.register}`, w));
  head.push(...beside(...dayAndTimes(r, words, opts.locale, opts.timeZone ?? hostTimeZone()), w));
  if (r.kind === 'X') head.push(...wrap(words.xNote, w));
  if (r.receipts === 0) head.push(...centre(`*** ${words.nothingSold} ***`, w));
  blocks.push(head);

  blocks.push([
    ...row(words.receipts, String(r.receipts), w),
    ...(r.refundReceipts !== 0 ? row(words.refundReceipts, String(r.refundReceipts), w) : []),
    ...row(words.beforeDiscounts, amount(r.grossCents + r.discountsCents), w),
    ...row(words.discounts, amount(-r.discountsCents), w),
    ...row(words.gross, amount(r.grossCents), w),
    ...row(words.refunds, amount(-r.refundsCents), w),
    ...row(words.net, amount(r.netCents), w),
  ]);

  if (r.vat.length > 0) blocks.push(vatBlock(r, words, opts.locale, amount, w));

  if (r.payments.length > 0 || r.roundingCents !== 0) {
    const rows: TableRow[] = r.payments.map((p) => ({ text: words.method[p.method], cells: [`${p.count}x`, amount(p.amountCents)] }));
    blocks.push([...countAndAmount(rows, w), ...(r.roundingCents !== 0 ? row(words.rounding, amount(r.roundingCents), w) : [])]);
  }

  blocks.push([
    ...row(words.cashFloat, amount(r.cashFloatCents), w),
    ...row(words.cashTaken, amount(cashTaken(r)), w),
    ...(r.cashInCents !== 0 ? row(words.cashIn, amount(r.cashInCents), w) : []),
    ...(r.cashOutCents !== 0 ? row(words.cashOut, amount(-r.cashOutCents), w) : []),
    ...(handover(r) !== 0 ? row(words.cashHandover, amount(handover(r)), w) : []),
    ...row(words.cashExpected, amount(r.cashExpectedCents), w),
    ...row(words.cashCounted, r.cashCountedCents === null ? words.notCounted : amount(r.cashCountedCents), w),
    ...(r.cashDifferenceCents === null ? [] : row(words.cashDifference, amount(r.cashDifferenceCents), w)),
  ]);

  blocks.push([
    ...row(words.noSale, String(r.noSaleCount), w),
    ...row(words.voidedLines, String(r.voidedLines), w),
    ...row(words.cancelledSales, String(r.cancelledSales), w),
    ...((r.unfinishedPayments ?? []).length > 0 ? row(`! ${words.unfinishedPaid}`, amount(unfinishedPaidCents(r)), w) : []),
    ...(r.receipts > 0 ? row(words.averageBasket, amount(r.averageBasketCents), w) : []),
  ]);

  const hours = hourBlock(r, w, amount);
  if (hours.length > 0) blocks.push([words.byHour, ...hours]);

  if (r.topProducts.length > 0) {
    blocks.push([
      words.topProducts,
      ...table(null, r.topProducts.map((p) => ({ text: p.name, cells: [formatQuantity(p.qtyMilli, opts.locale), amount(p.grossCents)] })), w, { ellipsis: '', minText: 10 }),
    ]);
  }
  if (r.byCashier.length > 0) {
    blocks.push([words.byCashier, ...countAndAmount(r.byCashier.map((c) => ({ text: c.name, cells: [`${c.receipts}x`, amount(c.grossCents)] })), w)]);
  }

  if (r.kind === 'Z') {
    blocks.push(ownLines([[words.grandTotalSales, amount(r.grandTotalSalesCents)], [words.grandTotalRefunds, amount(r.grandTotalRefundsCents)]], w));
  }

  const out: string[] = [];
  blocks.forEach((b, i) => {
    if (i > 0) out.push(dashes);
    out.push(...b);
  });
  return fit(out, w);
}

/**
 * `BTW  9%   grondslag 3.977,81  btw 358,00` per rate as on the mockup, the
 * columns aligned over the rates and a total under them; on paper too narrow
 * for that, a table with the words in its head.
 */
function vatBlock(r: DayReport, words: ReportWords, locale: Locale, amount: (c: number) => string, w: number): string[] {
  const rows = r.vat.map((v) => ({ rate: rateLabel(v.vatBp, locale, words), base: amount(v.netCents), vat: amount(v.vatCents) }));
  if (r.vat.length > 1) {
    rows.push({ rate: '', base: amount(r.vat.reduce((s, v) => s + v.netCents, 0)), vat: amount(r.vat.reduce((s, v) => s + v.vatCents, 0)) });
  }
  const rateW = Math.max(...rows.map((x) => len(x.rate)));
  const baseW = Math.max(...rows.map((x) => len(x.base)));
  const vatW = Math.max(...rows.map((x) => len(x.vat)));
  const label = (x: (typeof rows)[number]): string => (x.rate === '' ? words.total : `${words.vat} ${padLeft(x.rate, rateW)}`);
  const right = (x: (typeof rows)[number]): string => `${words.base} ${padLeft(x.base, baseW)}  ${words.vatShort} ${padLeft(x.vat, vatW)}`;
  if (rows.every((x) => len(label(x)) + 2 <= w - len(right(x)))) return rows.map((x) => padRight(label(x), w - len(right(x))) + right(x));
  // Narrow paper: the same figures as a table under one head.
  return table(
    { text: words.vat, cells: [words.base, words.vatShort] },
    rows.map((x) => ({ text: x.rate === '' ? words.total : x.rate, cells: [x.base, x.vat] })),
    w,
    { ellipsis: '', minText: 4 },
  );
}

/**
 * `Contant          141x           2.301,05`: the counts in a column of their
 * own halfway, the amounts in the last; when a label leaves no room for the
 * count, the count and amount go under it.
 */
function countAndAmount(rows: readonly TableRow[], w: number): string[] {
  const amountW = Math.max(...rows.map((x) => len(x.cells[1] ?? '')));
  const countW = Math.max(...rows.map((x) => len(x.cells[0] ?? '')));
  // The count column ends a fixed distance from the edge, so that it stands in the same place on every report.
  const countEnd = w - Math.max(amountW, 12) - 2;
  return rows.flatMap((x) => {
    const [c = '', a = ''] = x.cells;
    const tail = padLeft(c, countW) + padLeft(a, w - countEnd);
    const textW = countEnd - countW - 1;
    if (len(x.text) <= textW) return [padRight(x.text, countEnd - countW) + tail];
    return [...wrap(x.text, w), padLeft(tail, w)];
  });
}

/**
 * Labels with their amounts beside them, or, when one pair does not fit, every
 * amount on the line under its label, as the mockup has the grand totals.
 */
function ownLines(pairs: readonly [string, string][], w: number): string[] {
  if (pairs.every(([t, v]) => len(t) + 1 + len(v) <= w)) return pairs.map(([t, v]) => padRight(t, w - len(v)) + v);
  return pairs.flatMap(([t, v]) => [...wrap(t, w), padLeft(v, w)]);
}

/** `12 ######      34    712,40` per hour: the hour, a bar, receipts and takings. */
function hourBlock(r: DayReport, w: number, amount: (c: number) => string): string[] {
  const hours = hoursFilled(r.byHour);
  if (hours.length === 0) return [];
  const max = Math.max(...hours.map((h) => h.grossCents));
  const rw = Math.max(...hours.map((h) => len(String(h.receipts))));
  const aw = Math.max(...hours.map((h) => len(amount(h.grossCents))));
  const barW = w - 3 - (rw + 2) - (aw + 1);
  return hours.map((h) => `${String(h.hour).padStart(2, '0')} ${padRight(hashBar(h.grossCents, max, barW), barW)}  ${padLeft(String(h.receipts), rw)} ${padLeft(amount(h.grossCents), aw)}`);
}
