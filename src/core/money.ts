/**
 * Money: integer cents, parsing what people and other systems write, formatting
 * per locale, and the one rounding rule. No floating point touches an amount.
 */
import { KassaError } from './errors.js';

export type Cents = number & { readonly __brand: 'Cents' };
export type Locale = 'nl-NL' | 'en-GB';
export const LOCALES: readonly Locale[] = Object.freeze(['nl-NL', 'en-GB'] as const);
export type DecimalMark = ',' | '.';

export function cents(n: number): Cents {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a whole number of cents`);
  // -0 would print as "-0,00" somewhere down the line; there is only one zero.
  return (n === 0 ? 0 : n) as Cents;
}

export function decimalMarkOf(locale: Locale): DecimalMark {
  switch (locale) {
    case 'nl-NL':
      return ',';
    case 'en-GB':
      return '.';
    default:
      throw new RangeError(`unknown locale ${String(locale as unknown)}`);
  }
}

// ---------------------------------------------------------------------------
// Parsing

export type AmountParse = { ok: true; cents: Cents } | { ok: false; reason: string };
export type AmountParseOptions = { decimal?: DecimalMark; locale?: Locale };

export function tryParseAmount(text: string, opts?: AmountParseOptions): AmountParse {
  const r = parseScaledDecimal(text, 2, markFrom(opts), true, true);
  return typeof r === 'number' ? { ok: true, cents: r as Cents } : { ok: false, reason: r };
}

/**
 * tryParseAmount without the result object, for code that runs once per row:
 * the cents, or the reason the text is not an amount.
 */
export function amountOrReason(text: string, decimal?: DecimalMark): number | string {
  return parseScaledDecimal(text, 2, decimal, true, true);
}

export function parseAmount(text: string, opts?: AmountParseOptions): Cents {
  const r = parseScaledDecimal(text, 2, markFrom(opts), true, true);
  if (typeof r === 'number') return r as Cents;
  throw new KassaError('INVALID_AMOUNT', `"${text}" is not an amount: ${r}`, 'write it like 12.50 or 12,50');
}

function markFrom(opts: AmountParseOptions | undefined): DecimalMark | undefined {
  if (opts === undefined) return undefined;
  if (opts.decimal !== undefined) return opts.decimal;
  return opts.locale === undefined ? undefined : decimalMarkOf(opts.locale);
}

const C_0 = 48;
const C_9 = 57;
const C_DOT = 46;
const C_COMMA = 44;
const C_MINUS = 45;
const C_PLUS = 43;
const C_MINUS_SIGN = 0x2212; // typographic minus, as some spreadsheets export
const C_EURO = 0x20ac;
/** floor(Number.MAX_SAFE_INTEGER / 10); MAX_SAFE_INTEGER ends in 1. */
const MAX_SAFE_DIV_10 = 900719925474099;

function isWhite(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007;
}

/** Characters that can only ever group thousands: 1 = a kind of space, 2 = an apostrophe (Swiss style). */
function groupingClass(c: number): 0 | 1 | 2 {
  if (c === 32 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007) return 1;
  if (c === 39 || c === 0x2019) return 2;
  return 0;
}

/** Length of a currency mark (`€`, `EUR` in any case) starting at i, or 0. */
function currencyAt(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === C_EURO) return 1;
  if (
    (c | 0x20) === 101 && // e
    i + 3 <= end &&
    (text.charCodeAt(i + 1) | 0x20) === 117 && // u
    (text.charCodeAt(i + 2) | 0x20) === 114 // r
  ) {
    return 3;
  }
  return 0;
}

/** Length of a currency mark ending just before end, or 0. */
function currencyBefore(text: string, start: number, end: number): number {
  if (text.charCodeAt(end - 1) === C_EURO) return 1;
  return end - 3 >= start && currencyAt(text, end - 3, end) === 3 ? 3 : 0;
}

function describeChar(text: string, i: number): string {
  const cp = text.codePointAt(i) ?? 0;
  if (cp < 32 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0x2000 && cp <= 0x200f) || cp === 0x202f || cp === 0xfeff) {
    return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return `'${String.fromCodePoint(cp)}'`;
}

/**
 * The parser behind amounts and quantities: returns the value scaled by
 * 10^scale as a safe integer, or a reason a person understands.
 *
 * Allocation-free on success (no regex, no substrings, no exceptions): it runs
 * once per cell in imports. Two passes over the characters: the first counts
 * marks and rejects strangers, the second checks grouping and accumulates.
 *
 * @param decimal the decimal mark when known; otherwise it is detected
 * @param singleThreeIsAmbiguous a single mark followed by exactly 3 digits is
 *   refused as ambiguous (money) instead of read as a decimal (quantities)
 * @internal shared with quantity.ts; not part of the public API
 */
export function parseScaledDecimal(
  text: string,
  scale: number,
  decimal: DecimalMark | undefined,
  singleThreeIsAmbiguous: boolean,
  allowCurrency: boolean,
): number | string {
  let s = 0;
  let e = text.length;
  while (s < e && isWhite(text.charCodeAt(s))) s++;
  while (e > s && isWhite(text.charCodeAt(e - 1))) e--;
  if (s === e) return 'is empty';

  // Sign and currency mark in front, in either order, spaces allowed between.
  let neg = false;
  let signed = false;
  let currency = false;
  while (s < e) {
    const c = text.charCodeAt(s);
    if (c === C_MINUS || c === C_PLUS || c === C_MINUS_SIGN) {
      if (signed) return 'has more than one sign';
      signed = true;
      neg = c !== C_PLUS;
      s++;
    } else {
      const n = allowCurrency ? currencyAt(text, s, e) : 0;
      if (n === 0) break;
      if (currency) return 'has more than one currency mark';
      currency = true;
      s += n;
    }
    while (s < e && isWhite(text.charCodeAt(s))) s++;
  }
  // A currency mark behind.
  if (allowCurrency && s < e) {
    const n = currencyBefore(text, s, e);
    if (n > 0) {
      if (currency) return 'has more than one currency mark';
      e -= n;
      while (e > s && isWhite(text.charCodeAt(e - 1))) e--;
    }
  }

  // Pass 1: count the marks, refuse anything that is not part of a number.
  let dots = 0;
  let commas = 0;
  let lastDot = -1;
  let lastComma = -1;
  let firstDot = -1;
  let firstComma = -1;
  let groupChars = 0;
  let groupKind = 0;
  let digits = 0;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      digits++;
    } else if (c === C_DOT) {
      if (dots++ === 0) firstDot = i;
      lastDot = i;
    } else if (c === C_COMMA) {
      if (commas++ === 0) firstComma = i;
      lastComma = i;
    } else {
      const g = groupingClass(c);
      if (g === 0) {
        if (c === C_MINUS || c === C_PLUS || c === C_MINUS_SIGN) {
          return `the sign ${describeChar(text, i)} must come before the number`;
        }
        return `${describeChar(text, i)} is not a digit`;
      }
      if (groupKind !== 0 && g !== groupKind) return 'mixes different thousands separators';
      groupKind = g;
      groupChars++;
    }
  }
  if (digits === 0) return 'has no digits';

  // Which mark is the decimal mark, and which (if any) groups thousands.
  let dmPos = -1;
  let tsMark = 0;
  if (decimal !== undefined) {
    const dmIsComma = decimal === ',';
    if ((dmIsComma ? commas : dots) > 1) return `has more than one decimal mark '${decimal}'`;
    dmPos = dmIsComma ? lastComma : lastDot;
    if ((dmIsComma ? dots : commas) > 0) {
      tsMark = dmIsComma ? C_DOT : C_COMMA;
      if (dmPos >= 0 && (dmIsComma ? lastDot : lastComma) > dmPos) {
        return `has the thousands separator '${dmIsComma ? '.' : ','}' after the decimal mark '${decimal}'`;
      }
    }
  } else if (dots > 0 && commas > 0) {
    // Both present: the last one is the decimal mark, and it appears once.
    if (lastDot > lastComma) {
      if (dots > 1) return firstDot < lastComma ? 'mixes . and , as thousands separators' : "has more than one decimal mark '.'";
      dmPos = lastDot;
      tsMark = C_COMMA;
    } else {
      if (commas > 1) return firstComma < lastDot ? 'mixes . and , as thousands separators' : "has more than one decimal mark ','";
      dmPos = lastComma;
      tsMark = C_DOT;
    }
  } else if (dots + commas === 1) {
    const pos = dots === 1 ? lastDot : lastComma;
    // 1,234 is a thousand-something or one-point-something; refuse to guess
    // unless the digits in front cannot be a group (none, a leading 0, 4+ digits,
    // or other grouping characters already in use).
    if (
      singleThreeIsAmbiguous &&
      e - pos - 1 === 3 &&
      groupChars === 0 &&
      pos - s >= 1 &&
      pos - s <= 3 &&
      text.charCodeAt(s) !== C_0
    ) {
      const body = text.slice(s, e);
      const plain = text.slice(s, pos) + text.slice(pos + 1, e);
      return `ambiguous: ${body} could be ${plain} or ${body}; pass the decimal mark`;
    }
    dmPos = pos;
  } else if (dots + commas > 1) {
    // One mark several times: it groups thousands.
    tsMark = dots > 0 ? C_DOT : C_COMMA;
  }
  if (tsMark !== 0 && groupChars > 0) {
    // A space in the fraction is reported below as what it is.
    let spaceInInteger = false;
    const intEnd = dmPos >= 0 ? dmPos : e;
    for (let i = s; i < intEnd; i++) if (groupingClass(text.charCodeAt(i)) !== 0) spaceInInteger = true;
    if (spaceInInteger) return 'mixes different thousands separators';
  }

  // Pass 2: integer part, checking that groups are 1-3 digits then 3, 3, ...
  let v = 0;
  const intEnd = dmPos >= 0 ? dmPos : e;
  let groupLen = 0;
  let separators = 0;
  for (let i = s; i < intEnd; i++) {
    const c = text.charCodeAt(i);
    const d = c - C_0;
    if (d >= 0 && d <= 9) {
      if (v > MAX_SAFE_DIV_10 || (v === MAX_SAFE_DIV_10 && d > 1)) return 'is too large';
      v = v * 10 + d;
      groupLen++;
    } else {
      if (separators === 0 ? groupLen < 1 || groupLen > 3 : groupLen !== 3) return badGrouping(text, s, e);
      separators++;
      groupLen = 0;
    }
  }
  if (separators > 0 && groupLen !== 3) return badGrouping(text, s, e);

  // Fraction: up to `scale` digits count, further digits must be zeros.
  let fd = 0;
  if (dmPos >= 0) {
    for (let i = dmPos + 1; i < e; i++) {
      const d = text.charCodeAt(i) - C_0;
      if (d < 0 || d > 9) return `has a thousands separator ${describeChar(text, i)} after the decimal mark`;
      if (fd < scale) {
        if (v > MAX_SAFE_DIV_10 || (v === MAX_SAFE_DIV_10 && d > 1)) return 'is too large';
        v = v * 10 + d;
        fd++;
      } else if (d !== 0) {
        return `has more than ${scale} decimals`;
      }
    }
  }
  for (; fd < scale; fd++) {
    if (v > MAX_SAFE_DIV_10) return 'is too large';
    v *= 10;
  }
  return neg && v !== 0 ? -v : v;
}

function badGrouping(text: string, s: number, e: number): string {
  return `${text.slice(s, e)} is not grouped by thousands (1.234.567 or 1,234,567)`;
}

// ---------------------------------------------------------------------------
// Formatting

/** Digits of a non-negative safe integer with a separator every 3 from the right. */
function groupThousands(n: number, separator: string): string {
  const digits = String(n);
  let first = digits.length % 3;
  if (first === 0) first = 3;
  let out = digits.slice(0, first);
  for (let i = first; i < digits.length; i += 3) out += separator + digits.slice(i, i + 3);
  return out;
}

/**
 * nl-NL: `€ 1.234,56`, `€ -1.234,56`; en-GB: `€1,234.56`, `-€1,234.56`.
 * By hand rather than Intl so receipts are byte-identical on every machine
 * (ICU versions differ in spaces and minus signs).
 */
export function formatAmount(c: number, locale: Locale, opts?: { symbol?: boolean }): string {
  if (!Number.isSafeInteger(c)) throw new RangeError(`${c} is not a whole number of cents`);
  const dm = decimalMarkOf(locale);
  const neg = c < 0;
  const abs = neg ? -c : c;
  const frac = abs % 100;
  // (abs - frac) / 100 divides exactly, no float rounding to think about.
  const int = (abs - frac) / 100;
  const num = groupThousands(int, dm === ',' ? '.' : ',') + dm + (frac < 10 ? '0' : '') + String(frac);
  const sign = neg ? '-' : '';
  if (opts?.symbol === false) return sign + num;
  return locale === 'nl-NL' ? `€ ${sign}${num}` : `${sign}€${num}`;
}

// ---------------------------------------------------------------------------
// Rounding

function checkSafe(name: string, n: number): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} ${n} is not a safe integer`);
}

/**
 * numerator / denominator rounded to the nearest integer, halves away from zero:
 * 5/10 → 1, -5/10 → -1, 4/10 → 0, -15/10 → -2. Symmetric, so a refund rounds
 * exactly like the sale it reverses.
 *
 * Exact for all safe integers: it works on the remainder (`%` is exact on
 * integers) and never forms a product, so nothing exceeds 2^53 and no BigInt
 * is needed. To round a product (price × quantity), use mulDivRoundHalfUp,
 * which switches to BigInt when the product would leave the safe range.
 */
export function roundHalfUpDiv(numerator: number, denominator: number): number {
  checkSafe('numerator', numerator);
  checkSafe('denominator', denominator);
  if (denominator === 0) throw new RangeError('division by zero');
  const r = numerator % denominator; // sign of the numerator, |r| < |denominator|
  let q = (numerator - r) / denominator; // exact: an integer quotient within the safe range
  const absR = r < 0 ? -r : r;
  const absD = denominator < 0 ? -denominator : denominator;
  // 2|r| >= |d| without forming 2|r|
  if (absR >= absD - absR && absR !== 0) q += numerator < 0 !== denominator < 0 ? -1 : 1;
  return q === 0 ? 0 : q;
}

/**
 * round_half_up(a * b / denominator), e.g. a line total
 * `mulDivRoundHalfUp(unitPriceCents, qtyMilli, MILLI)`. Uses BigInt only when
 * a * b would exceed 2^53. Throws RangeError when the result is not a safe integer.
 */
export function mulDivRoundHalfUp(a: number, b: number, denominator: number): number {
  checkSafe('factor', a);
  checkSafe('factor', b);
  checkSafe('denominator', denominator);
  if (denominator === 0) throw new RangeError('division by zero');
  const p = a * b;
  if (Number.isSafeInteger(p)) return roundHalfUpDiv(p, denominator);
  const n = BigInt(a) * BigInt(b);
  const d = BigInt(denominator);
  const r = n % d;
  let q = n / d;
  const absR = r < 0n ? -r : r;
  const absD = d < 0n ? -d : d;
  if (2n * absR >= absD && absR !== 0n) q += n < 0n !== d < 0n ? -1n : 1n;
  const out = Number(q);
  if (!Number.isSafeInteger(out)) throw new RangeError(`${a} × ${b} / ${denominator} is too large`);
  return out === 0 ? 0 : out;
}
