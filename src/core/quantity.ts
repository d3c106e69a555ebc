/**
 * Quantities: integer thousandths (`qtyMilli`): 1 piece = 1000, 0.350 kg = 350.
 */
import { KassaError } from './errors.js';
import { decimalMarkOf, parseScaledDecimal } from './money.js';
import type { DecimalMark, Locale } from './money.js';

export type QtyMilli = number & { readonly __brand: 'QtyMilli' };
export const MILLI = 1000;

export function qtyMilli(n: number): QtyMilli {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${n} is not a whole number of thousandths`);
  return (n === 0 ? 0 : n) as QtyMilli;
}

export type QtyParse = { ok: true; milli: QtyMilli } | { ok: false; reason: string };

/**
 * Same rules as amounts (sign, grouping, detected or given decimal mark,
 * extra trailing zeros allowed) with two differences: up to 3 decimals, and a
 * single mark followed by exactly 3 digits is a decimal (`0,350` is 350 g, and
 * so is `1.234` read as 1.234 kg), because quantities have 3 decimals. No
 * currency marks, no units.
 */
export function tryParseQuantity(text: string, opts?: { decimal?: DecimalMark }): QtyParse {
  const r = parseScaledDecimal(text, 3, opts?.decimal, false, false);
  return typeof r === 'number' ? { ok: true, milli: r as QtyMilli } : { ok: false, reason: r };
}

/**
 * tryParseQuantity without the result object, for code that runs once per
 * row: the thousandths, or the reason the text is not a quantity.
 */
export function quantityOrReason(text: string, decimal?: DecimalMark): number | string {
  return parseScaledDecimal(text, 3, decimal, false, false);
}

export function parseQuantity(text: string, opts?: { decimal?: DecimalMark }): QtyMilli {
  const r = parseScaledDecimal(text, 3, opts?.decimal, false, false);
  if (typeof r === 'number') return r as QtyMilli;
  throw new KassaError('INVALID_QUANTITY', `"${text}" is not a quantity: ${r}`, 'write it like 2, 0.350 or 0,350');
}

/**
 * Whole numbers print without decimals (3000 → `3`); others print their three
 * decimals with trailing zeros trimmed (350 → `0,35`, 2500 → `2,5`, 1 → `0,001`).
 * That is how a cashier reads a weight, and it parses back to the same value.
 *
 * No thousands grouping: `1.234` would read back as 1.234 (a single mark before
 * 3 digits is a decimal in quantities), so 1234000 prints as `1234`.
 */
export function formatQuantity(milli: number, locale: Locale): string {
  if (!Number.isSafeInteger(milli)) throw new RangeError(`${milli} is not a whole number of thousandths`);
  const neg = milli < 0;
  const abs = neg ? -milli : milli;
  const frac = abs % MILLI;
  const int = (abs - frac) / MILLI;
  const sign = neg ? '-' : '';
  if (frac === 0) return sign + String(int);
  let f = String(frac).padStart(3, '0');
  while (f.endsWith('0')) f = f.slice(0, -1);
  return sign + String(int) + decimalMarkOf(locale) + f;
}
