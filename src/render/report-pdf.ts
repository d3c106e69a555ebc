/**
 * The X/Z report and the sales report as A4 PDF pages an accountant files
 * (issue 6): the store's header, the totals in tables with the numbers
 * right-aligned in their columns, bar charts drawn as rectangles. pdfkit with
 * its standard fonts only (Helvetica; its WinAnsi encoding has the euro sign).
 *
 * Deterministic: the creation date comes from the caller's clock, so the same
 * report and `now` give the same bytes. No I/O other than building the buffer.
 */
import PDFDocument from 'pdfkit';
import type { Locale } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import { unfinishedPaidCents, type DayReport, type SalesReport, type SalesReportRow } from '../core/report.js';
import { amountOf, cashTaken, dayAndTimes, handover, dayLabel, hostTimeZone, hoursFilled, localDateTime, rateLabel, salesColumns, salesLabel } from './report-layout.js';
import { REPORT_WORDS, type ReportLang, type ReportWords } from './report-words.js';

export interface ReportPdfOptions {
  lang: ReportLang;
  locale: Locale;
  store: { name: string; address: string /* lines separated by \n */; vatNumber: string };
  /** The moment printed on the page and stored as the PDF's creation date. */
  now: Date;
  /** For the times on the page (default: this machine's zone, the till's). */
  timeZone?: string;
}

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 48;
const PAGE_W = 595.28; // A4 in points
const PAGE_H = 841.89;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const BOTTOM = PAGE_H - MARGIN - 18; // room for the footer
const GUTTER = 24;
const COL_W = (CONTENT_W - GUTTER) / 2;
const ROW_H = 13;
const SIZE = 9;
const INK = '#111111';
const MUTED = '#666666';
const RULE = '#999999';
const BAR = '#3b6ea5';
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';

/** The X or Z report on an A4 page (a second one only when the product list is long). */
export function dayReportPdf(r: DayReport, opts: ReportPdfOptions): Promise<Buffer> {
  const words = REPORT_WORDS[opts.lang];
  const amount = amountOf(opts.locale);
  const tz = opts.timeZone ?? hostTimeZone();
  const title = r.kind === 'Z' ? `${words.zTitlePdf}${r.zNo === undefined ? '' : ` ${r.zNo}`}` : words.xTitlePdf;
  const [day, times] = dayAndTimes(r, words, opts.locale, tz);
  const doc = newDoc(`${title} - ${words.register} ${r.register} - ${r.businessDay}`, opts);
  const done = collect(doc);
  const page = new Page(doc);

  let y = header(doc, opts, words, [title, `${words.register} ${r.register}`, `${day}, ${times}`], tz);
  if (r.kind === 'X') y = note(doc, words.xNote, y);
  if (r.receipts === 0) y = note(doc, `${words.nothingSold}.`, y, BOLD);

  // Row 1: turnover beside the cash drawer.
  const turnover: KV[] = [
    [words.receipts, String(r.receipts)],
    [words.refundReceipts, String(r.refundReceipts)],
    [words.beforeDiscounts, amount(r.grossCents + r.discountsCents)],
    [words.discounts, amount(-r.discountsCents)],
    [words.gross, amount(r.grossCents)],
    [words.refunds, amount(-r.refundsCents)],
    [words.net, amount(r.netCents), true],
  ];
  const cash: KV[] = [
    [words.cashFloat, amount(r.cashFloatCents)],
    [words.cashTaken, amount(cashTaken(r))],
    [words.cashIn, amount(r.cashInCents)],
    [words.cashOut, amount(-r.cashOutCents)],
    ...(handover(r) !== 0 ? [[words.cashHandover, amount(handover(r))] as KV] : []),
    [words.cashExpected, amount(r.cashExpectedCents), true],
    [words.cashCounted, r.cashCountedCents === null ? words.notCounted : amount(r.cashCountedCents)],
    ...(r.cashDifferenceCents === null ? [] : [[words.cashDifference, amount(r.cashDifferenceCents), true] as KV]),
  ];
  y = Math.max(keyValues(doc, MARGIN, y, COL_W, words.turnover, turnover), keyValues(doc, MARGIN + COL_W + GUTTER, y, COL_W, words.cash, cash)) + 14;

  // Row 2: VAT per rate beside the payments.
  const vatTotal = (f: (v: DayReport['vat'][number]) => number): string => amount(r.vat.reduce((s, v) => s + f(v), 0));
  const vatRows: Cell[][] = r.vat.map((v) => [rateLabel(v.vatBp, opts.locale, words), amount(v.netCents), amount(v.vatCents), amount(v.grossCents)]);
  const vatY = grid(doc, MARGIN, y, COL_W, words.vat, [words.rate, words.excl, words.vat, words.incl], [0.22, 0.26, 0.26, 0.26], vatRows, [
    words.total,
    vatTotal((v) => v.netCents),
    vatTotal((v) => v.vatCents),
    vatTotal((v) => v.grossCents),
  ]);
  const payX = MARGIN + COL_W + GUTTER;
  let payY = grid(
    doc,
    payX,
    y,
    COL_W,
    words.payments,
    null,
    [0.5, 0.2, 0.3],
    r.payments.map((p) => [words.method[p.method], `${p.count}x`, amount(p.amountCents)]),
    [words.total, `${r.payments.reduce((s, p) => s + p.count, 0)}x`, amount(r.payments.reduce((s, p) => s + p.amountCents, 0))],
  );
  // Under the total it adds to, not inside it: rounding is why payments and turnover differ.
  payY = grid(doc, payX, payY, COL_W, null, null, [0.5, 0.2, 0.3], [[words.rounding, '', amount(r.roundingCents)]], null);
  y = Math.max(vatY, payY) + 14;

  // Row 3: the checks beside the grand totals.
  const checks: KV[] = [
    [words.noSale, String(r.noSaleCount)],
    [words.voidedLines, String(r.voidedLines)],
    [words.cancelledSales, String(r.cancelledSales)],
    ...((r.unfinishedPayments ?? []).length > 0 ? [[`! ${words.unfinishedPaid}`, amount(unfinishedPaidCents(r))] as KV] : []),
    [words.averageBasket, amount(r.averageBasketCents)],
  ];
  const grand: KV[] = r.kind === 'Z' ? [[words.grandTotalSales, amount(r.grandTotalSalesCents)], [words.grandTotalRefunds, amount(r.grandTotalRefundsCents)]] : [];
  y = Math.max(keyValues(doc, MARGIN, y, COL_W, words.checks, checks), grand.length ? keyValues(doc, MARGIN + COL_W + GUTTER, y, COL_W, words.grandTotals, grand) : y) + 14;

  // The hours as a chart, the whole width.
  const hours = hoursFilled(r.byHour);
  if (hours.length > 0) {
    const h = 190;
    y = page.ensure(y, h);
    barChart(doc, MARGIN, y, CONTENT_W, h, `${words.salesChart} ${words.byHour.toLowerCase()}`, hours.map((x) => ({ label: String(x.hour).padStart(2, '0'), cents: x.grossCents })), opts.locale);
    y += h + 14;
  }

  // Top products beside the cashiers; the cashiers first, so that a long
  // product list can run on to the next page without leaving them behind.
  if (r.topProducts.length > 0 || r.byCashier.length > 0) {
    y = page.ensure(y, 18 + ROW_H * (1 + Math.min(8, Math.max(r.topProducts.length, r.byCashier.length))));
    if (r.byCashier.length > 0) {
      grid(doc, MARGIN + COL_W + GUTTER, y, COL_W, words.byCashier, [words.cashier, words.receipts, words.turnover], [0.5, 0.22, 0.28], r.byCashier.map((c) => [c.name, String(c.receipts), amount(c.grossCents)]), null);
    }
    if (r.topProducts.length > 0) {
      grid(doc, MARGIN, y, COL_W, words.topProducts, [words.product, words.qty, words.turnover], [0.56, 0.18, 0.26], r.topProducts.map((p) => [p.name, formatQuantity(p.qtyMilli, opts.locale), amount(p.grossCents)]), null, page);
    }
  }

  footer(doc, words, opts);
  doc.end();
  return done;
}

/** The sales report: a chart of the rows (at most 31 bars) and the table, on as many pages as it takes. */
export function salesReportPdf(r: SalesReport, opts: ReportPdfOptions): Promise<Buffer> {
  const words = REPORT_WORDS[opts.lang];
  const amount = amountOf(opts.locale);
  const tz = opts.timeZone ?? hostTimeZone();
  const title = `${words.salesTitle} ${words.by[r.by]}`;
  const doc = newDoc(`${title} ${r.from} - ${r.to}`, opts);
  const done = collect(doc);
  const page = new Page(doc);

  const register = r.register === null ? words.allRegisters : `${words.register} ${r.register}`;
  let y = header(doc, opts, words, [title, register, `${words.period} ${dayLabel(r.from, opts.locale)} ${words.through} ${dayLabel(r.to, opts.locale)}`], tz);

  if (r.rows.length === 0) {
    y = note(doc, `${words.noSales}.`, y, BOLD);
  } else {
    const bars = chartBars(r, words, opts.locale);
    const h = 230;
    barChart(doc, MARGIN, y, CONTENT_W, h, words.salesChart, bars, opts.locale);
    y += h + 16;

    const has = salesColumns(r);
    const cols: { head: string; cell: (x: SalesReportRow) => string }[] = [
      { head: r.by === 'payment' ? words.salesPayments : words.salesReceipts, cell: (x) => String(x.receipts) },
      ...(has.qty ? [{ head: words.qty, cell: (x: SalesReportRow) => (x.qtyMilli === null ? '-' : formatQuantity(x.qtyMilli, opts.locale)) }] : []),
      { head: words.salesGross, cell: (x) => amount(x.grossCents) },
      ...(has.net ? [{ head: words.salesNet, cell: (x: SalesReportRow) => amount(x.netCents) }] : []),
      ...(has.cost ? [{ head: words.cost, cell: (x: SalesReportRow) => (x.costCents === null ? '-' : amount(x.costCents)) }] : []),
      ...(has.margin ? [{ head: words.margin, cell: (x: SalesReportRow) => (x.marginCents === null ? '-' : amount(x.marginCents)) }] : []),
      ...(has.average ? [{ head: words.averageShort, cell: (x: SalesReportRow) => (x.averageBasketCents === null ? '-' : amount(x.averageBasketCents)) }] : []),
    ];
    // The numbers as wide as they need; the first column gets the rest.
    doc.font(FONT).fontSize(SIZE);
    const numW = cols.map((c) => Math.max(48, ...[c.head, ...[...r.rows, r.totals].map(c.cell)].map((s) => doc.widthOfString(s) + 12)));
    const labelShare = Math.max(0.2, 1 - numW.reduce((a, b) => a + b, 0) / CONTENT_W);
    const shares = [labelShare, ...numW.map((wd) => wd / CONTENT_W)];
    y = grid(
      doc,
      MARGIN,
      y,
      CONTENT_W,
      null,
      [words.keyHead[r.by], ...cols.map((c) => c.head)],
      normalise(shares),
      r.rows.map((x) => [salesLabel(r, x, words, opts.locale), ...cols.map((c) => c.cell(x))]),
      [words.total, ...cols.map((c) => c.cell(r.totals))],
      page,
    );
  }

  if (r.openDays.length > 0) {
    y = page.ensure(y + 8, 30);
    doc.font(FONT).fontSize(SIZE).fillColor(MUTED);
    doc.text(`${words.openDays} ${r.openDays.map((d) => dayLabel(d, opts.locale)).join(', ')}`, MARGIN, y, { width: CONTENT_W });
  }

  footer(doc, words, opts);
  doc.end();
  return done;
}

// ---------------------------------------------------------------------------
// Building blocks

function newDoc(title: string, opts: ReportPdfOptions): Doc {
  return new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true, // page numbers are written once the count is known
    autoFirstPage: true,
    info: { Title: title, Author: opts.store.name.trim() || 'Kassa', Creator: 'Kassa', CreationDate: opts.now, ModDate: opts.now },
  });
}

function collect(doc: Doc): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(Buffer.from(b)));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
  });
}

/** Where the next block goes, starting a page when the rest of this one is too short. */
class Page {
  constructor(private readonly doc: Doc) {}
  ensure(y: number, height: number): number {
    if (y + height <= BOTTOM) return y;
    this.doc.addPage();
    return MARGIN;
  }
}

/** One line, never wrapped: cut with an ellipsis when wider than `width`. */
function line(doc: Doc, text: string, x: number, y: number, width: number, align: 'left' | 'right' | 'center' = 'left'): void {
  let s = text;
  if (doc.widthOfString(s) > width) {
    while (s.length > 1 && doc.widthOfString(`${s}…`) > width) s = s.slice(0, -1);
    s = `${s.trimEnd()}…`;
  }
  doc.text(s, x, y, { width, align, lineBreak: false });
}

/** Store at the left, the report's title and what it covers at the right, a rule under both. */
function header(doc: Doc, opts: ReportPdfOptions, words: ReportWords, right: [string, string, string], tz: string): number {
  const half = CONTENT_W / 2;
  let ly = MARGIN;
  doc.fillColor(INK).font(BOLD).fontSize(15);
  line(doc, opts.store.name.trim() || 'Kassa', MARGIN, ly, half);
  ly += 20;
  doc.font(FONT).fontSize(SIZE).fillColor(MUTED);
  for (const a of opts.store.address.split('\n').filter((s) => s.trim() !== '')) {
    line(doc, a.trim(), MARGIN, ly, half);
    ly += ROW_H;
  }
  if (opts.store.vatNumber.trim()) {
    line(doc, `${words.vatNumber} ${opts.store.vatNumber.trim()}`, MARGIN, ly, half);
    ly += ROW_H;
  }

  let ry = MARGIN;
  doc.fillColor(INK).font(BOLD).fontSize(17);
  line(doc, right[0], MARGIN + half, ry, half, 'right');
  ry += 22;
  doc.font(FONT).fontSize(SIZE + 1);
  line(doc, right[1], MARGIN + half, ry, half, 'right');
  ry += ROW_H + 1;
  line(doc, right[2], MARGIN + half, ry, half, 'right');
  ry += ROW_H + 1;
  const at = localDateTime(opts.now.toISOString(), tz);
  doc.fontSize(SIZE).fillColor(MUTED);
  line(doc, `${words.printedAt} ${dayLabel(at.day, opts.locale)} ${at.time}`, MARGIN + half, ry, half, 'right');
  ry += ROW_H;

  const y = Math.max(ly, ry) + 6;
  doc.moveTo(MARGIN, y).lineTo(MARGIN + CONTENT_W, y).lineWidth(1).strokeColor(INK).stroke();
  return y + 12;
}

function note(doc: Doc, text: string, y: number, font = FONT): number {
  doc.font(font).fontSize(SIZE + 1).fillColor(INK);
  line(doc, text, MARGIN, y, CONTENT_W);
  return y + ROW_H + 8;
}

function sectionTitle(doc: Doc, title: string, x: number, y: number, width: number): number {
  doc.font(BOLD).fontSize(SIZE + 2).fillColor(INK);
  line(doc, title, x, y, width);
  doc.moveTo(x, y + 14).lineTo(x + width, y + 14).lineWidth(0.5).strokeColor(RULE).stroke();
  return y + 18;
}

/** [label, value, bold] */
type KV = [string, string] | [string, string, boolean];
type Cell = string;

/** A titled list of labels with their values right-aligned in one column. */
function keyValues(doc: Doc, x: number, y: number, width: number, title: string, rows: readonly KV[]): number {
  let cy = sectionTitle(doc, title, x, y, width);
  const valueW = width * 0.34;
  for (const [label, value, bold] of rows) {
    doc.font(bold ? BOLD : FONT).fontSize(SIZE).fillColor(INK);
    line(doc, label, x, cy, width - valueW - 4);
    line(doc, value, x + width - valueW, cy, valueW, 'right');
    cy += ROW_H;
  }
  return cy;
}

/**
 * A table: the first column text, the others right-aligned numbers; `shares`
 * of the width per column; an optional bold totals row under a rule. With a
 * `page`, rows that do not fit go on the next page under the head again.
 */
function grid(
  doc: Doc,
  x: number,
  y: number,
  width: number,
  title: string | null,
  head: Cell[] | null,
  shares: number[],
  rows: Cell[][],
  total: Cell[] | null,
  page?: Page,
): number {
  let cy = title === null ? y : sectionTitle(doc, title, x, y, width);
  const lefts: number[] = [];
  let acc = x;
  for (const s of shares) {
    lefts.push(acc);
    acc += s * width;
  }
  const put = (cells: Cell[], font: string, color: string): void => {
    doc.font(font).fontSize(SIZE).fillColor(color);
    cells.forEach((c, i) => {
      const w = (shares[i] ?? 0) * width;
      if (i === 0) line(doc, c, lefts[i] ?? x, cy, w - 6);
      else line(doc, c, (lefts[i] ?? x) + 4, cy, w - 4, 'right');
    });
  };
  const putHead = (): void => {
    if (!head) return;
    put(head, BOLD, MUTED);
    cy += ROW_H;
  };
  putHead();
  for (const r of rows) {
    if (page) {
      const ny = page.ensure(cy, ROW_H);
      if (ny !== cy) {
        cy = ny;
        putHead();
      }
    }
    put(r, FONT, INK);
    cy += ROW_H;
  }
  if (total) {
    if (page) {
      const ny = page.ensure(cy, ROW_H + 4);
      if (ny !== cy) {
        cy = ny;
        putHead();
      }
    }
    doc.moveTo(x, cy + 1).lineTo(x + width, cy + 1).lineWidth(0.5).strokeColor(RULE).stroke();
    cy += 4;
    put(total, BOLD, INK);
    cy += ROW_H;
  }
  return cy;
}

interface Bar {
  label: string;
  cents: number;
}

/**
 * Bars of `cents` from a zero line, gridlines at round euro amounts with their
 * labels on the left, each bar's amount above it and its label under it
 * (turned when the labels are wider than the bars).
 */
function barChart(doc: Doc, x: number, y: number, width: number, height: number, title: string, bars: readonly Bar[], locale: Locale): void {
  let top = sectionTitle(doc, title, x, y, width) + 10;
  doc.font(FONT).fontSize(7);
  const labelW = Math.max(...bars.map((b) => doc.widthOfString(b.label)));
  const axisW = 46;
  const plotX = x + axisW;
  const plotW = width - axisW;
  const slot = plotW / Math.max(1, bars.length);
  // Wide slots take a label of two lines; narrow ones turn it.
  const turned = labelW > slot - 2 && slot < 48;
  const labelsH = turned ? Math.min(70, labelW * 0.72 + 8) : labelW > slot - 2 ? 24 : 14;
  const bottom = y + height - labelsH;
  top += 4;
  const plotH = bottom - top;
  const max = Math.max(0, ...bars.map((b) => b.cents));
  const step = niceStep(max / 4);
  const axisMax = Math.max(step, Math.ceil(max / step) * step);
  const yOf = (c: number): number => bottom - (Math.max(0, c) / axisMax) * plotH;

  // Gridlines and their amounts in whole euros.
  doc.lineWidth(0.4).strokeColor('#dddddd');
  doc.font(FONT).fontSize(7).fillColor(MUTED);
  for (let v = 0; v <= axisMax; v += step) {
    const gy = yOf(v);
    doc.moveTo(plotX, gy).lineTo(plotX + plotW, gy).stroke();
    line(doc, `€ ${wholeEuros(v, locale)}`, x, gy - 3, axisW - 6, 'right');
  }
  doc.moveTo(plotX, bottom).lineTo(plotX + plotW, bottom).lineWidth(0.8).strokeColor(INK).stroke();

  const barW = Math.max(1, slot * 0.7);
  const amount = amountOf(locale);
  bars.forEach((b, i) => {
    const bx = plotX + i * slot + (slot - barW) / 2;
    const by = yOf(b.cents);
    if (b.cents > 0) doc.rect(bx, by, barW, bottom - by).fillColor(BAR).fill();
    // The amount over the bar: exact when it fits, whole euros when not, nothing when even that is too wide.
    doc.font(FONT).fontSize(6.5).fillColor(INK);
    const exact = amount(b.cents);
    const short = wholeEuros(Math.round(b.cents / 100) * 100, locale);
    const text = doc.widthOfString(exact) <= slot - 1 ? exact : doc.widthOfString(short) <= slot - 1 ? short : '';
    if (text) doc.text(text, plotX + i * slot, by - 9, { width: slot, align: 'center', lineBreak: false });
    doc.font(FONT).fontSize(7).fillColor(MUTED);
    if (!turned) {
      doc.text(b.label, plotX + i * slot + 2, bottom + 4, { width: slot - 4, height: 18, align: 'center', ellipsis: true });
    } else {
      const cx = plotX + i * slot + slot / 2;
      doc.save();
      doc.rotate(-45, { origin: [cx, bottom + 4] });
      line(doc, b.label, cx - 90, bottom + 1, 88, 'right');
      doc.restore();
    }
  });
}

/** 1, 2, 2.5 or 5 times a power of ten, in cents, at least a euro. */
function niceStep(rough: number): number {
  if (rough <= 100) return 100;
  const pow = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * pow >= rough) return m * pow;
  return 10 * pow;
}

/** `1.250` / `1,250`: euros without cents for axes. */
function wholeEuros(cents: number, locale: Locale): string {
  const s = amountOf(locale)(Math.round(cents / 100) * 100);
  return s.slice(0, -3);
}

/**
 * The rows as at most 31 bars: time in order, merged into consecutive spans
 * when there are more; anything else the 30 largest and the rest as "other".
 */
function chartBars(r: SalesReport, words: ReportWords, locale: Locale): Bar[] {
  const timed = r.by === 'day' || r.by === 'week' || r.by === 'month' || r.by === 'hour';
  // Under a bar: the day without its year, a product without its code.
  const short = (x: SalesReportRow): string =>
    r.by === 'day' ? dayLabel(x.key, locale).slice(0, 5) : r.by === 'product' ? x.label.replace(/\s*\([^()]*\)$/, '') : salesLabel(r, x, words, locale);
  if (r.rows.length <= 31) return r.rows.map((x) => ({ label: short(x), cents: x.grossCents }));
  if (!timed) {
    const top = [...r.rows].sort((a, b) => b.grossCents - a.grossCents).slice(0, 30);
    const rest = r.rows.filter((x) => !top.includes(x)).reduce((s, x) => s + x.grossCents, 0);
    return [...top.map((x) => ({ label: short(x), cents: x.grossCents })), { label: words.other, cents: rest }];
  }
  const per = Math.ceil(r.rows.length / 30);
  const out: Bar[] = [];
  for (let i = 0; i < r.rows.length; i += per) {
    const span = r.rows.slice(i, i + per);
    out.push({ label: short(span[0]!), cents: span.reduce((s, x) => s + x.grossCents, 0) });
  }
  return out;
}

function normalise(shares: number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  return shares.map((s) => s / sum);
}

/** The note on amounts and `Pagina 1 van 2` at the foot of every page. */
function footer(doc: Doc, words: ReportWords, opts: ReportPdfOptions): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page for the text.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const fy = PAGE_H - MARGIN + 4;
    doc.moveTo(MARGIN, fy - 4).lineTo(MARGIN + CONTENT_W, fy - 4).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font(FONT).fontSize(7.5).fillColor(MUTED);
    line(doc, `${opts.store.name.trim()} - ${words.amountsNote}`, MARGIN, fy, CONTENT_W * 0.75);
    line(doc, `${words.page} ${i - range.start + 1} ${words.of} ${range.count}`, MARGIN + CONTENT_W * 0.75, fy, CONTENT_W * 0.25, 'right');
    doc.page.margins.bottom = bottom;
  }
}
