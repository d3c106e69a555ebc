/**
 * A bakery's Friday as a Z report (the figures of MOCKUPS.md, "Z report,
 * printed"), and sales reports over its week. The amounts add up the way the
 * service builds them: VAT per rate sums to the net turnover, the payments to
 * the net turnover plus the cash rounding, the drawer to float + cash + in − out,
 * the hours and the cashiers to the net turnover.
 */
import { divideHalfUp, type DayReport, type SalesReport, type SalesReportRow } from '../../src/core/report.js';

/** Local hour (Europe/Amsterdam) → receipts and takings. 12:00 is the busiest. */
const HOURS: [number, number, number][] = [
  [6, 2, 1240],
  [7, 14, 21480],
  [8, 22, 40215],
  [9, 25, 49830],
  [10, 28, 55120],
  [11, 31, 63905],
  [12, 34, 71240],
  [13, 26, 52310],
  [14, 21, 40125],
  [15, 20, 38790],
  [16, 27, 54260],
  [17, 33, 68475],
  [18, 19, 39610],
  [19, 9, 17980],
  [20, 4, 10655],
];

export const BUSIEST_HOUR = 12;
export const STORE = { name: 'Bakkerij de Korenschoof', address: 'Dorpsstraat 12\n6711 AB Ede', vatNumber: 'NL001234567B01' };
export const TIME_ZONE = 'Europe/Amsterdam';

/** Z 42 of till 1, closed at 21:04 on Friday 27 November 2026. */
export function zReport(): DayReport {
  const grossCents = 630045;
  return {
    kind: 'Z',
    zNo: 42,
    register: '1',
    businessDay: '2026-11-27',
    fromDay: '2026-11-27',
    from: '2026-11-27T05:58:00Z', // 06:58 in Amsterdam
    to: '2026-11-27T20:04:00Z', // 21:04
    receipts: 315,
    refundReceipts: 3,
    grossCents,
    refundsCents: 4810,
    discountsCents: 11235,
    netCents: 625235,
    vat: [
      { vatBp: 900, grossCents: 433581, netCents: 397781, vatCents: 35800 },
      { vatBp: 2100, grossCents: 191654, netCents: 158392, vatCents: 33262 },
    ],
    payments: [
      { method: 'cash', count: 141, amountCents: 230105 },
      { method: 'card', count: 162, amountCents: 376030 },
      { method: 'qr', count: 15, amountCents: 19060 },
    ],
    roundingCents: -40,
    cashFloatCents: 15000,
    cashExpectedCents: 243105,
    cashCountedCents: 243000,
    cashDifferenceCents: -105,
    cashInCents: 0,
    cashOutCents: 2000,
    noSaleCount: 4,
    voidedLines: 11,
    cancelledSales: 2,
    averageBasketCents: divideHalfUp(grossCents, 315),
    byHour: HOURS.map(([hour, receipts, cents]) => ({ hour, receipts, grossCents: cents })),
    topProducts: [
      { productId: 1, code: '8712345000011', name: 'Volkorenbrood heel', qtyMilli: 212000, grossCents: 52788 },
      { productId: 2, code: '8712345000028', name: 'Croissant roomboter', qtyMilli: 388000, grossCents: 52380 },
      { productId: 3, code: '8712345000035', name: 'Appeltaart punt', qtyMilli: 156000, grossCents: 50700 },
      { productId: 4, code: '8712345000042', name: 'Rode wijn Merlot 75cl', qtyMilli: 41000, grossCents: 32103 },
      { productId: 5, code: '2100400000000', name: 'Oude kaas', qtyMilli: 18450, grossCents: 23967 },
      { productId: 6, code: '8712345000059', name: 'Speculaasbrokken met amandelen, zak 400 gram', qtyMilli: 37000, grossCents: 18315 },
    ],
    byCashier: [
      { cashierId: 1, name: 'Anna', receipts: 128, grossCents: 254310 },
      { cashierId: 2, name: 'Bram', receipts: 101, grossCents: 201442 },
      { cashierId: 3, name: 'Sanne', receipts: 86, grossCents: 169483 },
    ],
    grandTotalSalesCents: 128411250,
    grandTotalRefundsCents: 1289340,
  };
}

/** The same day at 15:30, still open: an X. */
export function xReport(): DayReport {
  const z = zReport();
  const { zNo: _zNo, ...rest } = z;
  return { ...rest, kind: 'X', to: '2026-11-27T14:30:00Z', cashCountedCents: null, cashDifferenceCents: null };
}

/** A Z of a day on which nothing was sold: the float went in and came out again. */
export function emptyZ(): DayReport {
  return {
    ...zReport(),
    zNo: 43,
    businessDay: '2026-11-28',
    fromDay: '2026-11-28',
    from: null,
    to: '2026-11-28T17:00:00Z',
    receipts: 0,
    refundReceipts: 0,
    grossCents: 0,
    refundsCents: 0,
    discountsCents: 0,
    netCents: 0,
    vat: [],
    payments: [],
    roundingCents: 0,
    cashExpectedCents: 15000,
    cashCountedCents: 15000,
    cashDifferenceCents: 0,
    cashOutCents: 0,
    noSaleCount: 1,
    voidedLines: 0,
    cancelledSales: 0,
    averageBasketCents: 0,
    byHour: [],
    topProducts: [],
    byCashier: [],
  };
}

function salesRow(key: string, label: string, receipts: number, grossCents: number, netCents: number, costCents: number | null): SalesReportRow {
  return {
    key,
    label,
    receipts,
    qtyMilli: null,
    grossCents,
    netCents,
    costCents,
    marginCents: costCents === null ? null : netCents - costCents,
    averageBasketCents: divideHalfUp(grossCents, receipts),
  };
}

function totalsOf(rows: SalesReportRow[], average: boolean): SalesReportRow {
  const sum = (f: (x: SalesReportRow) => number | null): number | null =>
    rows.some((x) => f(x) === null) ? null : rows.reduce((s, x) => s + (f(x) ?? 0), 0);
  const receipts = rows.reduce((s, x) => s + x.receipts, 0);
  const grossCents = rows.reduce((s, x) => s + x.grossCents, 0);
  const netCents = rows.reduce((s, x) => s + x.netCents, 0);
  const costCents = sum((x) => x.costCents);
  const qty = sum((x) => x.qtyMilli);
  return {
    key: 'total',
    label: 'total',
    receipts,
    qtyMilli: qty,
    grossCents,
    netCents,
    costCents,
    marginCents: costCents === null ? null : netCents - costCents,
    averageBasketCents: average ? divideHalfUp(grossCents, receipts) : null,
  };
}

/** Monday to Friday of that week; Friday is still open. Wednesday is the best day. */
export function salesByDay(): SalesReport {
  const rows = [
    salesRow('2026-11-23', '2026-11-23', 241, 468930, 421460, 262310),
    salesRow('2026-11-24', '2026-11-24', 259, 503340, 452290, 281050),
    salesRow('2026-11-25', '2026-11-25', 388, 771815, 693620, 430990),
    salesRow('2026-11-26', '2026-11-26', 276, 540120, 485400, 301470),
    salesRow('2026-11-27', '2026-11-27', 315, 625235, 556173, 345880),
  ];
  return { by: 'day', from: '2026-11-23', to: '2026-11-27', register: '1', rows, totals: totalsOf(rows, true), openDays: ['2026-11-27'] };
}

/** Best sellers of the week with quantities; the cheese has no cost price, so no margin. */
export function salesByProduct(): SalesReport {
  const p = (id: number, name: string, code: string, receipts: number, qtyMilli: number, gross: number, net: number, cost: number | null): SalesReportRow => ({
    ...salesRow(String(id), `${name} (${code})`, receipts, gross, net, cost),
    qtyMilli,
    averageBasketCents: null,
  });
  const rows = [
    p(1, 'Volkorenbrood heel', '8712345000011', 801, 1010000, 251490, 230725, 121200),
    p(2, 'Croissant roomboter', '8712345000028', 640, 1790000, 241650, 221697, 98450),
    p(3, 'Appeltaart punt', '8712345000035', 512, 702000, 228150, 209312, 84240),
    p(5, 'Oude kaas', '2100400000000', 233, 88230, 114611, 105148, null),
  ];
  return { by: 'product', from: '2026-11-23', to: '2026-11-27', register: null, rows, totals: totalsOf(rows, false), openDays: [] };
}

/** A year by day: more rows than a chart has bars for. */
export function salesYearByDay(): SalesReport {
  const rows: SalesReportRow[] = [];
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < 300; i++) {
    const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    const receipts = 200 + ((i * 37) % 190);
    const gross = receipts * (1900 + ((i * 53) % 300));
    rows.push(salesRow(day, day, receipts, gross, Math.round(gross / 1.1), null));
  }
  return { by: 'day', from: '2026-01-01', to: '2026-10-27', register: null, rows, totals: totalsOf(rows, true), openDays: [] };
}
