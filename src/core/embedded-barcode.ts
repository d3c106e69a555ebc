/**
 * In-store EAN-13s with an embedded price or weight (GS1 prefixes 20–29). Every
 * country and every scale lays them out differently, so the layout is data:
 *   prefix (2 digits) + item digits + value digits + check digit = 13.
 * Example, a common Dutch scale layout: prefix 28, 5 item digits, 5 value digits,
 * price in cents: 2812345012340 → item 12345, € 12.34 (check digit 0 here).
 */
import { KassaError } from './errors.js';
import { gtinCheckDigit, isValidGtin } from './gtin.js';

export interface EmbeddedLayout {
  prefix: string; // '20'..'29'
  itemDigits: number;
  valueDigits: number;
  kind: 'price' | 'weight';
  decimals: number; // price: decimals of the currency unit (2: cents); weight: decimals of a kg (3: grams)
}

export interface EmbeddedValue {
  /** The product's own barcode: the item digits with the value zeroed, and its check digit. */
  lookupCode: string;
  kind: 'price' | 'weight';
  priceCents?: number;
  qtyMilli?: number;
}

export function checkLayout(l: EmbeddedLayout): void {
  const ok =
    /^2\d$/.test(l.prefix) &&
    Number.isInteger(l.itemDigits) &&
    Number.isInteger(l.valueDigits) &&
    l.itemDigits >= 1 &&
    l.valueDigits >= 1 &&
    l.prefix.length + l.itemDigits + l.valueDigits === 12 &&
    Number.isInteger(l.decimals) &&
    l.decimals >= 0 &&
    l.decimals <= (l.kind === 'price' ? 2 : 3);
  if (!ok) {
    throw new KassaError(
      'INVALID_SETTING',
      `the barcode layout for prefix ${l.prefix} does not fit an EAN-13`,
      'prefix 20–29, item digits + value digits = 10, decimals up to 2 for a price and 3 for a weight',
    );
  }
}

/** Decode `code` with the layout for its prefix; null when no layout applies or the check digit is wrong. */
export function decodeEmbedded(code: string, layouts: readonly EmbeddedLayout[]): EmbeddedValue | null {
  if (code.length !== 13 || !isValidGtin(code)) return null;
  const layout = layouts.find((l) => code.startsWith(l.prefix));
  if (!layout) return null;
  const itemEnd = layout.prefix.length + layout.itemDigits;
  const value = Number(code.slice(itemEnd, itemEnd + layout.valueDigits));
  const body = code.slice(0, itemEnd) + '0'.repeat(layout.valueDigits);
  const lookupCode = body + String(gtinCheckDigit(body));
  return layout.kind === 'price'
    ? { lookupCode, kind: 'price', priceCents: value * 10 ** (2 - layout.decimals) }
    : { lookupCode, kind: 'weight', qtyMilli: value * 10 ** (3 - layout.decimals) };
}
