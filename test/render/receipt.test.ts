import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/core/money.js';
import { renderReceipt } from '../../src/render/receipt.js';
import type { ReceiptData, ReceiptLine, ReceiptOptions, ReceiptPayment } from '../../src/render/receipt.js';
import { RECEIPT_WORDS } from '../../src/render/receipt-words.js';
import type { ReceiptLang } from '../../src/render/receipt-words.js';

function line(l: Partial<ReceiptLine> & Pick<ReceiptLine, 'name' | 'grossCents'>): ReceiptLine {
  return {
    qtyMilli: 1000,
    unit: 'piece',
    unitPriceCents: l.grossCents,
    discountCents: 0,
    discountLabel: null,
    lineTotalCents: l.grossCents - (l.discountCents ?? 0),
    vatBp: 2100,
    priceOverridden: false,
    ...l,
  };
}

function pay(p: Partial<ReceiptPayment> & Pick<ReceiptPayment, 'method' | 'amountCents'>): ReceiptPayment {
  return { tenderedCents: null, changeCents: null, brand: null, maskedPan: null, authCode: null, ...p };
}

/** The receipt of MOCKUPS.md, "Receipt, 42 columns". */
function mockup(): ReceiptData {
  return {
    store: { name: 'Bakkerij de Korenschoof', address: 'Dorpsstraat 12, Ede', vatNumber: 'NL001234567B01', header: '', footer: 'Bedankt en tot ziens!' },
    kind: 'sale',
    receiptNo: 'R1-000123',
    originalReceiptNo: null,
    register: '1',
    completedAt: '2026-11-27T13:32:00Z', // 14:32 in Amsterdam (CET)
    timeZone: 'Europe/Amsterdam',
    cashierName: 'Anna',
    lines: [
      line({ name: 'Volkorenbrood heel', grossCents: 249, vatBp: 900 }),
      line({ name: 'Oude kaas', qtyMilli: 352, unit: 'kg', unitPriceCents: 1299, grossCents: 457, vatBp: 900 }),
      line({ name: 'Rode wijn Merlot 75cl', qtyMilli: 2000, unitPriceCents: 783, grossCents: 1566, discountCents: 157, discountLabel: '10%' }),
      line({ name: 'Draagtas', grossCents: 11 }),
    ],
    totalCents: 2126,
    pricesIncludeVat: true,
    vat: [
      { vatBp: 900, grossCents: 706, netCents: 648, vatCents: 58 },
      { vatBp: 2100, grossCents: 1420, netCents: 1174, vatCents: 246 },
    ],
    payments: [pay({ method: 'cash', amountCents: 2125, tenderedCents: 5000, changeCents: 2875 })],
    roundingCents: -1,
    changeCents: 2875,
    saleDiscountCents: 0,
    terminalReceipt: [],
  };
}

const NL: ReceiptOptions = { lang: 'nl', width: 42, locale: 'nl-NL' };
const EN: ReceiptOptions = { lang: 'en', width: 42, locale: 'en-GB' };

/** A refund of the wine: 2 bottles back, their discount with them, paid out in cash. */
function refund(): ReceiptData {
  return {
    ...mockup(),
    kind: 'refund',
    receiptNo: 'R1-000130',
    originalReceiptNo: 'R1-000123',
    lines: [line({ name: 'Rode wijn Merlot 75cl', qtyMilli: -2000, unitPriceCents: 783, grossCents: -1566, discountCents: -157, discountLabel: '10%' })],
    totalCents: -1409,
    vat: [{ vatBp: 2100, grossCents: -1409, netCents: -1164, vatCents: -245 }],
    payments: [pay({ method: 'cash', amountCents: -1410, tenderedCents: -1410, changeCents: 0 })],
    roundingCents: -1,
    changeCents: 0,
  };
}

/** A business-to-business store: prices without VAT, paid by card. */
function taxExclusive(): ReceiptData {
  return {
    ...mockup(),
    lines: [
      line({ name: 'Workshop brood bakken', qtyMilli: 2000, unitPriceCents: 5000, grossCents: 10000 }),
      line({ name: 'Bakboek', grossCents: 2000, vatBp: 900 }),
    ],
    totalCents: 14280,
    pricesIncludeVat: false,
    vat: [
      { vatBp: 2100, grossCents: 12100, netCents: 10000, vatCents: 2100 },
      { vatBp: 900, grossCents: 2180, netCents: 2000, vatCents: 180 },
    ],
    payments: [pay({ method: 'card', amountCents: 14280, brand: 'Maestro', maskedPan: '****1234' })],
    roundingCents: 0,
    changeCents: 0,
  };
}

const LONG_NAME = 'Biologische volkoren speltbroodjes met zonnebloempitten 6st'; // 60 characters

/** Everything that can make a line long, at once. */
function stress(): ReceiptData {
  const r = mockup();
  return {
    ...r,
    store: { ...r.store, address: 'Dorpsstraat 12\n6711 AB Ede', header: 'Open ma-za 7:00-18:00, zondag gesloten wegens familieomstandigheden' },
    cashierName: 'Anna-Maria van den Bergh-Wijnaendts',
    lines: [
      line({ name: LONG_NAME, grossCents: 249, vatBp: 900 }),
      line({ name: LONG_NAME, qtyMilli: 12345, unit: 'kg', unitPriceCents: 1299999, grossCents: 16048488, vatBp: null, priceOverridden: true }),
      line({ name: 'Supercalifragilisticexpialidociousbroodbeleg', qtyMilli: 2000, unitPriceCents: 783, grossCents: 1566, discountCents: 157, discountLabel: 'vaste klant actie november' }),
    ],
    totalCents: 16050146,
    vat: [
      { vatBp: 2100, grossCents: 1409, netCents: 1164, vatCents: 245 },
      { vatBp: 900, grossCents: 249, netCents: 228, vatCents: 21 },
      { vatBp: null, grossCents: 16048488, netCents: 16048488, vatCents: 0 },
    ],
    payments: [
      pay({ method: 'card', amountCents: 16000000, brand: 'Mastercard', maskedPan: '541333******4444', authCode: '123456' }),
      pay({ method: 'qr', amountCents: 45000 }),
      pay({ method: 'cash', amountCents: 5145, tenderedCents: 10000, changeCents: 4855 }),
    ],
    roundingCents: -1,
    changeCents: 4855,
    saleDiscountCents: 100,
    terminalReceipt: ['MASTERCARD      CONTACTLOOS   KAARTNUMMER ************4444', 'BEDRAG: EUR 160.000,00', '', 'AUTORISATIECODE: 123456'],
  };
}

describe('renderReceipt: the mockup', () => {
  it('reproduces the Dutch 42-column mockup line for line', () => {
    // Differences from the wireframe, on purpose: centring is exact (the mockup's
    // VAT-number and footer lines are off by one or two), the amount of a line
    // with a quantity stands on its quantity line (as it does for the wine), the
    // VAT columns end in the amount column, and the barcode is drawn by the
    // printer where "(R1-000123)" stands.
    expect(renderReceipt(mockup(), NL)).toEqual([
      '         Bakkerij de Korenschoof',
      '           Dorpsstraat 12, Ede',
      '            BTW NL001234567B01',
      '------------------------------------------',
      'Volkorenbrood heel                    2,49',
      'Oude kaas',
      '  0,352 kg x 12,99 /kg                4,57',
      'Rode wijn Merlot 75cl',
      '  2 x 7,83                           15,66',
      '  korting 10%                        -1,57',
      'Draagtas                              0,11',
      '------------------------------------------',
      'TOTAAL                     EUR       21,26',
      'Contant                              50,00',
      'Afronding                            -0,01',
      'Terug                                28,75',
      '------------------------------------------',
      'BTW        Excl.          BTW        Incl.',
      ' 9%         6,48         0,58         7,06',
      '21%        11,74         2,46        14,20',
      '------------------------------------------',
      'Bon R1-000123            27-11-2026  14:32',
      'Kassa 1                  Kassière: Anna',
      '               (R1-000123)',
      '          Bedankt en tot ziens!',
    ]);
  });

  it('uses the same layout with English words and en-GB amounts and dates', () => {
    expect(renderReceipt(mockup(), EN)).toEqual([
      '         Bakkerij de Korenschoof',
      '           Dorpsstraat 12, Ede',
      '            VAT NL001234567B01',
      '------------------------------------------',
      'Volkorenbrood heel                    2.49',
      'Oude kaas',
      '  0.352 kg x 12.99 /kg                4.57',
      'Rode wijn Merlot 75cl',
      '  2 x 7.83                           15.66',
      '  discount 10%                       -1.57',
      'Draagtas                              0.11',
      '------------------------------------------',
      'TOTAL                      EUR       21.26',
      'Cash                                 50.00',
      'Rounding                             -0.01',
      'Change                               28.75',
      '------------------------------------------',
      'VAT        Excl.          VAT        Incl.',
      ' 9%         6.48         0.58         7.06',
      '21%        11.74         2.46        14.20',
      '------------------------------------------',
      'Receipt R1-000123        27/11/2026  14:32',
      'Till 1                   Cashier: Anna',
      '               (R1-000123)',
      '          Bedankt en tot ziens!',
    ]);
  });

  it.each<[ReceiptLang, Locale, string, string]>([
    ['en', 'nl-NL', 'TOTAL                      EUR       21,26', '  0,352 kg x 12,99 /kg                4,57'],
    ['nl', 'en-GB', 'TOTAAL                     EUR       21.26', '  0.352 kg x 12.99 /kg                4.57'],
  ])('takes words from lang %s and numbers from locale %s', (lang, locale, total, weighed) => {
    const out = renderReceipt(mockup(), { lang, locale, width: 42 });
    expect(out).toContain(total);
    expect(out).toContain(weighed);
  });
});

describe('renderReceipt: copies', () => {
  it.each<[ReceiptLang, string]>([
    ['nl', '              *** KOPIE ***'],
    ['en', '               *** COPY ***'],
  ])('a %s copy says so, centred, at top and bottom', (lang, mark) => {
    const original = renderReceipt(mockup(), { ...NL, lang });
    const copy = renderReceipt(mockup(), { ...NL, lang, copy: true });
    expect(copy).toEqual([mark, ...original, mark]);
  });

  it('puts the bottom mark after the card terminal slip', () => {
    const out = renderReceipt({ ...mockup(), terminalReceipt: ['PINNEN', 'AKKOORD'] }, { ...NL, copy: true });
    expect(out.slice(-5)).toEqual(['          Bedankt en tot ziens!', '-'.repeat(42), 'PINNEN', 'AKKOORD', '              *** KOPIE ***']);
  });
});

describe('renderReceipt: refunds', () => {
  it.each<[ReceiptOptions, string[]]>([
    [
      NL,
      [
        '------------------------------------------',
        '                  RETOUR',
        '         Retour van bon R1-000123',
        '------------------------------------------',
        'Rode wijn Merlot 75cl',
        '  -2 x 7,83                         -15,66',
        '  korting 10%                         1,57',
        '------------------------------------------',
        'TOTAAL                     EUR      -14,09',
        'Contant                             -14,10',
        'Afronding                            -0,01',
        '------------------------------------------',
        'BTW        Excl.          BTW        Incl.',
        '21%       -11,64        -2,45       -14,09',
        '------------------------------------------',
        'Bon R1-000130            27-11-2026  14:32',
      ],
    ],
    [
      EN,
      [
        '------------------------------------------',
        '                  REFUND',
        '       Refund of receipt R1-000123',
        '------------------------------------------',
        'Rode wijn Merlot 75cl',
        '  -2 x 7.83                         -15.66',
        '  discount 10%                        1.57',
        '------------------------------------------',
        'TOTAL                      EUR      -14.09',
        'Cash                                -14.10',
        'Rounding                             -0.01',
        '------------------------------------------',
        'VAT        Excl.          VAT        Incl.',
        '21%       -11.64        -2.45       -14.09',
        '------------------------------------------',
        'Receipt R1-000130        27/11/2026  14:32',
      ],
    ],
  ])('has a title, the original receipt and negative amounts (%o)', (opts, expected) => {
    const out = renderReceipt(refund(), opts);
    expect(out.slice(3, 3 + expected.length)).toEqual(expected);
  });

  it('leaves out the original receipt when there is none (a return without a receipt)', () => {
    const out = renderReceipt({ ...refund(), originalReceiptNo: null }, NL);
    expect(out.slice(3, 6)).toEqual(['-'.repeat(42), '                  RETOUR', '-'.repeat(42)]);
  });
});

describe('renderReceipt: payments', () => {
  const split = (payments: ReceiptPayment[], roundingCents: number, changeCents: number): ReceiptData => ({ ...mockup(), payments, roundingCents, changeCents });

  it.each<[string, ReceiptData, ReceiptOptions, string[]]>([
    [
      'card with brand and masked PAN on one line, then cash',
      split([pay({ method: 'card', amountCents: 1000, brand: 'Maestro', maskedPan: '****1234' }), pay({ method: 'cash', amountCents: 1125, tenderedCents: 2000, changeCents: 875 })], -1, 875),
      NL,
      [
        'TOTAAL                     EUR       21,26',
        'Pin/kaart Maestro ****1234           10,00',
        'Contant                              20,00',
        'Afronding                            -0,01',
        'Terug                                 8,75',
      ],
    ],
    [
      'a long PAN and the authorisation code go under the card line',
      split([pay({ method: 'card', amountCents: 1000, brand: 'Mastercard', maskedPan: '541333******4444', authCode: 'A1B2C3' }), pay({ method: 'cash', amountCents: 1125, tenderedCents: 1125, changeCents: 0 })], -1, 0),
      NL,
      [
        'TOTAAL                     EUR       21,26',
        'Pin/kaart                            10,00',
        '  Mastercard 541333******4444',
        '  autorisatie A1B2C3',
        'Contant                              11,25',
        'Afronding                            -0,01',
        'Terug                                 0,00',
      ],
    ],
    [
      'the same card in English fits beside its amount',
      split([pay({ method: 'card', amountCents: 2126, brand: 'Mastercard', maskedPan: '541333******4444' })], 0, 0),
      EN,
      ['TOTAL                      EUR       21.26', 'Card Mastercard 541333******4444     21.26', '------------------------------------------'],
    ],
    [
      'card and QR alone: no rounding, no change',
      split([pay({ method: 'qr', amountCents: 1000 }), pay({ method: 'card', amountCents: 1126 })], 0, 0),
      NL,
      ['TOTAAL                     EUR       21,26', 'QR-betaling                          10,00', 'Pin/kaart                            11,26', '------------------------------------------'],
    ],
  ])('%s', (_name, data, opts, expected) => {
    const out = renderReceipt(data, opts);
    const at = out.findIndex((l) => l.startsWith(RECEIPT_WORDS[opts.lang].total));
    expect(out.slice(at, at + expected.length)).toEqual(expected);
  });
});

describe('renderReceipt: line details', () => {
  it.each<[string, ReceiptData, string[]]>([
    [
      'a tax-exclusive store shows the subtotal excl. VAT, VAT per rate, then the total',
      taxExclusive(),
      [
        'Workshop brood bakken',
        '  2 x 50,00                         100,00',
        'Bakboek                              20,00',
        '------------------------------------------',
        'Subtotaal excl. BTW                 120,00',
        'BTW 21%                              21,00',
        'BTW 9%                                1,80',
        'TOTAAL                     EUR      142,80',
        'Pin/kaart Maestro ****1234          142,80',
        '------------------------------------------',
        'BTW        Excl.          BTW        Incl.',
        '21%       100,00        21,00       121,00',
        ' 9%        20,00         1,80        21,80',
      ],
    ],
    [
      'exempt goods are "vrij", not 0%',
      {
        ...mockup(),
        lines: [line({ name: 'Postzegels', qtyMilli: 5000, unitPriceCents: 82, grossCents: 410, vatBp: null })],
        totalCents: 410,
        vat: [{ vatBp: null, grossCents: 410, netCents: 410, vatCents: 0 }],
        payments: [pay({ method: 'card', amountCents: 410 })],
        roundingCents: 0,
        changeCents: 0,
      },
      [
        'Postzegels',
        '  5 x 0,82                            4,10',
        '------------------------------------------',
        'TOTAAL                     EUR        4,10',
        'Pin/kaart                             4,10',
        '------------------------------------------',
        'BTW        Excl.          BTW        Incl.',
        'vrij        4,10         0,00         4,10',
      ],
    ],
    [
      'a changed price, an amount discount, a weighed kilo, a half rate and a sale discount',
      {
        ...mockup(),
        lines: [
          line({ name: 'Taart', grossCents: 1500, unitPriceCents: 1500, discountCents: 250, priceOverridden: true }),
          line({ name: 'Appels', qtyMilli: 1000, unit: 'kg', unitPriceCents: 299, grossCents: 299, vatBp: 550 }),
        ],
        totalCents: 1549,
        vat: [
          { vatBp: 2100, grossCents: 1250, netCents: 1033, vatCents: 217 },
          { vatBp: 550, grossCents: 299, netCents: 283, vatCents: 16 },
        ],
        saleDiscountCents: 100,
        payments: [pay({ method: 'cash', amountCents: 1550, tenderedCents: 1550, changeCents: 0 })],
        roundingCents: 1,
        changeCents: 0,
      },
      [
        'Taart                                15,00',
        '  prijs aangepast',
        '  korting                            -2,50',
        'Appels',
        '  1,000 kg x 2,99 /kg                 2,99',
        '  korting op bon                     -1,00',
        '------------------------------------------',
        'TOTAAL                     EUR       15,49',
        'Contant                              15,50',
        'Afronding                             0,01',
        'Terug                                 0,00',
        '------------------------------------------',
        'BTW        Excl.          BTW        Incl.',
        ' 21%       10,33         2,17        12,50',
        '5,5%        2,83         0,16         2,99',
      ],
    ],
  ])('%s', (_name, data, expected) => {
    const out = renderReceipt(data, NL);
    expect(out.slice(4, 4 + expected.length)).toEqual(expected);
  });
});

describe('renderReceipt: date and time in the store time zone', () => {
  it.each<[string, string, Locale, string]>([
    ['2026-11-27T13:32:00Z', 'Europe/Amsterdam', 'nl-NL', '27-11-2026  14:32'], // CET, UTC+1
    ['2026-07-01T12:05:00Z', 'Europe/Amsterdam', 'nl-NL', '01-07-2026  14:05'], // CEST, UTC+2
    ['2026-11-27T23:30:00Z', 'Europe/Amsterdam', 'nl-NL', '28-11-2026  00:30'], // the next day locally
    ['2026-11-27T23:30:00Z', 'Europe/London', 'en-GB', '27/11/2026  23:30'],
    ['2026-03-29T00:59:00.000Z', 'Europe/Amsterdam', 'en-GB', '29/03/2026  01:59'], // a minute before summer time
    ['2026-03-29T01:00:00.000Z', 'Europe/Amsterdam', 'en-GB', '29/03/2026  03:00'],
  ])('%s in %s (%s) prints %s', (completedAt, timeZone, locale, expected) => {
    const out = renderReceipt({ ...mockup(), completedAt, timeZone }, { ...NL, locale });
    expect(out.find((l) => l.startsWith('Bon '))?.endsWith(expected)).toBe(true);
  });

  it.each<[ReceiptOptions, string[]]>([
    [{ lang: 'nl', locale: 'nl-NL', width: 32 }, ['Bon R1-000123  27-11-2026  14:32', 'Kassa 1        Kassière: Anna']],
    [{ lang: 'en', locale: 'en-GB', width: 32 }, ['Receipt R1-000123', '               27/11/2026  14:32', 'Till 1             Cashier: Anna']],
    [{ lang: 'en', locale: 'en-GB', width: 48 }, ['Receipt R1-000123              27/11/2026  14:32', 'Till 1                         Cashier: Anna']],
  ])('puts the time under the receipt number when they do not fit side by side (%o)', (opts, expected) => {
    const out = renderReceipt(mockup(), opts);
    const at = out.findIndex((l) => l.startsWith(RECEIPT_WORDS[opts.lang].receipt));
    expect(out.slice(at, at + expected.length)).toEqual(expected);
  });

  it('refuses a time that is not one', () => {
    expect(() => renderReceipt({ ...mockup(), completedAt: 'gisteren' }, NL)).toThrow(RangeError);
  });
});

describe('renderReceipt: every width', () => {
  const WIDTHS = [32, 42, 48] as const;
  const CASES: [string, () => ReceiptData][] = [
    ['the mockup', mockup],
    ['a refund', refund],
    ['a tax-exclusive receipt', taxExclusive],
    ['everything long at once', stress],
  ];
  const OPTIONS: [ReceiptLang, Locale][] = [
    ['nl', 'nl-NL'],
    ['en', 'en-GB'],
  ];
  const matrix = WIDTHS.flatMap((width) =>
    CASES.flatMap(([name, data]) => OPTIONS.flatMap(([lang, locale]) => [true, false].map((copy) => ({ width, name, data, lang, locale, copy })))),
  );
  /** An amount at the end of a line: 2,49 / -1.57 / 160.480,88. */
  const AMOUNT_AT_END = /\d[.,]\d\d$/;

  it.each(matrix)('$name at $width columns, $lang/$locale, copy $copy: nothing wider, amounts in the last column', ({ width, data, lang, locale, copy }) => {
    const r = data();
    const out = renderReceipt(r, { width, lang, locale, copy });
    // The card terminal's slip keeps its own layout: only its width is ours to keep.
    const own = r.terminalReceipt.length > 0 ? out.slice(0, out.lastIndexOf('-'.repeat(width))) : out;
    for (const l of out) {
      expect([...l].length, l).toBeLessThanOrEqual(width);
      expect(l, 'no trailing spaces').toBe(l.trimEnd());
    }
    const amounts = own.filter((l) => AMOUNT_AT_END.test(l));
    expect(amounts.length).toBeGreaterThan(5);
    for (const l of amounts) expect([...l].length, l).toBe(width);
  });

  it.each(WIDTHS)('wraps a 60-character name at %d columns, keeping every word and the amount whole', (width) => {
    const out = renderReceipt({ ...mockup(), lines: [line({ name: LONG_NAME, grossCents: 249, vatBp: 900 })] }, { ...NL, width });
    const start = out.indexOf('-'.repeat(width)) + 1;
    const end = out.indexOf('-'.repeat(width), start);
    const item = out.slice(start, end);
    expect(item.length).toBeGreaterThan(1);
    expect(item.join(' ').replace(/\s+/g, ' ').replace(/ 2,49$/, '')).toBe(LONG_NAME);
    expect(item.at(-1)).toMatch(/ 2,49$/);
  });

  it.each(WIDTHS)('keeps the terminal slip after ours, cut to %d columns', (width) => {
    const out = renderReceipt(stress(), { ...NL, width });
    const slip = out.slice(out.lastIndexOf('-'.repeat(width)) + 1);
    expect(slip.join('').replace(/ /g, '')).toBe(stress().terminalReceipt.join('').replace(/ /g, ''));
    expect(slip).toContain('AUTORISATIECODE: 123456');
  });
});
