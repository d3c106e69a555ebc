/**
 * The customer display (a 2×20 VFD pole display): what it can show and the
 * bytes that show it. Pure: text in, bytes out, no I/O.
 *
 * Two command sets are spoken:
 * - `epson`: Epson ESC/POS customer-display commands (DM-D series and the many
 *   displays that copy them): ESC @, CLR, `US 1` overwrite mode, `US $ x y`
 *   cursor moves, `ESC R 0` for the plain ASCII character set.
 * - `cd5220`: the CD5220 set: ESC @, CLR, and the string mode, `ESC Q A … CR`
 *   for the upper line and `ESC Q B … CR` for the lower one (20 characters each).
 *   (`ESC Q D` is *not* the lower line: it scrolls a marquee on the upper line.)
 *
 * Displays differ in their code pages, so everything is transliterated to
 * printable ASCII first; that every display shows the same way.
 */
import type { DisplayProtocol } from '../../core/settings.js';
import type { Locale } from '../../core/money.js';

export type { DisplayProtocol };

/** Columns per line. */
export const DISPLAY_COLUMNS = 20;

/** The two lines of the display, each exactly DISPLAY_COLUMNS printable ASCII characters once fitted. */
export type DisplayLines = [string, string];

const ESC = 0x1b;
const US = 0x1f;
const CLR = 0x0c;
const CR = 0x0d;

// Characters NFKD leaves alone (or that have no sensible decomposition) and
// what a customer should read instead.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ł: 'l',
  Ł: 'L',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
  ŋ: 'n',
  Ŋ: 'N',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '´': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  '‹': "'",
  '›': "'",
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
  '⁄': '/',
  '×': 'x',
  '÷': ':',
  '·': '.',
  '•': '*',
  '°': 'o',
  µ: 'u',
  μ: 'u',
  '£': 'GBP',
  '¢': 'c',
  '¥': 'JPY',
  '©': '(c)',
  '®': '(R)',
};

const COMBINING = /[\u0300-\u036f]/g;

/**
 * Text as a basic VFD can show it: printable ASCII only. Accents are dropped
 * (é → e, ü → u), letters without an ASCII twin are spelled out (ß → ss, æ → ae,
 * ø → o), typographic quotes and dashes become ' " -, spaces of every kind and
 * line breaks become one space each, and anything else becomes '?'.
 *
 * The euro sign becomes "EUR", with a space before a number that follows it
 * ("€12.50" → "EUR 12.50"): "E 12,50" reads like a typo to a customer, and the
 * € glyph sits at a different code point (or nowhere) on every display model.
 */
export function transliterate(text: string): string {
  let out = '';
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (ch === '€') {
      const next = chars[i + 1];
      out += next !== undefined && /[0-9\-+]/.test(next) ? 'EUR ' : 'EUR';
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp <= 0x7e) {
      out += ch;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) {
      // A tab or line break inside a product name: the customer sees a gap, not a glyph.
      out += ' ';
      continue;
    }
    const special = SPECIAL[ch];
    if (special !== undefined) {
      out += special;
      continue;
    }
    const plain = ch.normalize('NFKD').replace(COMBINING, '');
    let mapped = '';
    for (const c of plain) {
      const p = c.codePointAt(0)!;
      if (p >= 0x20 && p <= 0x7e) mapped += c;
      else if (/\s/u.test(c)) mapped += ' ';
      else mapped += SPECIAL[c] ?? '?';
    }
    out += mapped === '' ? '?' : mapped;
  }
  return out;
}

/** One line fitted to the display: transliterated, cut or padded to 20 columns. */
export function fitLine(text: string): string {
  return transliterate(text).slice(0, DISPLAY_COLUMNS).padEnd(DISPLAY_COLUMNS, ' ');
}

/**
 * `left` at the start and `right` at the end of one line. The right part (an
 * amount) wins: a label that does not fit whole beside it is left out, since
 * "BET" for "BETAALD" reads as a different word.
 */
export function spread(left: string, right: string): string {
  const r = transliterate(right).trim().slice(0, DISPLAY_COLUMNS);
  const room = DISPLAY_COLUMNS - r.length;
  const l = transliterate(left).trim();
  // At least one space between a label and its amount.
  const lFit = r.length === 0 ? l.slice(0, DISPLAY_COLUMNS) : l.length <= room - 1 ? l : '';
  return lFit.padEnd(room, ' ') + r;
}

function center(text: string): string {
  const t = transliterate(text).trim().slice(0, DISPLAY_COLUMNS);
  const left = Math.floor((DISPLAY_COLUMNS - t.length) / 2);
  return (' '.repeat(left) + t).padEnd(DISPLAY_COLUMNS, ' ');
}

// ---------------------------------------------------------------------------
// Layouts. Amounts come formatted by the caller (src/core/money.ts formatAmount).

/** Words the display shows, per locale. */
export const DISPLAY_LABELS: Record<Locale, { total: string; paid: string; change: string; welcome: string }> = {
  'nl-NL': { total: 'TOTAAL', paid: 'BETAALD', change: 'TERUG', welcome: 'Welkom' },
  'en-GB': { total: 'TOTAL', paid: 'PAID', change: 'CHANGE', welcome: 'Welcome' },
};

/**
 * The item just scanned: the name alone on the upper line (names are long and
 * 20 columns are few: sharing a line with the price would cut most of them),
 * and on the lower line the quantity at the left (when given, e.g. "2 x" or
 * "0,750 kg") and the price at the right, where the customer's eye expects it.
 */
export function itemScreen(name: string, priceText: string, qtyText?: string): DisplayLines {
  return [fitLine(name), spread(qtyText ?? '', priceText)];
}

/** The amount to pay: the label on the upper line, the amount right-aligned below it, as the item price was. */
export function totalScreen(label: string, amountText: string): DisplayLines {
  return [fitLine(label), spread('', amountText)];
}

/** After a cash payment: what was paid and the change, each with its label at the left and the amount at the right. */
export function changeScreen(paidText: string, changeText: string, locale: Locale = 'nl-NL'): DisplayLines {
  const l = DISPLAY_LABELS[locale];
  return [spread(l.paid, paidText), spread(l.change, changeText)];
}

/** Between sales: the store's name and a greeting, both centred. */
export function welcomeScreen(storeName: string, locale: Locale = 'nl-NL'): DisplayLines {
  return [center(storeName), center(DISPLAY_LABELS[locale].welcome)];
}

// ---------------------------------------------------------------------------
// Bytes.

function ascii(text: string): number[] {
  return Array.from(text, (c) => c.charCodeAt(0));
}

/**
 * Bring the display into a known state: reset, plain ASCII, no cursor, blank.
 * Sent once per connection (a display plugged back in starts from its own defaults).
 */
export function encodeInit(protocol: DisplayProtocol): Uint8Array {
  switch (protocol) {
    case 'epson':
      // ESC @ reset; ESC R 0: the USA set, so # $ @ [ \ ] ^ { | } ~ show as themselves
      // whatever the DIP switches chose; US C 0: cursor off; US 1: overwrite mode; CLR.
      return Uint8Array.from([ESC, 0x40, ESC, 0x52, 0, US, 0x43, 0, US, 0x01, CLR]);
    case 'cd5220':
      return Uint8Array.from([ESC, 0x40, CLR]);
  }
}

/**
 * The bytes that make the display show exactly `lines` (each fitted to 20
 * columns with `fitLine`). All 40 cells are written, so nothing of the previous
 * screen is left over and no CLR (a visible flicker) is needed.
 */
export function encodeScreen(protocol: DisplayProtocol, lines: readonly [string, string]): Uint8Array {
  const [upper, lower] = [fitLine(lines[0]), fitLine(lines[1])];
  switch (protocol) {
    case 'epson':
      // Overwrite mode again in case the display was power-cycled into its default.
      return Uint8Array.from([US, 0x01, US, 0x24, 1, 1, ...ascii(upper), US, 0x24, 1, 2, ...ascii(lower)]);
    case 'cd5220':
      return Uint8Array.from([ESC, 0x51, 0x41, ...ascii(upper), CR, ESC, 0x51, 0x42, ...ascii(lower), CR]);
  }
}

/** Blank the display (CLR also ends the CD5220 string mode). */
export function encodeClear(_protocol: DisplayProtocol): Uint8Array {
  return Uint8Array.from([CLR]);
}
