/**
 * Text layout shared by the terminal and paper reports: columns that end in the
 * last column, bars scaled to the room left, dates in the till's time zone.
 * Pure; widths count code points, which is what a terminal cell and a receipt
 * printer's code page show one column each.
 */
import { decimalMarkOf, formatAmount, type Locale } from '../core/money.js';
import type { DayReport, ReportHour, SalesReport, SalesReportRow } from '../core/report.js';
import { formatBp } from '../core/settings.js';
import type { ReportWords } from './report-words.js';

export function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export function padLeft(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - len(s))) + s;
}

export function padRight(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - len(s)));
}

/** Cut into pieces of at most w columns. */
export function chunks(s: string, w: number): string[] {
  const cps = Array.from(s);
  if (cps.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += Math.max(1, w)) out.push(cps.slice(i, i + Math.max(1, w)).join(''));
  return out;
}

/** At most w columns; `ellipsis` marks that something was cut (the paper gets none). */
export function truncate(s: string, w: number, ellipsis: string): string {
  const cps = Array.from(s);
  if (cps.length <= w) return s;
  if (w <= len(ellipsis)) return cps.slice(0, Math.max(0, w)).join('');
  return cps.slice(0, w - len(ellipsis)).join('').trimEnd() + ellipsis;
}

/** Word wrap at w columns; a word longer than a line is cut. Always at least one line. */
export function wrap(text: string, w: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    for (const piece of len(word) > w ? chunks(word, w) : [word]) {
      if (cur === '') cur = piece;
      else if (len(cur) + 1 + len(piece) <= w) cur += ` ${piece}`;
      else {
        out.push(cur);
        cur = piece;
      }
    }
  }
  out.push(cur);
  return out;
}

export function centre(text: string, w: number): string[] {
  return wrap(text, w).map((l) => ' '.repeat(Math.max(0, Math.floor((w - len(l)) / 2))) + l);
}

/**
 * Text on the left, a value ending in the last column. Text too long to stand
 * beside the value wraps and the value goes on its last line; when even that
 * leaves too little room, the value gets a line of its own.
 */
export function row(text: string, value: string, w: number, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  if (value === '') return wrap(text, w - indent).map((l) => pad + l);
  const avail = w - indent - len(value) - 1;
  if (avail < Math.min(10, len(text))) {
    return [...wrap(text, w - indent).map((l) => pad + l), ...chunks(value, w).map((l) => padLeft(l, w))];
  }
  const lines = wrap(text, avail).map((l) => pad + l);
  const last = lines.pop() ?? '';
  return [...lines, padRight(last, w - len(value)) + value];
}

/** Two texts on one line, the right one ending in the last column; stacked when they do not fit. */
export function beside(left: string, right: string, w: number): string[] {
  if (right === '') return wrap(left, w);
  if (len(left) + 1 + len(right) <= w) return [padRight(left, w - len(right)) + right];
  return [...wrap(left, w), ...wrap(right, w).map((l) => padLeft(l, w))];
}

export interface TableRow {
  text: string;
  cells: string[];
}

/**
 * A text column on the left and right-aligned columns, the last ending in the
 * last column. Each column is as wide as its widest cell; the text column gets
 * what is left and is cut (with `ellipsis`) to fit. When the numbers alone
 * leave less than `minText` for the text, each row becomes two lines: the
 * text, then its numbers.
 */
export function table(head: TableRow | null, rows: readonly TableRow[], w: number, opts: { ellipsis: string; minText?: number; gap?: number }): string[] {
  const all = head ? [head, ...rows] : [...rows];
  const ncols = Math.max(0, ...all.map((r) => r.cells.length));
  const widths = Array.from({ length: ncols }, (_, i) => Math.max(0, ...all.map((r) => len(r.cells[i] ?? ''))));
  const gap = opts.gap ?? 2;
  const numbersW = widths.reduce((a, b) => a + b + gap, 0);
  const textW = w - numbersW;
  const numbers = (cells: string[]): string => widths.map((cw, i) => ' '.repeat(gap) + padLeft(cells[i] ?? '', cw)).join('');
  if (textW >= (opts.minText ?? 8)) {
    return all.map((r) => padRight(truncate(r.text, textW, opts.ellipsis), textW) + numbers(r.cells));
  }
  // Too narrow: the text on its own line. Columns still line up with each other.
  const compact = (cells: string[]): string => padLeft(numbers(cells).trimStart(), w);
  return all.flatMap((r) => [...wrap(r.text, w), ...(numbersW - gap <= w ? [compact(r.cells)] : r.cells.map((c) => padLeft(c, w)))]);
}

/** A bar of `value / max` of `cells` columns, in eighths of a column with block characters. */
export function blockBar(value: number, max: number, cells: number): string {
  if (max <= 0 || value <= 0 || cells <= 0) return '';
  // At least an eighth: a small hour is still an hour with sales.
  const eighths = Math.max(1, Math.round((value / max) * cells * 8));
  const full = Math.floor(eighths / 8);
  const rest = eighths % 8;
  return '█'.repeat(full) + (rest > 0 ? (PARTIAL[rest] ?? '') : '');
}
const PARTIAL = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** The same bar in '#' for paper, whole columns only. */
export function hashBar(value: number, max: number, cells: number): string {
  if (max <= 0 || value <= 0 || cells <= 0) return '';
  return '#'.repeat(Math.max(1, Math.round((value / max) * cells)));
}

/** Every hour from the first to the last with sales, the quiet ones at zero, so the axis is time. */
export function hoursFilled(byHour: readonly ReportHour[]): ReportHour[] {
  if (byHour.length === 0) return [];
  const by = new Map(byHour.map((h) => [h.hour, h]));
  const first = Math.min(...byHour.map((h) => h.hour));
  const last = Math.max(...byHour.map((h) => h.hour));
  const out: ReportHour[] = [];
  for (let h = first; h <= last; h++) out.push(by.get(h) ?? { hour: h, receipts: 0, grossCents: 0 });
  return out;
}

export function amountOf(locale: Locale): (c: number) => string {
  return (c) => formatAmount(c, locale, { symbol: false });
}

/** `9%`, `5,5%`, or the word for exempt. */
export function rateLabel(bp: number | null, locale: Locale, words: ReportWords): string {
  return bp === null ? words.exempt : `${formatBp(bp).replace('.', decimalMarkOf(locale))}%`;
}

/** A business day `2026-11-27` as people write it: `27-11-2026` (nl) or `27/11/2026` (en). */
export function dayLabel(day: string, locale: Locale): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return day;
  return [m[3], m[2], m[1]].join(locale === 'nl-NL' ? '-' : '/');
}

/** The local date (YYYY-MM-DD) and time (HH:MM) of an ISO instant in a time zone. */
export function localDateTime(iso: string, timeZone: string): { day: string; time: string } {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`"${iso}" is not a time`);
  // Parts rather than a formatted string: ICU versions differ in separators.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}:${part('minute')}` };
}

/** The till's own zone: the one `byHour` was counted in. */
export function hostTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** `Z-RAPPORT 42` / `X-RAPPORT`. */
export function titleOf(r: DayReport, words: ReportWords): string {
  return r.kind === 'Z' ? `${words.zTitle}${r.zNo === undefined ? '' : ` ${r.zNo}`}` : words.xTitle;
}

/**
 * The day line's two halves: `Dag 27-11-2026` and `06:58 - 21:04` (the first
 * receipt to the report's moment); the moment gets its date when it falls on
 * another day than the first receipt, as a Z closed after midnight does.
 */
export function dayAndTimes(r: DayReport, words: ReportWords, locale: Locale, timeZone: string): [string, string] {
  const day =
    r.fromDay && r.fromDay !== r.businessDay
      ? `${words.days} ${dayLabel(r.fromDay, locale)} ${words.through} ${dayLabel(r.businessDay, locale)}`
      : `${words.day} ${dayLabel(r.businessDay, locale)}`;
  const to = localDateTime(r.to, timeZone);
  const from = r.from === null ? null : localDateTime(r.from, timeZone);
  const startDay = from?.day ?? r.businessDay;
  const toText = to.day === startDay ? to.time : `${dayLabel(to.day, locale)} ${to.time}`;
  return [day, from ? `${from.time} - ${toText}` : toText];
}

/** The cash payments' total: what the drawer took, the line between float and expected. */
export function cashTaken(r: DayReport): number {
  return r.payments.filter((p) => p.method === 'cash').reduce((s, p) => s + p.amountCents, 0);
}

/** What changed hands between shifts (DayReport.cashHandoverCents); a Z made before it was kept has none. */
export function handover(r: DayReport): number {
  return r.cashHandoverCents ?? 0;
}

/** Last line of defence for the width promise: anything wider is cut into pieces. */
export function fit(lines: readonly string[], w: number): string[] {
  return lines.flatMap((l) => (len(l) <= w ? [l.trimEnd()] : chunks(l, w).map((c) => c.trimEnd())));
}

/** Which columns a grouping has figures for (the service leaves net at 0 where it keeps none). */
export interface SalesColumns {
  qty: boolean;
  net: boolean;
  cost: boolean;
  margin: boolean;
  average: boolean;
}

/** The columns worth showing for this sales report (terminal, CSV and PDF alike). */
export function salesColumns(r: SalesReport): SalesColumns {
  const rows = [...r.rows, r.totals];
  return {
    qty: rows.some((x) => x.qtyMilli !== null),
    net: r.by !== 'hour' && r.by !== 'cashier' && r.by !== 'payment',
    cost: rows.some((x) => x.costCents !== null),
    margin: rows.some((x) => x.marginCents !== null),
    average: rows.some((x) => x.averageBasketCents !== null),
  };
}

/** What a person reads in a sales report's first column: the day as they write it, the payment method in words. */
export function salesLabel(r: SalesReport, x: SalesReportRow, words: ReportWords, locale: Locale): string {
  if (x === r.totals || x.key === 'total') return words.total;
  if (r.by === 'payment' && x.key in words.method) return words.method[x.key as keyof ReportWords['method']];
  if (r.by === 'day') return dayLabel(x.key, locale);
  return x.label;
}
