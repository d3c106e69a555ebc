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

/** What a person may write for a layout, for error messages and help. */
export const LAYOUT_VALID =
  'item=N price=N|weight=N [decimals=N]: item + value digits = 10 (2 prefix + item + value + 1 check digit = 13), ' +
  'decimals 0–2 for a price (default 2: cents) and 0–3 for a weight (default 3: grams), ' +
  'e.g. "item=5 price=5 decimals=2"; or none to remove the layout';

/** Settings keys of the layouts: `barcode.20` … `barcode.29`. */
export const BARCODE_KEY = /^barcode\.(2\d)$/;

/** Why `l` cannot be decoded from an EAN-13, or null when it can. */
function layoutProblem(l: EmbeddedLayout): string | null {
  if (!/^2\d$/.test(l.prefix)) return 'the prefix must be 20 to 29';
  if (l.kind !== 'price' && l.kind !== 'weight') return 'the value must be a price or a weight';
  if (!Number.isInteger(l.itemDigits) || l.itemDigits < 1) return 'it needs at least 1 item digit';
  if (!Number.isInteger(l.valueDigits) || l.valueDigits < 1) return 'it needs at least 1 value digit';
  const digits = l.prefix.length + l.itemDigits + l.valueDigits + 1;
  if (digits !== 13) return `2 prefix + ${l.itemDigits} item + ${l.valueDigits} value + 1 check digit = ${digits}, not 13`;
  const maxDecimals = l.kind === 'price' ? 2 : 3;
  if (!Number.isInteger(l.decimals) || l.decimals < 0 || l.decimals > maxDecimals) {
    return `a ${l.kind} has 0 to ${maxDecimals} decimals, not ${l.decimals}`;
  }
  return null;
}

export function checkLayout(l: EmbeddedLayout): void {
  const problem = layoutProblem(l);
  if (problem !== null) {
    throw new KassaError(
      'INVALID_SETTING',
      `the barcode layout for prefix ${l.prefix} does not fit an EAN-13: ${problem}`,
      `valid: prefix 20–29, ${LAYOUT_VALID}`,
    );
  }
}

/**
 * Read the layout of `barcode.<prefix>` as a person writes it: `item=5 price=5
 * decimals=2` or `item=5 weight=5 decimals=3`, in any order; `decimals` defaults
 * to 2 for a price and 3 for a weight. Returns null for `none` (no layout).
 */
export function parseLayout(prefix: string, text: string): EmbeddedLayout | null {
  const key = `barcode.${prefix}`;
  const refuse = (why: string): KassaError =>
    new KassaError('INVALID_SETTING', `${key}: "${text}" ${why}`, `valid: ${LAYOUT_VALID}`);
  const t = text.trim();
  if (t.toLowerCase() === 'none') return null;
  if (t === '') throw refuse('is empty');
  const fields = new Map<string, number>();
  for (const token of t.split(/[\s,]+/)) {
    const m = /^(item|price|weight|decimals)=(\d+)$/i.exec(token);
    if (!m) throw refuse(`has "${token}", which is not item=N, price=N, weight=N or decimals=N`);
    const name = m[1]!.toLowerCase();
    if (fields.has(name)) throw refuse(`names ${name} twice`);
    fields.set(name, Number(m[2]));
  }
  const price = fields.get('price');
  const weight = fields.get('weight');
  const itemDigits = fields.get('item');
  if (price !== undefined && weight !== undefined) throw refuse('has both a price and a weight: a code holds one value');
  if (price === undefined && weight === undefined) throw refuse('has no price=N or weight=N');
  if (itemDigits === undefined) throw refuse('has no item=N');
  const kind = price !== undefined ? 'price' : 'weight';
  const layout: EmbeddedLayout = {
    prefix,
    itemDigits,
    valueDigits: (price ?? weight)!,
    kind,
    decimals: fields.get('decimals') ?? (kind === 'price' ? 2 : 3),
  };
  const problem = layoutProblem(layout);
  if (problem !== null) throw refuse(`does not fit an EAN-13: ${problem}`);
  return layout;
}

/** The text `parseLayout` reads back: `item=5 price=5 decimals=2`. */
export function formatLayout(l: EmbeddedLayout): string {
  return `item=${l.itemDigits} ${l.kind}=${l.valueDigits} decimals=${l.decimals}`;
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
