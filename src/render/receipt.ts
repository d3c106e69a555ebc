/**
 * A receipt as lines of text (MOCKUPS.md, "Receipt, 42 columns"): what the
 * printer prints in its font and the preview driver shows on screen. Pure: no
 * I/O, no clock; the same data gives the same lines on every machine.
 *
 * Layout: text on the left, amounts right-aligned so that every amount ends in
 * the last column; nothing is ever wider than the paper.
 */
import { formatAmount, decimalMarkOf, type Locale } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import { formatBp } from '../core/settings.js';
import { RECEIPT_WORDS, type ReceiptLang, type ReceiptWords } from './receipt-words.js';

export interface ReceiptLine {
  name: string;
  qtyMilli: number;
  unit: 'piece' | 'kg';
  unitPriceCents: number;
  grossCents: number;
  discountCents: number;
  discountLabel: string | null; // e.g. '10%'; null for an amount
  lineTotalCents: number;
  vatBp: number | null;
  priceOverridden: boolean;
}

export interface ReceiptVat {
  vatBp: number | null;
  grossCents: number;
  netCents: number;
  vatCents: number;
}

export interface ReceiptPayment {
  method: 'cash' | 'card' | 'qr';
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number | null;
  brand: string | null;
  maskedPan: string | null;
  authCode: string | null;
}

export interface ReceiptData {
  store: { name: string; address: string /* lines separated by \n */; vatNumber: string; header: string; footer: string };
  kind: 'sale' | 'refund';
  receiptNo: string; // 'R1-000123'
  originalReceiptNo: string | null; // for a refund
  register: string;
  completedAt: string; // ISO UTC; rendered in timeZone
  timeZone: string; // IANA, e.g. 'Europe/Amsterdam'
  cashierName: string;
  lines: ReceiptLine[];
  totalCents: number;
  pricesIncludeVat: boolean; // tax-exclusive stores show subtotal excl., VAT lines, then total
  vat: ReceiptVat[];
  payments: ReceiptPayment[];
  roundingCents: number;
  changeCents: number;
  saleDiscountCents: number; // already inside the line discounts
  terminalReceipt: string[]; // card terminal's lines, printed after ours when present
}

export interface ReceiptOptions {
  lang: ReceiptLang;
  width: 32 | 42 | 48;
  copy?: boolean;
  locale: Locale;
}

/** The only currency settings allow; printed on the total line like the mockup. */
const CURRENCY = 'EUR';
/** The total's amount field, so `EUR` sits where the mockup has it (12 from the right at 42). */
const TOTAL_AMOUNT_FIELD = 12;
/** Narrower than this, text beside an amount is unreadable: the amount goes on its own line. */
const MIN_TEXT = 6;

export function renderReceipt(r: ReceiptData, opts: ReceiptOptions): string[] {
  const w = opts.width;
  const words = RECEIPT_WORDS[opts.lang];
  const amount = (c: number): string => formatAmount(c, opts.locale, { symbol: false });
  const dashes = '-'.repeat(w);
  const out: string[] = [];

  if (opts.copy) out.push(...centre(words.copy, w));

  // Store header
  out.push(...centreLines(r.store.name, w));
  out.push(...centreLines(r.store.address, w));
  if (r.store.vatNumber.trim()) out.push(...centre(`${words.vatNumber} ${r.store.vatNumber.trim()}`, w));
  out.push(...centreLines(r.store.header, w));
  out.push(dashes);

  if (r.kind === 'refund') {
    out.push(...centre(words.refundTitle, w));
    if (r.originalReceiptNo) out.push(...centre(`${words.refundOf} ${r.originalReceiptNo}`, w));
    out.push(dashes);
  }

  // Lines: the amount before discount beside the name, or beside the
  // quantity detail when there is one; the discount under it.
  for (const l of r.lines) {
    const single = l.unit === 'piece' && Math.abs(l.qtyMilli) === 1000;
    if (single) {
      out.push(...row(l.name, amount(l.grossCents), w));
    } else {
      // A weight shows its grams, as the scale did: 0,350 kg.
      const qty = l.unit === 'kg' ? formatWeight(l.qtyMilli, opts.locale) : formatQuantity(l.qtyMilli, opts.locale);
      const price = amount(l.unitPriceCents);
      const detail = l.unit === 'kg' ? `${qty} kg x ${price} /kg` : `${qty} x ${price}`;
      out.push(...row(l.name, '', w));
      out.push(...row(detail, amount(l.grossCents), w, 2));
    }
    if (l.priceOverridden) out.push(...row(words.priceChanged, '', w, 2));
    if (l.discountCents !== 0) {
      const label = l.discountLabel ? `${words.discount} ${l.discountLabel}` : words.discount;
      out.push(...row(label, amount(-l.discountCents), w, 2));
    }
  }
  if (r.saleDiscountCents !== 0) out.push(...row(words.saleDiscountIncluded, amount(-r.saleDiscountCents), w, 2));
  out.push(dashes);

  // Totals and payments
  const rate = (bp: number | null): string => (bp === null ? words.exempt : `${formatBp(bp).replace('.', decimalMarkOf(opts.locale))}%`);
  if (!r.pricesIncludeVat) {
    out.push(...row(words.subtotalExcl, amount(r.vat.reduce((a, v) => a + v.netCents, 0)), w));
    for (const v of r.vat) if (v.vatBp !== null) out.push(...row(`${words.vat} ${rate(v.vatBp)}`, amount(v.vatCents), w));
  }
  const total = amount(r.totalCents);
  out.push(...row(words.total, CURRENCY + padLeft(total, Math.max(TOTAL_AMOUNT_FIELD, len(total) + 1)), w));
  for (const p of r.payments) out.push(...paymentRows(p, words, amount, w));
  if (r.roundingCents !== 0) out.push(...row(words.rounding, amount(r.roundingCents), w));
  // A refund pays out exactly: "change" there would only ever read 0.
  if (r.changeCents !== 0 || (r.kind === 'sale' && r.payments.some((p) => p.method === 'cash'))) {
    out.push(...row(words.change, amount(r.changeCents), w));
  }
  out.push(dashes);

  if (r.vat.length > 0) {
    out.push(...vatTable(r.vat, words, amount, rate, w));
    out.push(dashes);
  }

  // Who, where, when
  const when = localDateTime(r.completedAt, r.timeZone, opts.locale);
  out.push(
    ...besideEachOther(
      [
        [`${words.receipt} ${r.receiptNo}`, `${when.date}  ${when.time}`],
        [`${words.till} ${r.register}`, `${words.cashier}: ${r.cashierName}`],
      ],
      w,
    ),
  );
  // Where the printer draws the barcode; the preview shows the number in its place.
  out.push(...centre(`(${r.receiptNo})`, w));
  out.push(...centreLines(r.store.footer, w));

  if (r.terminalReceipt.length > 0) {
    out.push(dashes);
    // The terminal lays out its own slip: keep its spacing, only cut what is too wide.
    for (const t of r.terminalReceipt) out.push(...chunks(t.trimEnd(), w).map((l) => l.trimEnd()));
  }

  if (opts.copy) out.push(...centre(words.copy, w));
  return out;
}

function paymentRows(p: ReceiptPayment, words: ReceiptWords, amount: (c: number) => string, w: number): string[] {
  const label = words.payment[p.method];
  // Cash shows what was handed over; the change follows on its own line.
  const value = amount(p.method === 'cash' ? (p.tenderedCents ?? p.amountCents) : p.amountCents);
  const card = [p.brand, p.maskedPan].filter((s): s is string => !!s && s.trim() !== '').join(' ');
  const out: string[] = [];
  if (card && len(label) + 1 + len(card) + 1 + len(value) <= w) {
    out.push(padRight(`${label} ${card}`, w - len(value)) + value);
  } else {
    out.push(...row(label, value, w));
    if (card) out.push(...row(card, '', w, 2));
  }
  if (p.authCode) out.push(...row(`${words.authCode} ${p.authCode}`, '', w, 2));
  return out;
}

/**
 * Rate, Excl., VAT, Incl.: three amount columns of equal width ending in the
 * amount column, whatever the rate labels; when the amounts are too wide for
 * that, one block per rate.
 */
function vatTable(vat: readonly ReceiptVat[], words: ReceiptWords, amount: (c: number) => string, rate: (bp: number | null) => string, w: number): string[] {
  const heads = [words.excl, words.vat, words.incl];
  const rows = vat.map((v) => ({ rate: rate(v.vatBp), cells: [amount(v.netCents), amount(v.vatCents), amount(v.grossCents)] }));
  const rateW = Math.max(...rows.map((x) => len(x.rate)));
  const colW = Math.floor((w - len(words.vat)) / 3);
  const lead = w - 3 * colW;
  // The first amount column shares its space with the rate: ` 9%` right-aligned, as in the mockup.
  const line = (first: string, cells: string[]): string | null => {
    const [a = '', b = '', c = ''] = cells;
    const gap = lead + colW - len(first) - len(a);
    if (gap < 1 || len(b) >= colW || len(c) >= colW) return null;
    return first + ' '.repeat(gap) + a + padLeft(b, colW) + padLeft(c, colW);
  };
  const table = [line(words.vat, heads), ...rows.map((x) => line(padLeft(x.rate, rateW), x.cells))];
  if (table.every((l): l is string => l !== null)) return table;
  return rows.flatMap((x) => [
    ...row(`${words.vat} ${x.rate}`, '', w),
    ...heads.flatMap((h, i) => row(h, x.cells[i] ?? '', w, 2)),
  ]);
}

/** `27-11-2026` / `27/11/2026` and `14:32`, in the store's time zone. */
function localDateTime(iso: string, timeZone: string, locale: Locale): { date: string; time: string } {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) throw new RangeError(`completedAt "${iso}" is not a time`);
  // Parts rather than the formatted string: ICU versions differ in separators.
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
  const sep = locale === 'nl-NL' ? '-' : '/';
  return { date: [part('day'), part('month'), part('year')].join(sep), time: `${part('hour')}:${part('minute')}` };
}

// ---------------------------------------------------------------------------
// Text layout. Widths count code points, which is what a receipt printer's
// code page prints one column each.

function len(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function padLeft(s: string, w: number): string {
  return ' '.repeat(Math.max(0, w - len(s))) + s;
}

function padRight(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - len(s)));
}

/** Cut into pieces of at most w columns. */
function chunks(s: string, w: number): string[] {
  const cps = Array.from(s);
  if (cps.length === 0) return [''];
  const out: string[] = [];
  for (let i = 0; i < cps.length; i += w) out.push(cps.slice(i, i + w).join(''));
  return out;
}

/** Word wrap at w columns; a word longer than a line is cut. Always at least one line. */
function wrap(text: string, w: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const pieces = len(word) > w ? chunks(word, w) : [word];
    for (const piece of pieces) {
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

/**
 * Text on the left, an amount (or '') ending in the last column. Text too long
 * to stand beside the amount wraps, and the amount goes on its last line.
 */
function row(text: string, right: string, w: number, indent = 0): string[] {
  const pad = ' '.repeat(indent);
  if (right === '') return wrap(text, w - indent).map((l) => pad + l);
  const avail = w - indent - len(right) - 1;
  if (avail < MIN_TEXT) return [...wrap(text, w - indent).map((l) => pad + l), ...chunks(right, w).map((l) => padLeft(l, w))];
  const lines = wrap(text, avail).map((l) => pad + l);
  const last = lines.pop() ?? '';
  return [...lines, padRight(last, w - len(right)) + right];
}

function centre(text: string, w: number): string[] {
  return wrap(text, w).map((l) => (l === '' ? '' : ' '.repeat(Math.floor((w - len(l)) / 2)) + l));
}

/** Store texts: one centred block per `\n` line; nothing at all for an empty text. */
function centreLines(text: string, w: number): string[] {
  if (text.trim() === '') return [];
  return text.split('\n').flatMap((l) => centre(l, w));
}

/**
 * Pairs whose right parts start in one column, as in `Bon … 27-11-2026` over
 * `Kassa 1 … Kassière: Anna`; a pair that cannot share a line is stacked.
 */
function besideEachOther(pairs: readonly [string, string][], w: number): string[] {
  const rightW = Math.max(...pairs.map(([, r]) => len(r)));
  if (pairs.every(([l]) => len(l) + 1 + rightW <= w)) return pairs.map(([l, r]) => padRight(l, w - rightW) + r);
  return pairs.flatMap(([l, r]) =>
    len(l) + 1 + len(r) <= w
      ? [padRight(l, w - len(r)) + r]
      : [...wrap(l, w), ...(len(r) <= w ? [r] : wrap(r, w)).map((x) => padLeft(x, w))],
  );
}

function formatWeight(milli: number, locale: Locale): string {
  const abs = Math.abs(milli);
  return `${milli < 0 ? '-' : ''}${Math.trunc(abs / 1000)}${decimalMarkOf(locale)}${String(abs % 1000).padStart(3, '0')}`;
}
