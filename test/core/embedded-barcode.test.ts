import { describe, expect, it } from 'vitest';
import { checkLayout, decodeEmbedded, formatLayout, parseLayout, type EmbeddedLayout } from '../../src/core/embedded-barcode.js';
import { KassaError } from '../../src/core/errors.js';
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

describe('layouts as settings text', () => {
  it.each([
    ['28', 'item=5 price=5 decimals=2', { prefix: '28', itemDigits: 5, valueDigits: 5, kind: 'price', decimals: 2 }, 'item=5 price=5 decimals=2'],
    ['29', 'item=5 weight=5 decimals=3', { prefix: '29', itemDigits: 5, valueDigits: 5, kind: 'weight', decimals: 3 }, 'item=5 weight=5 decimals=3'],
    ['21', ' decimals=1, PRICE=4 item=6 ', { prefix: '21', itemDigits: 6, valueDigits: 4, kind: 'price', decimals: 1 }, 'item=6 price=4 decimals=1'],
    ['22', 'item=4 price=6', { prefix: '22', itemDigits: 4, valueDigits: 6, kind: 'price', decimals: 2 }, 'item=4 price=6 decimals=2'],
    ['23', 'item=5 weight=5', { prefix: '23', itemDigits: 5, valueDigits: 5, kind: 'weight', decimals: 3 }, 'item=5 weight=5 decimals=3'],
  ])('barcode.%s "%s" reads and prints back', (prefix, text, layout, printed) => {
    const parsed = parseLayout(prefix, text);
    expect(parsed).toEqual(layout);
    expect(formatLayout(parsed!)).toBe(printed);
    expect(parseLayout(prefix, printed)).toEqual(layout);
  });

  it.each(['none', ' NONE '])('"%s" removes the layout', (text) => {
    expect(parseLayout('28', text)).toBeNull();
  });

  it.each([
    ['', /is empty/],
    ['item=5 prize=5', /"prize=5", which is not item=N, price=N, weight=N or decimals=N/],
    ['item=5 price=5 weight=5', /both a price and a weight/],
    ['item=5 decimals=2', /no price=N or weight=N/],
    ['price=10', /no item=N/],
    ['item=5 item=5 price=5', /names item twice/],
    ['item=5 price=4', /does not fit an EAN-13: 2 prefix \+ 5 item \+ 4 value \+ 1 check digit = 12, not 13/],
    ['item=0 price=10', /at least 1 item digit/],
    ['item=5 price=5 decimals=3', /a price has 0 to 2 decimals, not 3/],
    ['item=5 weight=5 decimals=4', /a weight has 0 to 3 decimals, not 4/],
    ['item=-5 price=15', /"item=-5", which is not/],
  ])('refuses "%s", naming the key and what is valid', (text, why) => {
    let error: unknown;
    try {
      parseLayout('28', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KassaError);
    const e = error as KassaError;
    expect(e.code).toBe('INVALID_SETTING');
    expect(e.message).toContain(`barcode.28: "${text}"`);
    expect(e.message).toMatch(why);
    expect(e.hint).toContain('item=N price=N|weight=N [decimals=N]');
    expect(e.hint).toContain('none');
  });

  it('a parsed layout decodes what it describes', () => {
    const layout = parseLayout('28', 'item=5 price=5 decimals=2')!;
    expect(decodeEmbedded(withCheck('281234501234'), [layout])).toMatchObject({ kind: 'price', priceCents: 1234 });
  });
});
