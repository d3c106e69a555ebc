import { describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import { LOCALES } from '../../src/core/money.js';
import type { DecimalMark, Locale } from '../../src/core/money.js';
import { MILLI, formatQuantity, parseQuantity, qtyMilli, tryParseQuantity } from '../../src/core/quantity.js';

const MAX = Number.MAX_SAFE_INTEGER;

describe('qtyMilli', () => {
  it('counts thousandths', () => {
    expect(MILLI).toBe(1000);
  });

  it.each([0, 1, 350, -1000, MAX, -MAX])('accepts %d', (n) => {
    expect(qtyMilli(n)).toBe(n);
  });

  it('has one zero', () => {
    expect(Object.is(qtyMilli(-0), 0)).toBe(true);
  });

  it.each([0.5, Number.NaN, Infinity, 2 ** 53])('refuses %d with a RangeError', (n) => {
    expect(() => qtyMilli(n)).toThrow(RangeError);
  });
});

describe('tryParseQuantity: accepted', () => {
  it.each<[string, DecimalMark | undefined, number]>([
    ['3', undefined, 3000],
    ['0', undefined, 0],
    ['-1', undefined, -1000],
    ['+1', undefined, 1000],
    [' 3 ', undefined, 3000],
    ['2,5', undefined, 2500],
    ['2.5', undefined, 2500],
    ['.5', undefined, 500],
    ['5.', undefined, 5000],
    // a single mark before exactly 3 digits is a decimal: quantities have 3 decimals
    ['0.350', undefined, 350],
    ['0,350', undefined, 350],
    ['1.234', undefined, 1234],
    ['1,234', undefined, 1234],
    ['-0,250', undefined, -250],
    ['0,001', undefined, 1],
    // more decimals only when they are zeros
    ['1.2340', undefined, 1234],
    ['1,234000', undefined, 1234],
    ['0.3500', undefined, 350],
    // both marks: the last one is the decimal mark
    ['1.234,5', undefined, 1234500],
    ['1,234.5', undefined, 1234500],
    ['1.234.567,125', undefined, 1234567125],
    // one mark several times: thousands
    ['1.234.567', undefined, 1234567000],
    ['1,234,567', undefined, 1234567000],
    // spaces group thousands
    ['1 234', undefined, 1234000],
    ['1 234,5', undefined, 1234500],
    ['1\u202f234,5', undefined, 1234500],
    // a given decimal mark
    ['1.234,5', ',', 1234500],
    ['0,350', ',', 350],
    ['1.234', ',', 1234000],
    ['1,234', '.', 1234000],
    ['0.350', '.', 350],
    ['2', '.', 2000],
    // the top of the safe range
    ['9007199254740.991', undefined, MAX],
  ])('%j (decimal %j) → %d', (text, decimal, expected) => {
    expect(tryParseQuantity(text, decimal === undefined ? undefined : { decimal })).toEqual({ ok: true, milli: expected });
  });

  it('never returns -0', () => {
    const r = tryParseQuantity('-0,000');
    expect(r.ok && Object.is(r.milli, 0)).toBe(true);
  });
});

describe('tryParseQuantity: refused', () => {
  it.each<[string, DecimalMark | undefined, string]>([
    ['', undefined, 'is empty'],
    ['  ', undefined, 'is empty'],
    ['abc', undefined, "'a' is not a digit"],
    ['2,5kg', undefined, "'k' is not a digit"],
    ['1x', undefined, "'x' is not a digit"],
    ['€ 3', undefined, "'€' is not a digit"], // quantities have no currency
    ['3 EUR', undefined, "'E' is not a digit"],
    ['1.2345', undefined, 'has more than 3 decimals'],
    ['0,0001', undefined, 'has more than 3 decimals'],
    ['1.2345', '.', 'has more than 3 decimals'],
    ['1.2.3', undefined, 'not grouped by thousands'],
    ['1.2.3', ',', 'not grouped by thousands'],
    ['12 5', undefined, 'not grouped by thousands'],
    ['-', undefined, 'has no digits'],
    ['.', undefined, 'has no digits'],
    ['--1', undefined, 'has more than one sign'],
    ['1-', undefined, "the sign '-' must come before the number"],
    ['1,234.5', ',', "has the thousands separator '.' after the decimal mark ','"],
    ['1,5,0', ',', "has more than one decimal mark ','"],
    ['9007199254740.992', undefined, 'is too large'],
    ['99999999999999', undefined, 'is too large'], // × 1000 leaves the safe range
  ])('%j (decimal %j) is refused: %s', (text, decimal, reason) => {
    const r = tryParseQuantity(text, decimal === undefined ? undefined : { decimal });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});

describe('parseQuantity', () => {
  it('returns thousandths', () => {
    expect(parseQuantity('0,350')).toBe(350);
    expect(parseQuantity('1.234', { decimal: ',' })).toBe(1234000);
  });

  it.each<[string, string]>([
    ['2,5kg', `"2,5kg" is not a quantity: 'k' is not a digit`],
    ['', `"" is not a quantity: is empty`],
    ['1.2345', `"1.2345" is not a quantity: has more than 3 decimals`],
  ])('%j throws INVALID_QUANTITY', (text, message) => {
    let caught: unknown;
    try {
      parseQuantity(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KassaError);
    const err = caught as KassaError;
    expect(err.code).toBe('INVALID_QUANTITY');
    expect(err.message).toBe(message);
    expect(err.hint).toBeTruthy();
  });
});

describe('formatQuantity: whole numbers bare, otherwise up to 3 decimals without trailing zeros', () => {
  it.each<[number, Locale, string]>([
    [3000, 'nl-NL', '3'],
    [3000, 'en-GB', '3'],
    [0, 'nl-NL', '0'],
    [-0, 'nl-NL', '0'],
    [-1000, 'en-GB', '-1'],
    [350, 'nl-NL', '0,35'],
    [350, 'en-GB', '0.35'],
    [-350, 'nl-NL', '-0,35'],
    [2500, 'nl-NL', '2,5'],
    [2500, 'en-GB', '2.5'],
    [1, 'nl-NL', '0,001'],
    [10, 'en-GB', '0.01'],
    [1001, 'nl-NL', '1,001'],
    [1234, 'en-GB', '1.234'],
    [1234000, 'nl-NL', '1234'], // no grouping: 1.234 would read back as a decimal
    [1234500, 'en-GB', '1234.5'],
    [MAX, 'en-GB', '9007199254740.991'],
  ])('%d in %s → %j', (milli, locale, expected) => {
    expect(formatQuantity(milli, locale)).toBe(expected);
  });

  it.each([0.5, Number.NaN, 2 ** 53])('refuses %d', (n) => {
    expect(() => formatQuantity(n, 'en-GB')).toThrow(RangeError);
  });
});

describe('format → parse round trip', () => {
  const values = [0, 1, -1, 10, 100, 350, 999, 1000, 1001, 1234, 2500, -2500, 12345, 1234000, 1234567, MAX, -MAX];
  const cases: [number, Locale][] = [];
  for (const v of values) for (const locale of LOCALES) cases.push([v, locale]);

  it.each(cases)('%d in %s', (v, locale) => {
    const text = formatQuantity(v, locale);
    expect(parseQuantity(text)).toBe(v);
    expect(parseQuantity(text, { decimal: locale === 'nl-NL' ? ',' : '.' })).toBe(v);
  });

  it('holds for every quantity from -3 to 3 in steps of 0.001', () => {
    for (let v = -3000; v <= 3000; v++) {
      for (const locale of LOCALES) expect(parseQuantity(formatQuantity(v, locale))).toBe(v);
    }
  });
});
