import { describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import {
  describeBarcode,
  gtinCheckDigit,
  isValidGtin,
  looksLikeSpreadsheetNumber,
  normalizeBarcode,
} from '../../src/core/gtin.js';
import type { BarcodeInfo } from '../../src/core/gtin.js';

/**
 * A second, independent check-digit computation for the tests: GS1 weights
 * counted from the left for a full 18-digit field (left-padded with zeros),
 * where odd positions weigh 3. Padding with zeros changes nothing, so every
 * GTIN length shares one rule.
 */
function referenceCheckDigit(body: string): number {
  const padded = body.padStart(17, '0');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(padded[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/**
 * Check digits worked out by hand. Body digits from the right, weights 3,1,3,1...;
 * check digit = (10 - sum mod 10) mod 10.
 */
const HAND_COMPUTED: [name: string, body: string, check: number, sum: number][] = [
  // UPC-A 036000291452: 5·3+4+1·3+9+2·3+0+0·3+0+6·3+3+0·3 = 15+4+3+9+6+0+0+0+18+3+0 = 58 → 2
  ['UPC-A 036000291452', '03600029145', 2, 58],
  // EAN-13 4006381333931: 3·3+9+3·3+3+3·3+1+8·3+3+6·3+0+0·3+4 = 9+9+9+3+9+1+24+3+18+0+0+4 = 89 → 1
  ['EAN-13 4006381333931', '400638133393', 1, 89],
  // EAN-8 96385074: 7·3+0+5·3+8+3·3+6+9·3 = 21+0+15+8+9+6+27 = 86 → 4
  ['EAN-8 96385074', '9638507', 4, 86],
  // GTIN-14 10012345678902: 0·3+9+8·3+7+6·3+5+4·3+3+2·3+1+0·3+0+1·3 = 0+9+24+7+18+5+12+3+6+1+0+0+3 = 88 → 2
  ['GTIN-14 10012345678902', '1001234567890', 2, 88],
  // EAN-13 5901234123457 (GS1's example): 5·3+4+3·3+2+1·3+4+3·3+2+1·3+0+9·3+5 = 15+4+9+2+3+4+9+2+3+0+27+5 = 83 → 7
  ['EAN-13 5901234123457', '590123412345', 7, 83],
  // Dutch prefix 871: 6·3+5+3·3+0+5·3+8+9·3+3+0·3+1+7·3+8 = 18+5+9+0+15+8+27+3+0+1+21+8 = 115 → 5,
  // so 8710398503565 is valid and 8710398503562 (as remembered) is not
  ['EAN-13 8710398503565', '871039850356', 5, 115],
  // EAN-8 73513537: 3·3+5+3·3+1+5·3+3+7·3 = 9+5+9+1+15+3+21 = 63 → 7
  ['EAN-8 73513537', '7351353', 7, 63],
  // a sum that is a multiple of 10 gives 0, not 10
  ['EAN-8 00000000', '0000000', 0, 0],
  // 1·3+1+1·3+1+1·3+1+1·3 = 15 → 5
  ['EAN-8 11111115', '1111111', 5, 15],
];

describe('gtinCheckDigit', () => {
  it.each(HAND_COMPUTED)('%s', (_name, body, check, sum) => {
    expect((10 - (sum % 10)) % 10).toBe(check); // the hand arithmetic agrees with itself
    expect(referenceCheckDigit(body)).toBe(check); // and with the reference
    expect(gtinCheckDigit(body)).toBe(check);
  });

  it('agrees with the reference for random bodies of every GTIN length', () => {
    let seed = 99;
    const digit = (): string => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return String(Math.floor((seed / 2147483648) * 10));
    };
    for (const len of [7, 11, 12, 13]) {
      for (let n = 0; n < 2000; n++) {
        let body = '';
        for (let i = 0; i < len; i++) body += digit();
        const check = gtinCheckDigit(body);
        expect(check).toBe(referenceCheckDigit(body));
        // the check digit makes the code valid, every other digit makes it invalid
        for (let d = 0; d <= 9; d++) expect(isValidGtin(body + String(d))).toBe(d === check);
      }
    }
  });

  it.each(['', '12a4567', ' 9638507', '963-507'])('refuses the body %j', (body) => {
    expect(() => gtinCheckDigit(body)).toThrow(KassaError);
    try {
      gtinCheckDigit(body);
    } catch (e) {
      expect((e as KassaError).code).toBe('INVALID_GTIN');
    }
  });
});

describe('isValidGtin', () => {
  it.each([
    '036000291452', // UPC-A
    '4006381333931', // EAN-13
    '96385074', // EAN-8
    '10012345678902', // GTIN-14
    '5901234123457',
    '8710398503565',
    '73513537',
    '0036000291452', // the UPC-A as EAN-13
    '00036000291452', // the UPC-A as GTIN-14
  ])('%s is a valid GTIN', (code) => {
    expect(isValidGtin(code)).toBe(true);
  });

  it.each([
    ['8710398503562', 'wrong check digit (should be 5)'],
    ['036000291453', 'wrong check digit'],
    ['4006381333932', 'wrong check digit'],
    ['96385075', 'wrong check digit'],
    ['10012345678903', 'wrong check digit'],
    ['4006381333913', 'two digits swapped'],
    ['9638507', '7 digits'],
    ['03600029145', '11 digits'],
    ['123456789012345', '15 digits'],
    ['', 'empty'],
    [' 4006381333931', 'leading space'],
    ['4006381333931\n', 'trailing newline'],
    ['400638133393A', 'a letter'],
    ['ABC-1234', 'an internal code of 8 characters'],
    ['8.71E+12', 'spreadsheet damage'],
  ])('%j is not a valid GTIN (%s)', (code) => {
    expect(isValidGtin(code)).toBe(false);
  });
});

describe('describeBarcode', () => {
  it.each<[string, BarcodeInfo]>([
    ['96385074', { code: '96385074', kind: 'EAN-8', checkDigitOk: true }],
    ['036000291452', { code: '036000291452', kind: 'UPC-A', checkDigitOk: true }],
    ['4006381333931', { code: '4006381333931', kind: 'EAN-13', checkDigitOk: true }],
    ['10012345678902', { code: '10012345678902', kind: 'GTIN-14', checkDigitOk: true }],
    ['8710398503562', { code: '8710398503562', kind: 'EAN-13', checkDigitOk: false }],
    ['96385075', { code: '96385075', kind: 'EAN-8', checkDigitOk: false }],
    ['036000291453', { code: '036000291453', kind: 'UPC-A', checkDigitOk: false }],
    ['10012345678901', { code: '10012345678901', kind: 'GTIN-14', checkDigitOk: false }],
    // scanners send CR/LF, people paste spaces
    [' 4006381333931\r\n', { code: '4006381333931', kind: 'EAN-13', checkDigitOk: true }],
    // in-store codes are legal barcodes, just not GTINs
    ['ABC-123', { code: 'ABC-123', kind: null, checkDigitOk: null }],
    ['12345', { code: '12345', kind: null, checkDigitOk: null }], // a PLU
    ['4011', { code: '4011', kind: null, checkDigitOk: null }], // bananas
    ['1234567', { code: '1234567', kind: null, checkDigitOk: null }],
    ['123456789012345', { code: '123456789012345', kind: null, checkDigitOk: null }],
    ['ABCDEFGH', { code: 'ABCDEFGH', kind: null, checkDigitOk: null }], // 8 characters, not digits
    ['4006381 333931', { code: '4006381 333931', kind: null, checkDigitOk: null }],
    ['', { code: '', kind: null, checkDigitOk: null }],
  ])('%j', (code, expected) => {
    expect(describeBarcode(code)).toEqual(expected);
  });
});

describe('normalizeBarcode', () => {
  it.each<[string, string]>([
    ['036000291452', '0036000291452'], // UPC-A → EAN-13 with a leading 0
    ['0036000291452', '0036000291452'],
    ['00036000291452', '0036000291452'], // GTIN-14 with a leading 0 → the EAN-13 after it
    ['04006381333931', '4006381333931'],
    ['10012345678902', '10012345678902'], // a real GTIN-14 (packaging level 1) stays
    ['4006381333931', '4006381333931'],
    ['96385074', '96385074'], // EAN-8 unchanged
    ['ABC-123', 'ABC-123'],
    ['12345', '12345'],
    ['  4006381333931\r\n', '4006381333931'],
    [' 036000291452 ', '0036000291452'],
    ['036000291453', '0036000291453'], // by length: a bad check digit normalizes the same way every time
    ['ABCDEFGHIJKL', 'ABCDEFGHIJKL'], // 12 characters but not digits
  ])('%j → %j', (code, expected) => {
    expect(normalizeBarcode(code)).toBe(expected);
  });

  it('makes UPC-A, its EAN-13 and its GTIN-14 spelling the same key', () => {
    const keys = new Set(['036000291452', '0036000291452', '00036000291452'].map(normalizeBarcode));
    expect(keys).toEqual(new Set(['0036000291452']));
    expect(isValidGtin(normalizeBarcode('036000291452'))).toBe(true);
  });

  it('is idempotent', () => {
    for (const code of ['036000291452', '00036000291452', '96385074', 'ABC-123', '10012345678902']) {
      expect(normalizeBarcode(normalizeBarcode(code))).toBe(normalizeBarcode(code));
    }
  });
});

describe('looksLikeSpreadsheetNumber', () => {
  it.each([
    '8.71E+12',
    '8,71E+12',
    '8.71229E+12',
    '8,71229E+12',
    '1E+13',
    '1e+13',
    '8.71e12',
    '8.71E12',
    '4.00638E-05',
    ' 8.71E+12 ',
    '5.90123E+12',
  ])('%j is Excel damage', (text) => {
    expect(looksLikeSpreadsheetNumber(text)).toBe(true);
  });

  it.each([
    '8710398503565',
    '4006381333931',
    '96385074',
    'ABC-123',
    '',
    'E+12',
    '8.71E',
    '8.71E+',
    '8.71F+12',
    '.71E+12',
    '8.E+12',
    '1.2.3E+4',
    '12.50',
    'EAN13',
  ])('%j is not', (text) => {
    expect(looksLikeSpreadsheetNumber(text)).toBe(false);
  });
});
