/**
 * GTIN barcodes (EAN-8, UPC-A, EAN-13, GTIN-14) and the other codes a shop
 * scans: internal codes and PLUs are legal barcodes too, just not GTINs.
 * Check digit: GS1 General Specifications §7.9.1 (mod 10, weights 3,1 from the right).
 */
import { KassaError } from './errors.js';

export type GtinKind = 'EAN-8' | 'UPC-A' | 'EAN-13' | 'GTIN-14';

function allDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** The check digit for a GTIN without its check digit (7, 11, 12 or 13 digits, or any other length). */
export function gtinCheckDigit(bodyWithoutCheckDigit: string): number {
  const body = bodyWithoutCheckDigit;
  if (!allDigits(body)) {
    throw new KassaError(
      'INVALID_GTIN',
      `"${body}" is not a GTIN body: it must be digits only`,
      'pass the code without its last (check) digit',
    );
  }
  let sum = 0;
  let weight = 3; // the digit next to the check digit weighs 3
  for (let i = body.length - 1; i >= 0; i--) {
    sum += (body.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10;
}

function kindOf(code: string): GtinKind | null {
  switch (code.length) {
    case 8:
      return 'EAN-8';
    case 12:
      return 'UPC-A';
    case 13:
      return 'EAN-13';
    case 14:
      return 'GTIN-14';
    default:
      return null;
  }
}

/** The GTIN kind of an all-digit code of GTIN length, else null (`ABC-123`, a 5-digit PLU). */
export function gtinKind(code: string): GtinKind | null {
  return allDigits(code) ? kindOf(code) : null;
}

/** Whether the last digit of an all-digit code is its check digit. */
export function checkDigitOk(code: string): boolean {
  // Summed in place rather than through gtinCheckDigit(code.slice(0, -1)): no substring per code.
  let sum = 0;
  let weight = 3; // the digit next to the check digit weighs 3
  for (let i = code.length - 2; i >= 0; i--) {
    sum += (code.charCodeAt(i) - 48) * weight;
    weight = 4 - weight;
  }
  return (10 - (sum % 10)) % 10 === code.charCodeAt(code.length - 1) - 48;
}

/** 8, 12, 13 or 14 digits, nothing else (no spaces), with the right check digit. */
export function isValidGtin(code: string): boolean {
  return allDigits(code) && kindOf(code) !== null && checkDigitOk(code);
}

export interface BarcodeInfo {
  code: string;
  kind: GtinKind | null;
  checkDigitOk: boolean | null;
}

/**
 * What a scanned or typed code is. `code` is the input trimmed (not normalized).
 * All-digit codes of GTIN length get a kind and a check-digit verdict; anything
 * else (`ABC-123`, a 5-digit PLU) is a legal in-store code with kind and
 * checkDigitOk null.
 */
export function describeBarcode(code: string): BarcodeInfo {
  const c = code.trim();
  const kind = gtinKind(c);
  return { code: c, kind, checkDigitOk: kind === null ? null : checkDigitOk(c) };
}

/**
 * One spelling per GTIN so lookups match whatever the scanner sends: UPC-A is
 * EAN-13 with a leading 0, and a GTIN-14 with a leading 0 is the EAN-13 after it.
 * Goes by length only (a bad check digit does not stop it), so the same
 * mistyped code always normalizes the same way. EAN-8 and non-GTIN codes are
 * returned trimmed and otherwise unchanged.
 */
export function normalizeBarcode(code: string): string {
  const c = code.trim();
  if (!allDigits(c)) return c;
  if (c.length === 12) return '0' + c;
  if (c.length === 14 && c.charCodeAt(0) === 48) return c.slice(1);
  return c;
}

// Mantissa with . or , as decimal mark, an E, an optional exponent sign.
const SPREADSHEET_NUMBER = /^\d+(?:[.,]\d+)?e[+-]?\d+$/i;

/**
 * A barcode column that went through Excel comes out as `8.71E+12`: the digits
 * are gone and cannot be recovered. Importers refuse such cells and say why.
 */
export function looksLikeSpreadsheetNumber(text: string): boolean {
  return SPREADSHEET_NUMBER.test(text.trim());
}
