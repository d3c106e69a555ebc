import { describe, expect, it } from 'vitest';
import {
  distribute,
  lineGrossCents,
  roundToCashStep,
  saleTotals,
  settleCash,
  vatBreakdown,
  vatIncluded,
  vatOnTop,
  type LineInput,
  type SaleDiscount,
  type VatLine,
} from '../../src/core/sale.js';

const high = (unitPriceCents: number, qtyMilli = 1000, discountCents = 0): LineInput => ({ unitPriceCents, qtyMilli, discountCents, vatCode: 'high', vatBp: 2100 });
const low = (unitPriceCents: number, qtyMilli = 1000, discountCents = 0): LineInput => ({ unitPriceCents, qtyMilli, discountCents, vatCode: 'low', vatBp: 900 });

describe('line gross: price × quantity, half up', () => {
  it.each([
    [329, 1000, 329],
    [329, 3000, 987],
    [1495, 350, 523], // 5.2325 → 5.23
    [1495, 250, 374], // 3.7375 → 3.74
    [299, 500, 150], // 1.495 → 1.50 (half up)
    [-329, 1000, -329], // a refund line
    [199, 1, 0], // 0.199 cents → 0
  ])('%i cents × %i milli = %i', (price, qty, gross) => {
    expect(lineGrossCents(price, qty)).toBe(gross);
  });
});

describe('VAT inside a tax-inclusive amount, half up', () => {
  it.each([
    [1210, 2100, 210],
    [100, 2100, 17], // 17.355… → 17
    [109, 900, 9],
    [1000, 900, 83], // 82.568… → 83
    [1000, 0, 0],
    [1000, null, 0],
    [-1210, 2100, -210],
  ])('%i at %s bp → %i VAT', (gross, bp, vat) => {
    expect(vatIncluded(gross, bp)).toBe(vat);
  });

  it('is computed per rate over the sum of lines, not per line', () => {
    // Three lines of 0.10 at 21 %: per line 2 cents each (6), over the sum 5 cents (30 × 21/121 = 5.2).
    const v = vatBreakdown([
      { totalCents: 10, vatCode: 'high', vatBp: 2100 },
      { totalCents: 10, vatCode: 'high', vatBp: 2100 },
      { totalCents: 10, vatCode: 'high', vatBp: 2100 },
    ]);
    expect(v).toEqual([{ vatCode: 'high', vatBp: 2100, grossCents: 30, netCents: 25, vatCents: 5 }]);
  });
});

describe('distribute', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [700, 300], [7, 3]],
    [1, [50, 50], [1, 0]],
    [0, [5, 5], [0, 0]],
    [7, [0, 0], [0, 0]],
    [-5, [1, 1], [-3, -2]],
  ])('%i over %j → %j', (amount, weights, parts) => {
    expect(distribute(amount, weights)).toEqual(parts);
    if (weights.some((w) => w > 0)) expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
  });
});

describe('sale totals', () => {
  it('a basket of two rates, with a weighed line and a line discount', () => {
    const t = saleTotals([low(329, 2000), low(1495, 350), high(649, 1000, 50)]);
    expect(t.lines.map((l) => l.totalCents)).toEqual([658, 523, 599]);
    expect(t).toMatchObject({ subtotalCents: 1830, discountCents: 50, totalCents: 1780 });
    expect(t.vat).toEqual([
      { vatCode: 'high', vatBp: 2100, grossCents: 599, netCents: 495, vatCents: 104 },
      { vatCode: 'low', vatBp: 900, grossCents: 1181, netCents: 1083, vatCents: 98 }, // 1181 × 9/109 = 97.51
    ]);
    const vatSum = t.vat.reduce((a, v) => a + v.grossCents, 0);
    expect(vatSum).toBe(t.totalCents);
  });

  it('a 10 % sale discount is spread over the lines so VAT stays right per rate', () => {
    const t = saleTotals([high(1000), low(500)], { percentBp: 1000 });
    expect(t.discountCents).toBe(150);
    expect(t.lines.map((l) => l.saleDiscountCents)).toEqual([100, 50]);
    expect(t.totalCents).toBe(1350);
    expect(t.vat.map((v) => [v.vatCode, v.grossCents, v.vatCents])).toEqual([
      ['high', 900, 156],
      ['low', 450, 37],
    ]);
  });

  it('an amount discount adds up exactly', () => {
    const t = saleTotals([high(333), high(333), low(334)], { amountCents: 100 });
    expect(t.lines.reduce((a, l) => a + l.saleDiscountCents, 0)).toBe(100);
    expect(t.totalCents).toBe(900);
  });

  it.each([
    [[high(100, 1000, 101)], undefined, 'line discount'],
    [[high(100)], { amountCents: 101 }, 'sale discount'],
    [[high(100)], { percentBp: 10001 }, 'sale discount'],
  ])('refuses a discount larger than what it discounts', (lines, discount, what) => {
    expect(() => saleTotals(lines, discount)).toThrow(new RegExp(what));
  });
});

describe('cash rounding', () => {
  it.each([
    // step 5: 1–2 down, 3–4 up, 6–7 down, 8–9 up
    [1000, 1000], [1001, 1000], [1002, 1000], [1003, 1005], [1004, 1005], [1005, 1005],
    [1006, 1005], [1007, 1005], [1008, 1010], [1009, 1010], [-1003, -1005], [-1002, -1000],
  ])('%i → %i at step 5', (amount, rounded) => {
    expect(roundToCashStep(amount, 5)).toBe(rounded);
  });

  it.each([
    [1004, 10, 1000],
    [1005, 10, 1010],
    [1049, 100, 1000],
    [1050, 100, 1100],
    [1234, 1, 1234],
  ])('%i at step %i → %i', (amount, step, rounded) => {
    expect(roundToCashStep(amount, step)).toBe(rounded);
  });

  it('settles cash: rounding on the sale, change to the customer', () => {
    expect(settleCash(1783, 2000, 5)).toEqual({ dueCents: 1783, amountCents: 1785, roundingCents: 2, tenderedCents: 2000, changeCents: 215 });
    expect(settleCash(1781, 1780, 5)).toMatchObject({ amountCents: 1780, roundingCents: -1, changeCents: 0 });
    expect(() => settleCash(1783, 1780, 5)).toThrow(/not enough: 1785 cents are due/);
  });
});

// Prices excluding VAT (`prices.includeVat false`): line totals are net, VAT comes on top per rate.
const zero = (unitPriceCents: number, qtyMilli = 1000): LineInput => ({ unitPriceCents, qtyMilli, vatCode: 'zero', vatBp: 0 });
const exempt = (unitPriceCents: number, qtyMilli = 1000): LineInput => ({ unitPriceCents, qtyMilli, vatCode: 'exempt', vatBp: null });
const EXCLUSIVE = { pricesIncludeVat: false };

describe('VAT on top of a net amount, half up', () => {
  it.each([
    [1000, 2100, 210],
    [250, 2100, 53], // 52.5 → 53 (half up)
    [249, 2100, 52], // 52.29 → 52
    [50, 900, 5], // 4.5 → 5
    [1000, 550, 55],
    [1000, 0, 0],
    [1000, null, 0],
    [-250, 2100, -53], // a refund mirrors the sale
  ])('%i net at %s bp → %i VAT', (net, bp, vat) => {
    expect(vatOnTop(net, bp)).toBe(vat);
  });

  it('is computed per rate over the sum of net lines, not per line', () => {
    // Three lines of 0.50 net at 9 %: per line 4.5 → 5 each (15), over the sum 150 × 9 % = 13.5 → 14.
    const line = { totalCents: 50, vatCode: 'low', vatBp: 900 };
    expect(vatBreakdown([line, line, line], EXCLUSIVE)).toEqual([{ vatCode: 'low', vatBp: 900, grossCents: 164, netCents: 150, vatCents: 14 }]);
  });

  it('without options, and with pricesIncludeVat true, VAT is inside the prices as before', () => {
    const lines = [{ totalCents: 1210, vatCode: 'high', vatBp: 2100 }];
    expect(vatBreakdown(lines)).toEqual([{ vatCode: 'high', vatBp: 2100, grossCents: 1210, netCents: 1000, vatCents: 210 }]);
    expect(vatBreakdown(lines, { pricesIncludeVat: true })).toEqual(vatBreakdown(lines));
    const basket = [low(329, 2000), high(649, 1000, 50)];
    expect(saleTotals(basket, { percentBp: 500 }, { pricesIncludeVat: true })).toEqual(saleTotals(basket, { percentBp: 500 }));
    expect(saleTotals(basket, undefined, {})).toEqual(saleTotals(basket));
  });
});

describe('sale totals with prices excluding VAT', () => {
  type Case = {
    name: string;
    lines: LineInput[];
    discount?: SaleDiscount;
    lineTotals: number[];
    subtotal: number;
    discountCents: number;
    total: number;
    vat: [string, number, number, number][]; // code, net, VAT, gross
  };
  const cases: Case[] = [
    {
      name: 'several rates, zero-rated and exempt lines',
      lines: [high(1000), low(500), zero(200), exempt(300)],
      lineTotals: [1000, 500, 200, 300],
      subtotal: 2000,
      discountCents: 0,
      total: 2255,
      vat: [
        ['high', 1000, 210, 1210],
        ['low', 500, 45, 545],
        ['zero', 200, 0, 200],
        ['exempt', 300, 0, 300],
      ],
    },
    {
      name: 'rounding at half a cent, per rate',
      lines: [high(125), high(125), low(50)],
      lineTotals: [125, 125, 50],
      subtotal: 300,
      discountCents: 0,
      total: 358, // 250 × 21 % = 52.5 → 53; 50 × 9 % = 4.5 → 5
      vat: [
        ['high', 250, 53, 303],
        ['low', 50, 5, 55],
      ],
    },
    {
      name: 'a weighed line with a line discount',
      lines: [low(1495, 350, 23), high(649)],
      lineTotals: [500, 649],
      subtotal: 1172,
      discountCents: 23,
      total: 1330, // 649 × 21 % = 136.29 → 136; 500 × 9 % = 45
      vat: [
        ['high', 649, 136, 785],
        ['low', 500, 45, 545],
      ],
    },
    {
      name: 'a 10 % sale discount spread over the rates, VAT on what is left',
      lines: [high(1000), low(500), exempt(500)],
      discount: { percentBp: 1000 },
      lineTotals: [900, 450, 450],
      subtotal: 2000,
      discountCents: 200,
      total: 2030, // 900 × 21 % = 189; 450 × 9 % = 40.5 → 41
      vat: [
        ['high', 900, 189, 1089],
        ['low', 450, 41, 491],
        ['exempt', 450, 0, 450],
      ],
    },
    {
      name: 'an amount discount off the net, largest remainder to the low rate',
      lines: [high(333), low(667)],
      discount: { amountCents: 100 },
      lineTotals: [300, 600],
      subtotal: 1000,
      discountCents: 100,
      total: 1017, // 300 × 21 % = 63; 600 × 9 % = 54
      vat: [
        ['high', 300, 63, 363],
        ['low', 600, 54, 654],
      ],
    },
  ];

  it.each(cases)('$name', (c) => {
    const t = saleTotals(c.lines, c.discount, EXCLUSIVE);
    expect(t.lines.map((l) => l.totalCents)).toEqual(c.lineTotals);
    expect(t).toMatchObject({ subtotalCents: c.subtotal, discountCents: c.discountCents, totalCents: c.total });
    expect(t.vat.map((v) => [v.vatCode, v.netCents, v.vatCents, v.grossCents])).toEqual(c.vat);
    // What holds for every exclusive sale: gross = net + VAT per rate; the total is net + VAT.
    const sum = (f: (v: VatLine) => number): number => t.vat.reduce((a, v) => a + f(v), 0);
    for (const v of t.vat) expect(v.grossCents).toBe(v.netCents + v.vatCents);
    expect(sum((v) => v.netCents)).toBe(t.subtotalCents - t.discountCents);
    expect(t.totalCents).toBe(sum((v) => v.netCents) + sum((v) => v.vatCents));
    expect(t.totalCents).toBe(sum((v) => v.grossCents));
  });

  it('the same basket costs more when its prices are net', () => {
    const basket = [high(1000), low(500)];
    expect(saleTotals(basket).totalCents).toBe(1500);
    expect(saleTotals(basket, undefined, EXCLUSIVE).totalCents).toBe(1755);
  });

  it('refuses a discount larger than the net it discounts', () => {
    expect(() => saleTotals([high(100)], { amountCents: 101 }, EXCLUSIVE)).toThrow(/sale discount/);
  });
});
