import { describe, expect, it } from 'vitest';
import { checkLayout, decodeEmbedded, type EmbeddedLayout } from '../../src/core/embedded-barcode.js';
import { gtinCheckDigit } from '../../src/core/gtin.js';

const withCheck = (body12: string): string => body12 + String(gtinCheckDigit(body12));
const LAYOUTS: EmbeddedLayout[] = [
  { prefix: '28', itemDigits: 5, valueDigits: 5, kind: 'price', decimals: 2 },
  { prefix: '29', itemDigits: 5, valueDigits: 5, kind: 'weight', decimals: 3 },
  { prefix: '21', itemDigits: 6, valueDigits: 4, kind: 'price', decimals: 1 },
];

describe('price- and weight-embedded EAN-13', () => {
  it.each([
    [withCheck('281234501234'), { lookupCode: withCheck('281234500000'), kind: 'price', priceCents: 1234 }],
    [withCheck('290042000350'), { lookupCode: withCheck('290042000000'), kind: 'weight', qtyMilli: 350 }],
    [withCheck('290042012345'), { lookupCode: withCheck('290042000000'), kind: 'weight', qtyMilli: 12345 }],
    [withCheck('211234560125'), { lookupCode: withCheck('211234560000'), kind: 'price', priceCents: 1250 }],
  ])('%s decodes', (code, expected) => {
    expect(decodeEmbedded(code, LAYOUTS)).toEqual(expected);
  });

  it.each([
    ['wrong check digit', withCheck('281234501234').slice(0, 12) + '9'],
    ['no layout for prefix 27', withCheck('271234501234')],
    ['an ordinary EAN-13', '8712439011619'],
    ['too short', '28123450123'],
  ])('%s → null', (_why, code) => {
    if (code.length === 13 && _why === 'wrong check digit') expect(code).not.toBe(withCheck('281234501234'));
    expect(decodeEmbedded(code, LAYOUTS)).toBeNull();
  });

  it.each([
    { prefix: '30', itemDigits: 5, valueDigits: 5, kind: 'price', decimals: 2 },
    { prefix: '28', itemDigits: 5, valueDigits: 4, kind: 'price', decimals: 2 },
    { prefix: '28', itemDigits: 5, valueDigits: 5, kind: 'price', decimals: 3 },
  ] as EmbeddedLayout[])('refuses the layout %j', (layout) => {
    expect(() => checkLayout(layout)).toThrow(/does not fit/);
  });
});
