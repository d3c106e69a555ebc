import { describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import {
  LOCALES,
  cents,
  decimalMarkOf,
  formatAmount,
  mulDivRoundHalfUp,
  parseAmount,
  roundHalfUpDiv,
  tryParseAmount,
} from '../../src/core/money.js';
import type { DecimalMark, Locale } from '../../src/core/money.js';

const MAX = Number.MAX_SAFE_INTEGER; // 9007199254740991

/** A small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('cents', () => {
  it.each([0, 1, -1, 1250, MAX, -MAX])('accepts the safe integer %d', (n) => {
    expect(cents(n)).toBe(n);
  });

  it('has one zero', () => {
    expect(Object.is(cents(-0), 0)).toBe(true);
  });

  it.each([1.5, 0.1, Number.NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 53)])('refuses %d with a RangeError', (n) => {
    expect(() => cents(n)).toThrow(RangeError);
  });
});

describe('locales', () => {
  it('lists nl-NL and en-GB', () => {
    expect(LOCALES).toEqual(['nl-NL', 'en-GB']);
  });

  it.each<[Locale, DecimalMark]>([
    ['nl-NL', ','],
    ['en-GB', '.'],
  ])('%s writes decimals with %s', (locale, mark) => {
    expect(decimalMarkOf(locale)).toBe(mark);
  });
});

describe('tryParseAmount: accepted without a decimal mark given', () => {
  it.each<[string, number]>([
    // the common cases
    ['12.50', 1250],
    ['12,50', 1250],
    ['1250', 125000],
    ['0', 0],
    ['007', 700],
    ['.5', 50],
    [',5', 50],
    ['5.', 500],
    ['5,', 500],
    ['12,5', 1250],
    ['12.5', 1250],
    ['0,01', 1],
    ['0.99', 99],
    // surrounding whitespace
    ['  12.50  ', 1250],
    ['\t12,50\n', 1250],
    ['\u00a012,50\u00a0', 1250],
    ['\r\n 7 \r\n', 700],
    // currency marks in front or behind, with or without space
    ['€ 12,50', 1250],
    ['€12.50', 1250],
    ['€\u00a012,50', 1250],
    ['12,50 €', 1250],
    ['12.50€', 1250],
    ['EUR 12.50', 1250],
    ['EUR12.50', 1250],
    ['eur 12,50', 1250],
    ['Eur 12,50', 1250],
    ['12,50 EUR', 1250],
    ['12.50eur', 1250],
    // signs, before or after a leading currency mark
    ['-3.10', -310],
    ['+3.10', 310],
    ['-3,10', -310],
    ['€ -3,10', -310],
    ['€-3,10', -310],
    ['-€3.10', -310],
    ['- € 3,10', -310],
    ['+€3.10', 310],
    ['EUR -3.10', -310],
    ['-EUR 3.10', -310],
    ['-3,10 €', -310],
    ['-3.10 EUR', -310],
    ['\u22123,10', -310], // typographic minus sign
    ['- 3.10', -310],
    ['-0,01', -1],
    // both marks: the last one is the decimal mark
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1.234.567,89', 123456789],
    ['1,234,567.89', 123456789],
    ['€ 1.234,56', 123456],
    ['€1,234.56', 123456],
    ['-€1,234.56', -123456],
    ['€ -1.234,56', -123456],
    ['1.234,5', 123450],
    ['1,234.', 123400],
    // one mark several times: thousands grouping
    ['1.234.567', 123456700],
    ['1,234,567', 123456700],
    ['12.345.678', 1234567800],
    // spaces, NBSP, narrow NBSP and apostrophes only ever group thousands
    ['1 234,56', 123456],
    ['1 234.56', 123456],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56', 123456],
    ['1 234 567', 123456700],
    ['1 234', 123400],
    ["1'234.56", 123456],
    ["1'234'567", 123456700],
    ['1\u2019234.56', 123456],
    ['€ 1 234,56', 123456],
    // with spaces in use, a single mark before 3 digits can only be decimal
    ['1 234.500', 123450],
    // extra decimals are fine when they are zeros
    ['12.5000', 1250],
    ['12,5000', 1250],
    ['12.3400', 1234],
    ['12.000000', 1200],
    // a single mark before 3 digits is not ambiguous when the front cannot be a group
    ['0.350', 35], // a leading zero: nobody writes thousands as 0.350
    ['0,500', 50],
    ['.500', 50], // nothing in front
    ['1234.500', 123450], // 4 digits in front cannot be a thousands group
    // the limits of the safe range
    ['90071992547409.91', MAX],
    ['-90071992547409.91', -MAX],
    ['90.071.992.547.409,91', MAX],
  ])('%j → %d cents', (text, expected) => {
    const r = tryParseAmount(text);
    expect(r).toEqual({ ok: true, cents: expected });
  });

  it('never returns -0', () => {
    for (const text of ['-0', '-0,00', '€ -0', '-.0']) {
      const r = tryParseAmount(text);
      expect(r.ok && Object.is(r.cents, 0)).toBe(true);
    }
  });
});

describe('tryParseAmount: with a decimal mark or a locale', () => {
  it.each<[string, DecimalMark, number]>([
    ['1.234,56', ',', 123456],
    ['12,50', ',', 1250],
    ['1.234', ',', 123400], // '.' groups thousands
    ['12.345', ',', 1234500],
    ['1.234.567', ',', 123456700],
    ['1.234.567,8', ',', 123456780],
    ['12,5000', ',', 1250],
    ['12', ',', 1200],
    ['1 234,56', ',', 123456],
    ['€ -1.234,56', ',', -123456],
    ['12.50', '.', 1250],
    ['1,234.56', '.', 123456],
    ['12,345', '.', 1234500],
    ['1,234', '.', 123400],
    ['12.3400', '.', 1234],
    ['-€1,234.56', '.', -123456],
  ])('%j with decimal %j → %d', (text, decimal, expected) => {
    expect(tryParseAmount(text, { decimal })).toEqual({ ok: true, cents: expected });
  });

  it.each<[string, Locale, number]>([
    ['12.345', 'nl-NL', 1234500],
    ['12,34', 'nl-NL', 1234],
    ['€ 1.234,56', 'nl-NL', 123456],
    ['12,345', 'en-GB', 1234500],
    ['12.34', 'en-GB', 1234],
    ['€1,234.56', 'en-GB', 123456],
  ])('%j in %s → %d', (text, locale, expected) => {
    expect(tryParseAmount(text, { locale })).toEqual({ ok: true, cents: expected });
  });

  it('a given decimal mark wins over the locale', () => {
    expect(tryParseAmount('12.50', { locale: 'nl-NL', decimal: '.' })).toEqual({ ok: true, cents: 1250 });
    expect(tryParseAmount('12.345', { locale: 'en-GB', decimal: ',' })).toEqual({ ok: true, cents: 1234500 });
  });
});

describe('tryParseAmount: refused, with a reason a person understands', () => {
  it.each<[string, { decimal?: DecimalMark; locale?: Locale } | undefined, string]>([
    ['', undefined, 'is empty'],
    ['   ', undefined, 'is empty'],
    ['\u00a0\t', undefined, 'is empty'],
    ['12,5O', undefined, "'O' is not a digit"],
    ['12,5O', { decimal: ',' }, "'O' is not a digit"],
    ['abc', undefined, "'a' is not a digit"],
    ['1e5', undefined, "'e' is not a digit"],
    ['$12', undefined, "'$' is not a digit"],
    ['12.50 USD', undefined, "'U' is not a digit"],
    ['12,5\t0', undefined, 'U+0009 is not a digit'],
    ['12\u200b50', undefined, 'U+200B is not a digit'],
    ['1.2.3', undefined, '1.2.3 is not grouped by thousands'],
    ['1.2.3', { decimal: ',' }, 'not grouped by thousands'],
    ['1,2,3', undefined, 'not grouped by thousands'],
    ['12..5', undefined, 'not grouped by thousands'],
    ['1.2345,6', undefined, 'not grouped by thousands'],
    ['1,23.45', undefined, 'not grouped by thousands'],
    ['1234.567,89', undefined, 'not grouped by thousands'],
    ['12 5', undefined, 'not grouped by thousands'],
    ["'123", undefined, 'not grouped by thousands'],
    ['1.234.56', undefined, 'not grouped by thousands'],
    ['12.345', undefined, 'ambiguous: 12.345 could be 12345 or 12.345; pass the decimal mark'],
    ['12,345', undefined, 'ambiguous: 12,345 could be 12345 or 12,345; pass the decimal mark'],
    ['1.000', undefined, 'ambiguous'],
    ['€ 1,000', undefined, 'ambiguous'],
    ['-999.999', undefined, 'ambiguous'],
    ['12.505', { decimal: '.' }, 'has more than 2 decimals'],
    ['12.345', { locale: 'en-GB' }, 'has more than 2 decimals'],
    ['12,345', { locale: 'nl-NL' }, 'has more than 2 decimals'],
    ['12.3451', undefined, 'has more than 2 decimals'],
    ['12.0001', undefined, 'has more than 2 decimals'],
    ['1 234.567', undefined, 'has more than 2 decimals'],
    ['0.355', undefined, 'has more than 2 decimals'],
    ['-', undefined, 'has no digits'],
    ['+', undefined, 'has no digits'],
    ['€', undefined, 'has no digits'],
    ['EUR', undefined, 'has no digits'],
    ['- €', undefined, 'has no digits'],
    ['.', undefined, 'has no digits'],
    [',,', undefined, 'has no digits'],
    ['--5', undefined, 'has more than one sign'],
    ['-€-5', undefined, 'has more than one sign'],
    ['+-5', undefined, 'has more than one sign'],
    ['€€5', undefined, 'has more than one currency mark'],
    ['€ 5 €', undefined, 'has more than one currency mark'],
    ['EUR 5 EUR', undefined, 'has more than one currency mark'],
    ['12.50-', undefined, "the sign '-' must come before the number"],
    ['12-50', undefined, "the sign '-' must come before the number"],
    ['1.234,56,7', undefined, "has more than one decimal mark ','"],
    ['1,234.56.7', undefined, "has more than one decimal mark '.'"],
    ['1.234,567.89', undefined, 'mixes . and , as thousands separators'],
    ['1,234.567,89', undefined, 'mixes . and , as thousands separators'],
    ['1,2,3', { decimal: ',' }, "has more than one decimal mark ','"],
    ['1.5.0', { decimal: '.' }, "has more than one decimal mark '.'"],
    ['1,234.56', { decimal: ',' }, "has the thousands separator '.' after the decimal mark ','"],
    ['1.234,5', { decimal: '.' }, "has the thousands separator ',' after the decimal mark '.'"],
    ['1.234,56', { locale: 'en-GB' }, "has the thousands separator ',' after the decimal mark '.'"],
    ['1.234 567,89', undefined, 'mixes different thousands separators'],
    ["1 234'567", undefined, 'mixes different thousands separators'],
    ['1 234.567.890', undefined, 'mixes different thousands separators'],
    ['12,50 0', undefined, "has a thousands separator ' ' after the decimal mark"],
    ['12.345.678 9', undefined, 'mixes different thousands separators'],
    ['99999999999999999', undefined, 'is too large'],
    ['90071992547409.92', undefined, 'is too large'],
    ['90071992547410', undefined, 'is too large'],
    ['-90071992547409.92', undefined, 'is too large'],
    ['123456789012345678901234567890', undefined, 'is too large'],
  ])('%j (%j) is refused: %s', (text, opts, reason) => {
    const r = tryParseAmount(text, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('never throws, whatever the input', () => {
    const alphabet = ['0', '1', '5', '9', '.', ',', ' ', '\u00a0', "'", '-', '+', '€', 'E', 'u', 'r', 'x', '\t'];
    const next = rng(42);
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      const len = Math.floor(next() * 12);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      for (const opts of [undefined, { decimal: ',' as const }, { decimal: '.' as const }]) {
        const r = tryParseAmount(text, opts);
        if (r.ok) expect(Number.isSafeInteger(r.cents)).toBe(true);
        else expect(r.reason.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('parseAmount', () => {
  it('returns cents', () => {
    expect(parseAmount('€ 12,50')).toBe(1250);
    expect(parseAmount('1.234', { decimal: ',' })).toBe(123400);
    expect(parseAmount('12,345', { locale: 'en-GB' })).toBe(1234500);
  });

  it.each<[string, string]>([
    ['12,5O', `"12,5O" is not an amount: 'O' is not a digit`],
    ['', `"" is not an amount: is empty`],
    ['1.2.3', `"1.2.3" is not an amount: 1.2.3 is not grouped by thousands`],
    ['12.345', `"12.345" is not an amount: ambiguous: 12.345 could be 12345 or 12.345; pass the decimal mark`],
  ])('%j throws INVALID_AMOUNT with a message and a hint', (text, message) => {
    let caught: unknown;
    try {
      parseAmount(text);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(KassaError);
    const err = caught as KassaError;
    expect(err.code).toBe('INVALID_AMOUNT');
    expect(err.message).toContain(message);
    expect(err.hint).toBe('write it like 12.50 or 12,50');
  });
});

describe('formatAmount', () => {
  it.each<[number, Locale, string]>([
    [123456, 'nl-NL', '€ 1.234,56'],
    [-123456, 'nl-NL', '€ -1.234,56'],
    [123456, 'en-GB', '€1,234.56'],
    [-123456, 'en-GB', '-€1,234.56'],
    [0, 'nl-NL', '€ 0,00'],
    [0, 'en-GB', '€0.00'],
    [-0, 'nl-NL', '€ 0,00'],
    [5, 'nl-NL', '€ 0,05'],
    [-5, 'nl-NL', '€ -0,05'],
    [-5, 'en-GB', '-€0.05'],
    [50, 'en-GB', '€0.50'],
    [100, 'nl-NL', '€ 1,00'],
    [1250, 'nl-NL', '€ 12,50'],
    [1250, 'en-GB', '€12.50'],
    [99999, 'nl-NL', '€ 999,99'],
    [100000, 'nl-NL', '€ 1.000,00'],
    [100000, 'en-GB', '€1,000.00'],
    [123456789, 'nl-NL', '€ 1.234.567,89'],
    [123456789, 'en-GB', '€1,234,567.89'],
    [-100000000, 'en-GB', '-€1,000,000.00'],
    [MAX, 'nl-NL', '€ 90.071.992.547.409,91'],
    [-MAX, 'en-GB', '-€90,071,992,547,409.91'],
  ])('%d in %s → %j', (c, locale, expected) => {
    expect(formatAmount(c, locale)).toBe(expected);
  });

  it.each<[number, Locale, string]>([
    [123456, 'nl-NL', '1.234,56'],
    [123456, 'en-GB', '1,234.56'],
    [-123456, 'nl-NL', '-1.234,56'],
    [-123456, 'en-GB', '-1,234.56'],
    [7, 'nl-NL', '0,07'],
    [123456789, 'nl-NL', '1.234.567,89'],
  ])('%d in %s without symbol → %j', (c, locale, expected) => {
    expect(formatAmount(c, locale, { symbol: false })).toBe(expected);
    expect(formatAmount(c, locale, { symbol: true })).not.toBe(expected);
  });

  it.each([1.5, Number.NaN, Infinity, 2 ** 53])('refuses %d', (n) => {
    expect(() => formatAmount(n, 'nl-NL')).toThrow(RangeError);
  });

  it('is exact near the top of the safe range', () => {
    expect(formatAmount(MAX - 1, 'en-GB', { symbol: false })).toBe('90,071,992,547,409.90');
    expect(formatAmount(9007199254740899, 'en-GB', { symbol: false })).toBe('90,071,992,547,408.99');
  });
});

describe('format → parse round trip', () => {
  const values = [
    0, 1, -1, 5, 9, 10, 99, 100, 101, 999, 1000, 1234, 12345, 99999, 100000, 123456, -123456, 1000000, 99999999,
    100000000, 123456789, -987654321, 2 ** 31, 2 ** 40 + 7, MAX, -MAX,
  ];
  const cases: [number, Locale, boolean][] = [];
  for (const v of values) for (const locale of LOCALES) for (const symbol of [true, false]) cases.push([v, locale, symbol]);

  function roundTrips(v: number, locale: Locale, symbol: boolean): void {
    const text = formatAmount(v, locale, { symbol });
    expect(parseAmount(text, { locale })).toBe(v);
    // formatted amounts always have 2 decimals, so detection needs no hint
    expect(parseAmount(text)).toBe(v);
  }

  it.each(cases)('%d in %s (symbol %s)', roundTrips);

  it('holds for 2000 random amounts of every magnitude', () => {
    const next = rng(7);
    for (let i = 0; i < 500; i++) {
      const magnitude = 10 ** Math.floor(next() * 16);
      const v = Math.floor((next() - 0.5) * 2 * magnitude);
      for (const locale of LOCALES) for (const symbol of [true, false]) roundTrips(v, locale, symbol);
    }
  });
});

/** The reference: BigInt arithmetic, half away from zero. */
function refRound(n: bigint, d: bigint): bigint {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (2n * an + ad) / (2n * ad);
  return neg ? -q : q;
}

describe('roundHalfUpDiv: halves away from zero', () => {
  it.each<[number, number, number]>([
    [10, 10, 1],
    [5, 10, 1], // +0.5 → 1
    [4, 10, 0],
    [6, 10, 1],
    [15, 10, 2],
    [14, 10, 1],
    [25, 10, 3],
    [-5, 10, -1], // -0.5 → -1: away from zero, not towards +∞
    [-4, 10, 0],
    [-6, 10, -1],
    [-15, 10, -2],
    [-14, 10, -1],
    [-25, 10, -3],
    [5, -10, -1],
    [-5, -10, 1],
    [-4, -10, 0],
    [0, 7, 0],
    [0, -7, 0],
    [1, 3, 0],
    [2, 3, 1],
    [-2, 3, -1],
    [7, 2, 4],
    [-7, 2, -4],
    [1, 2, 1],
    [-1, 2, -1],
    [1, 1, 1],
    [-1, 1, -1],
    [699650, 1000, 700], // €19.99 × 0.350 kg = €6.9965 → €7.00
    [699499, 1000, 699],
    [-699500, 1000, -700], // the refund of a line rounds like the sale
    [1050, 100, 11],
    // VAT 21% of €12.10 gross: 1210 × 2100 / 12100 = 210 exactly
    [1210 * 2100, 12100, 210],
    // large values
    [MAX, 1, MAX],
    [-MAX, 1, -MAX],
    [MAX, -1, -MAX],
    [MAX, 2, 4503599627370496], // 4503599627370495.5 → up
    [-MAX, 2, -4503599627370496],
    [MAX - 1, 2, 4503599627370495],
    [MAX, 10, 900719925474099],
    [MAX, 1000, 9007199254741], // ...740.991 → down
    [MAX - 491, 1000, 9007199254741], // ...740.500 → up
    [MAX, MAX, 1],
    [MAX - 1, MAX, 1],
    [4503599627370495, MAX, 0], // just under one half
    [4503599627370496, MAX, 1], // just over one half
    [1, MAX, 0],
    [-4503599627370496, MAX, -1],
  ])('roundHalfUpDiv(%d, %d) = %d', (n, d, expected) => {
    // the table's own arithmetic is checked against BigInt, then the function against the table
    const ref = Number(refRound(BigInt(n), BigInt(d)));
    expect(ref).toBe(expected);
    expect(roundHalfUpDiv(n, d)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(roundHalfUpDiv(-4, 10), 0)).toBe(true);
    expect(Object.is(roundHalfUpDiv(-4, -10), 0)).toBe(true);
    expect(Object.is(roundHalfUpDiv(4, -10), 0)).toBe(true);
    expect(Object.is(roundHalfUpDiv(0, -3), 0)).toBe(true);
  });

  it.each<[number, number]>([
    [1, 0],
    [1.5, 2],
    [2, 0.5],
    [2 ** 53, 3],
    [3, 2 ** 53],
    [Number.NaN, 1],
  ])('refuses roundHalfUpDiv(%d, %d)', (n, d) => {
    expect(() => roundHalfUpDiv(n, d)).toThrow(RangeError);
  });

  it('agrees with BigInt on random safe integers', () => {
    const next = rng(1234);
    const pick = (): number => {
      const mag = 2 ** Math.floor(next() * 54);
      const v = Math.floor(next() * mag) * (next() < 0.5 ? -1 : 1);
      return Math.max(-MAX, Math.min(MAX, v));
    };
    for (let i = 0; i < 20_000; i++) {
      const n = pick();
      let d = pick();
      if (d === 0) d = 1;
      expect(roundHalfUpDiv(n, d)).toBe(Number(refRound(BigInt(n), BigInt(d))));
      // exact halves: an odd multiple of d over 2d is k + 1/2
      const k = Math.floor(next() * 1000) - 500;
      const m = (2 * k + 1) * d;
      if (Number.isSafeInteger(m) && Number.isSafeInteger(2 * d)) {
        const expected = k >= 0 ? k + 1 : k; // away from zero
        expect(roundHalfUpDiv(m, 2 * d)).toBe(expected);
      }
    }
  });
});

describe('mulDivRoundHalfUp: a × b / d without losing digits', () => {
  it.each<[number, number, number]>([
    [1999, 350, 1000], // 699.65 → 700
    [1999, -350, 1000],
    [-1999, 350, 1000],
    [1, 500, 1000],
    [-1, 500, 1000],
    [0, 123, 1000],
    [MAX, 1000, 1000], // the product exceeds 2^53: BigInt path
    [-MAX, 1000, 1000],
    [2 ** 40 + 1, 2 ** 20 + 3, 7000],
    [123456789012, 98765, 100000],
    [-123456789012, 98765, 100000],
    [4503599627370497, 2, 4],
  ])('mulDivRoundHalfUp(%d, %d, %d) matches BigInt', (a, b, d) => {
    expect(mulDivRoundHalfUp(a, b, d)).toBe(Number(refRound(BigInt(a) * BigInt(b), BigInt(d))));
  });

  it('is exact where the float product is not', () => {
    // 3 × 3002399751580331 = 9007199254740993 > 2^53: as a double it reads ...992
    expect(mulDivRoundHalfUp(3002399751580331, 3, 2)).toBe(4503599627370497); // ...496.5 → up
    expect(mulDivRoundHalfUp(MAX, 1000, 1000)).toBe(MAX);
  });

  it('refuses results beyond the safe range', () => {
    expect(() => mulDivRoundHalfUp(MAX, 2, 1)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1, 2, 0)).toThrow(RangeError);
    expect(() => mulDivRoundHalfUp(1.5, 2, 1)).toThrow(RangeError);
  });

  it('never returns -0', () => {
    expect(Object.is(mulDivRoundHalfUp(-1, 4, 10), 0)).toBe(true);
    expect(mulDivRoundHalfUp(-1, 5, 10)).toBe(-1); // -0.5 → -1
  });
});
