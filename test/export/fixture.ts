/**
 * Z reports for the export tests, built the way src/services/reports.ts adds
 * them up: turnover per rate, payments that equal the turnover plus the cash
 * rounding, a counted drawer and cash in/out.
 */
import type { DayReport, ReportPayment } from '../../src/core/report.js';

export interface ZSpec {
  zNo: number;
  register?: string;
  businessDay: string;
  /** [vatBp or null for exempt, net cents, VAT cents] per rate, sales minus refunds. */
  vat: [number | null, number, number][];
  payments: [ReportPayment['method'], number][];
  roundingCents?: number;
  refundsCents?: number;
  cashFloatCents?: number;
  cashInCents?: number;
  cashOutCents?: number;
  /** What the drawer held when counted; undefined: not counted. */
  countedCents?: number;
}

export function zReport(s: ZSpec): DayReport {
  const netCents = s.vat.reduce((a, [, net, vat]) => a + net + vat, 0);
  const refundsCents = s.refundsCents ?? 0;
  const cashPaid = s.payments.filter(([m]) => m === 'cash').reduce((a, [, c]) => a + c, 0);
  const cashFloatCents = s.cashFloatCents ?? 0;
  const cashInCents = s.cashInCents ?? 0;
  const cashOutCents = s.cashOutCents ?? 0;
  const cashExpectedCents = cashFloatCents + cashPaid + cashInCents - cashOutCents;
  const counted = s.countedCents ?? null;
  return {
    kind: 'Z',
    zNo: s.zNo,
    register: s.register ?? '1',
    businessDay: s.businessDay,
    fromDay: s.businessDay,
    from: s.vat.length ? `${s.businessDay}T08:00:00.000Z` : null,
    to: `${s.businessDay}T20:00:00.000Z`,
    receipts: s.vat.length ? 10 : 0,
    refundReceipts: refundsCents ? 1 : 0,
    grossCents: netCents + refundsCents,
    refundsCents,
    discountsCents: 0,
    netCents,
    vat: s.vat.map(([vatBp, net, vat]) => ({ vatBp, grossCents: net + vat, netCents: net, vatCents: vat })),
    payments: s.payments.map(([method, amountCents]) => ({ method, count: 1, amountCents })),
    roundingCents: s.roundingCents ?? 0,
    cashFloatCents,
    cashExpectedCents,
    cashCountedCents: counted,
    cashDifferenceCents: counted === null ? null : counted - cashExpectedCents,
    cashInCents,
    cashOutCents,
    noSaleCount: 0,
    voidedLines: 0,
    cancelledSales: 0,
    averageBasketCents: 0,
    byHour: [],
    topProducts: [],
    byCashier: [],
    grandTotalSalesCents: 0,
    grandTotalRefundsCents: 0,
  };
}

/**
 * Three days, two registers: two VAT rates and exempt, cash, card and QR,
 * gift card and store credit, a refund-heavy rate, rounding down and up,
 * the drawer short and over, cash in and out, and a day that sold nothing.
 */
export function fixtureZs(): DayReport[] {
  return [
    zReport({
      zNo: 11,
      businessDay: '2026-11-26',
      vat: [
        [2100, 10000, 2100],
        [900, 5000, 450],
        [null, 1000, 0],
      ],
      roundingCents: -2, // the customers paid 0.02 less than the receipts said
      payments: [
        ['cash', 8548],
        ['card', 7000],
        ['qr', 3000],
      ],
      cashFloatCents: 10000,
      cashInCents: 5000,
      cashOutCents: 20000,
      countedCents: 3500, // 0.48 short of 35.48
    }),
    zReport({
      zNo: 12,
      businessDay: '2026-11-27',
      vat: [
        [2100, 4000, 840],
        [900, -500, -45], // more refunded than sold at 9 %
      ],
      refundsCents: 1755,
      roundingCents: 3,
      payments: [
        ['cash', 2000],
        ['card', 1800],
        ['giftcard', 400],
        ['store_credit', 98],
      ],
      cashFloatCents: 5000,
      countedCents: 7025, // 0.25 over
    }),
    zReport({
      zNo: 5,
      register: '2',
      businessDay: '2026-11-27',
      vat: [[null, 2500, 0]],
      payments: [
        ['cash', 1000],
        ['card', 1500],
      ],
    }),
    zReport({ zNo: 13, businessDay: '2026-11-28', vat: [], payments: [], cashFloatCents: 5000, countedCents: 5000 }),
  ];
}

/** What a Z moves on each role's account, from its own fields (debit positive), for reconciliation. */
export function expectedBalances(zs: DayReport[]): Record<string, number> {
  const b: Record<string, number> = {};
  const add = (k: string, v: number) => (b[k] = (b[k] ?? 0) + v);
  for (const z of zs) {
    for (const p of z.payments) add(`payment:${p.method}`, p.amountCents);
    for (const v of z.vat) {
      add(`turnover:${v.vatBp ?? 'exempt'}`, -v.netCents);
      add(`vat:${v.vatBp ?? 'exempt'}`, -v.vatCents);
    }
    add('rounding', -z.roundingCents);
    add('overShort', -(z.cashDifferenceCents ?? 0));
    add('cashMoves', (z.cashDifferenceCents ?? 0) + z.cashInCents - z.cashOutCents);
    add('cashTransfers', z.cashOutCents - z.cashInCents);
  }
  return b;
}

/** A seeded generator (mulberry32) for days made up at random but consistent. */
export function randomZs(seed: number, count: number): DayReport[] {
  let t = seed >>> 0;
  const rnd = () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: DayReport[] = [];
  for (let i = 0; i < count; i++) {
    const vat: [number | null, number, number][] = [];
    for (const bp of [2100, 900, null]) {
      if (rnd() < 0.25) continue;
      const net = int(-2000, 90000);
      vat.push([bp, net, bp === null ? 0 : Math.round((net * bp) / 10000)]);
    }
    const total = vat.reduce((a, [, n, v]) => a + n + v, 0);
    const roundingCents = int(-2, 2);
    const card = int(0, Math.max(0, total));
    const qr = int(0, Math.max(0, total - card));
    const gift = rnd() < 0.2 ? int(0, 500) : 0;
    const cash = total + roundingCents - card - qr - gift;
    const payments: [ReportPayment['method'], number][] = [
      ['cash', cash],
      ['card', card],
      ['qr', qr],
    ];
    if (gift) payments.push(['giftcard', gift]);
    const day = new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    const cashFloatCents = 10000;
    const cashInCents = rnd() < 0.3 ? int(0, 20000) : 0;
    const cashOutCents = rnd() < 0.3 ? int(0, 20000) : 0;
    const expected = cashFloatCents + cash + cashInCents - cashOutCents;
    out.push(
      zReport({
        zNo: i + 1,
        register: i % 3 === 0 ? '2' : '1',
        businessDay: day,
        vat,
        roundingCents,
        payments,
        cashFloatCents,
        cashInCents,
        cashOutCents,
        ...(rnd() < 0.8 ? { countedCents: expected + int(-300, 300) } : {}),
      }),
    );
  }
  return out;
}

/** The balance each ledger account should end with (debit positive), from the Z fields alone. */
export function expectedByAccount(zs: DayReport[], accounts: import('../../src/export/postings.js').AccountMap): Map<string, number> {
  const e = expectedBalances(zs);
  const out = new Map<string, number>();
  const add = (account: string | undefined, v: number | undefined) => {
    if (account === undefined || !v) return;
    out.set(account, (out.get(account) ?? 0) + v);
  };
  add(accounts.cash, (e['payment:cash'] ?? 0) + (e.cashMoves ?? 0));
  add(accounts.cardClearing, e['payment:card']);
  add(accounts.qrClearing, e['payment:qr']);
  add(accounts.giftcards, e['payment:giftcard']);
  add(accounts.storeCredit, e['payment:store_credit']);
  add(accounts.cashTransfers, e.cashTransfers);
  add(accounts.overShort, e.overShort);
  add(accounts.rounding, e.rounding);
  for (const [k, v] of Object.entries(e)) {
    if (k.startsWith('turnover:')) add(accounts.turnover[k.slice(9)], v);
    if (k.startsWith('vat:')) add(accounts.vatPayable[k.slice(4)], v);
  }
  for (const [k, v] of [...out]) if (v === 0) out.delete(k);
  return out;
}
