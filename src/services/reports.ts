/**
 * X and Z reports (issue 6). An X shows the register's open business day and
 * changes nothing; a Z closes it: the next gapless Z number, the report stored
 * (never changed: triggers refuse it) and journaled, the perpetual grand totals,
 * and summaries per product and hour for reports over long periods. Both are
 * the same computation over the store: every figure is a sum over committed
 * sales, payments, cash movements and carts, so they reconcile to the cent.
 */
import { KassaError } from '../core/errors.js';
import { parseAmount } from '../core/money.js';
import { byCode, divideHalfUp, drawerStart, type DayReport, type ReportPayment, type SalesGrouping, type SalesReport, type SalesReportRow } from '../core/report.js';
import { vatBreakdown, vatIncluded, vatOnTop } from '../core/sale.js';
import { sha256Hex } from '../db/sha256.js';
import {
  cashMovesIn,
  countsIn,
  highWater,
  insertZ,
  insertZHour,
  dayRangeIn,
  insertZDay,
  insertZProduct,
  lastZ,
  paymentsIn,
  periodAfter,
  productReceiptsOn,
  productCategories,
  productsIn,
  saleRegisters,
  salesIn,
  shiftOpenAt,
  shiftsIn,
  unfinishedPaidCarts,
  vatGroupsIn,
  type VatGroupRow,
  type ZRow,
  zBetween,
  zByNo,
  zDaysBetween,
  zHoursBetween,
  zProductsBetween,
} from '../db/reports.js';
import { loadSettings } from './config.js';
import type { Ctx } from './context.js';
import { businessDayOf } from '../core/receipt.js';
import { zDay } from './business-day.js';
import { appendJournal } from './journal.js';

const TOP_PRODUCTS = 10;

export interface ProductTotal {
  productId: number;
  code: string;
  name: string;
  qtyMilli: number;
  grossCents: number;
  netCents: number;
  costCents: number | null;
  receipts: number;
}

/** One business day of a computed period: what the sales reports count on that day, and what a Z keeps per day. */
export interface DayPart {
  day: string;
  receipts: number; // sales receipts
  grossCents: number; // turnover incl. VAT: sales minus refunds
  netCents: number; // the same excl. VAT (VAT per receipt)
  costCents: number | null; // of what was sold, at today's cost prices; null when one has none
  products: ProductTotal[];
  hours: { hour: number; receipts: number; grossCents: number }[];
  cashiers: ReportDayCashier[];
  payments: ReportPayment[];
}

interface ReportDayCashier {
  cashierId: number;
  name: string;
  receipts: number;
  grossCents: number;
}

interface Computed {
  report: DayReport;
  products: ProductTotal[];
  days: DayPart[];
}

/** Hour of the day in the till's time zone (as receipts show it). */
function localHour(iso: string): number {
  return new Date(iso).getHours();
}

/**
 * Add a product's totals into `into` (a product sold at two VAT rates or price
 * rules stays one product). Receipts add up across days (a receipt has one day);
 * within a day the caller counts them again (`productReceiptsOn`).
 */
function addProduct(into: Map<number, ProductTotal>, p: ProductTotal): boolean {
  const q = into.get(p.productId);
  if (!q) {
    into.set(p.productId, { ...p });
    return false;
  }
  q.qtyMilli += p.qtyMilli;
  q.grossCents += p.grossCents;
  q.netCents += p.netCents;
  q.costCents = q.costCents === null || p.costCents === null ? null : q.costCents + p.costCents;
  q.receipts += p.receipts;
  return true;
}

const byGross = (a: ProductTotal, b: ProductTotal) => b.grossCents - a.grossCents || a.productId - b.productId;

/** The report of everything of the register no Z covered yet, as of now, with its parts per business day. */
function compute(ctx: Ctx, register: string, kind: 'X' | 'Z', countedCents: number | null): Computed {
  const settings = loadSettings(ctx);
  const last = lastZ(ctx.db, register);
  const period = periodAfter(register, last);
  const now = ctx.clock.now();
  const at = now.toISOString();
  const sales = salesIn(ctx.db, period);

  type Day = Omit<DayPart, 'products' | 'hours' | 'cashiers' | 'payments'> & {
    products: Map<number, ProductTotal>;
    hours: Map<number, { receipts: number; grossCents: number }>;
    cashiers: Map<number, ReportDayCashier>;
    payments: ReportPayment[];
  };
  const days = new Map<string, Day>();
  const dayOf = (d: string): Day => {
    let x = days.get(d);
    if (!x) days.set(d, (x = { day: d, receipts: 0, grossCents: 0, netCents: 0, costCents: 0, products: new Map(), hours: new Map(), cashiers: new Map(), payments: [] }));
    return x;
  };
  const saleDay = new Map<number, string>();

  let receipts = 0;
  let refundReceipts = 0;
  let grossCents = 0;
  let refundsCents = 0;
  let discountsCents = 0;
  let roundingCents = 0;
  let from: string | null = null;
  for (const s of sales) {
    if (from === null || s.completedAt < from) from = s.completedAt;
    saleDay.set(s.id, s.businessDay);
    const d = dayOf(s.businessDay);
    roundingCents += s.roundingCents;
    const hour = localHour(s.completedAt);
    const h = d.hours.get(hour) ?? { receipts: 0, grossCents: 0 };
    const c = d.cashiers.get(s.cashierId) ?? { cashierId: s.cashierId, name: s.cashierName ?? `#${s.cashierId}`, receipts: 0, grossCents: 0 };
    if (s.kind === 'sale') {
      receipts++;
      grossCents += s.totalCents;
      discountsCents += s.discountCents;
      d.receipts++;
      h.receipts++;
      c.receipts++;
    } else {
      refundReceipts++;
      refundsCents -= s.totalCents; // a refund's total is negative
    }
    d.grossCents += s.totalCents;
    h.grossCents += s.totalCents;
    c.grossCents += s.totalCents;
    d.hours.set(hour, h);
    d.cashiers.set(s.cashierId, c);
  }

  // VAT per receipt per rate (the receipt's own rule), then summed over the period and per day.
  const vat = new Map<string, { vatBp: number | null; grossCents: number; netCents: number; vatCents: number }>();
  const groups = vatGroupsIn(ctx.db, period);
  for (let i = 0; i < groups.length; ) {
    const saleId = groups[i]!.saleId;
    const own: VatGroupRow[] = [];
    while (i < groups.length && groups[i]!.saleId === saleId) own.push(groups[i++]!);
    const d = dayOf(saleDay.get(saleId)!);
    for (const v of vatBreakdown(
      own.map((g) => ({ totalCents: g.totalCents, vatCode: g.vatCode, vatBp: g.vatBp })),
      { pricesIncludeVat: own[0]!.pricesIncludeVat === 1 },
    )) {
      const key = v.vatBp === null ? 'exempt' : String(v.vatBp);
      const t = vat.get(key) ?? { vatBp: v.vatBp, grossCents: 0, netCents: 0, vatCents: 0 };
      t.grossCents += v.grossCents;
      t.netCents += v.netCents;
      t.vatCents += v.vatCents;
      vat.set(key, t);
      d.netCents += v.netCents;
    }
  }

  for (const r of productsIn(ctx.db, period)) {
    // Gross and net per product for margins, at the product's rate by the receipts' price rule (VAT itself is per receipt above).
    const gross = r.pricesIncludeVat === 1 ? r.linesCents : r.linesCents + vatOnTop(r.linesCents, r.vatBp);
    const net = r.pricesIncludeVat === 1 ? r.linesCents - vatIncluded(r.linesCents, r.vatBp) : r.linesCents;
    const cost = r.costCents === null ? null : divideHalfUp(r.costCents * r.qtyMilli, 1000);
    const p: ProductTotal = { productId: r.productId, code: r.code, name: r.name, qtyMilli: r.qtyMilli, grossCents: gross, netCents: net, costCents: cost, receipts: r.receipts };
    const d = dayOf(r.businessDay);
    // Two rows of one product on one day (two VAT rates or price rules): its receipts are counted once each.
    if (addProduct(d.products, p)) d.products.get(r.productId)!.receipts = productReceiptsOn(ctx.db, period, r.businessDay, r.productId);
  }

  const payments = new Map<string, ReportPayment>();
  for (const p of paymentsIn(ctx.db, period)) {
    const method = p.method as ReportPayment['method'];
    dayOf(p.businessDay).payments.push({ method, count: p.count, amountCents: p.amountCents });
    const t = payments.get(method) ?? { method, count: 0, amountCents: 0 };
    t.count += p.count;
    t.amountCents += p.amountCents;
    payments.set(method, t);
  }
  const paymentList = [...payments.values()].sort((a, b) => byCode(a.method, b.method));
  const cashPaid = payments.get('cash')?.amountCents ?? 0;
  const moves = cashMovesIn(ctx.db, period);
  // What was in the drawer at the start, and what changed hands between shifts (drawerStart): when a
  // shift went on through the last Z, the cash that Z left in the drawer (counted, else expected).
  const through = last ? shiftOpenAt(ctx.db, register, last.closedAt) : undefined;
  const drawer = drawerStart(last && through ? { cashCents: carriedCash(last), shift: through } : null, shiftsIn(ctx.db, period));
  const cashFloatCents = drawer.floatCents;
  const cashExpectedCents = cashFloatCents + cashPaid + moves.inCents - moves.outCents + drawer.handoverCents;
  const counts = countsIn(ctx.db, period);

  const dayParts: DayPart[] = [...days.values()]
    .sort((a, b) => byCode(a.day, b.day))
    .map((d) => {
      const ps = [...d.products.values()].sort(byGross);
      return {
        ...d,
        costCents: ps.reduce<number | null>((t, p) => (t === null || p.costCents === null ? null : t + p.costCents), 0),
        products: ps,
        hours: [...d.hours.entries()].sort((a, b) => a[0] - b[0]).map(([hour, h]) => ({ hour, ...h })),
        cashiers: [...d.cashiers.values()],
        payments: d.payments,
      };
    });
  const products = new Map<number, ProductTotal>();
  for (const d of dayParts) for (const p of d.products) addProduct(products, p);
  const productList = [...products.values()].sort(byGross);
  const dated = zDay(
    businessDayOf(now, settings.businessDayStartHour),
    dayParts.map((d) => d.day),
    last?.businessDay ?? null,
  );
  // The period's hours and cashiers: the days' added up.
  const hours = new Map<number, { receipts: number; grossCents: number }>();
  const cashiers = new Map<number, ReportDayCashier>();
  for (const d of dayParts) {
    for (const h of d.hours) {
      const t = hours.get(h.hour) ?? { receipts: 0, grossCents: 0 };
      t.receipts += h.receipts;
      t.grossCents += h.grossCents;
      hours.set(h.hour, t);
    }
    for (const c of d.cashiers) {
      const t = cashiers.get(c.cashierId) ?? { ...c, receipts: 0, grossCents: 0 };
      t.receipts += c.receipts;
      t.grossCents += c.grossCents;
      cashiers.set(c.cashierId, t);
    }
  }

  const report: DayReport = {
    kind,
    ...(kind === 'Z' ? { zNo: (last?.zNo ?? 0) + 1 } : {}),
    register,
    businessDay: dated.day,
    fromDay: dated.fromDay,
    from,
    to: at,
    receipts,
    refundReceipts,
    grossCents,
    refundsCents,
    discountsCents,
    netCents: grossCents - refundsCents,
    vat: [...vat.values()].sort((a, b) => (b.vatBp ?? -1) - (a.vatBp ?? -1)),
    payments: paymentList,
    roundingCents,
    cashFloatCents,
    cashHandoverCents: drawer.handoverCents,
    cashExpectedCents,
    cashCountedCents: countedCents,
    cashDifferenceCents: countedCents === null ? null : countedCents - cashExpectedCents,
    cashInCents: moves.inCents,
    cashOutCents: moves.outCents,
    noSaleCount: counts.noSales,
    voidedLines: counts.voidedLines,
    cancelledSales: counts.cancelledSales,
    averageBasketCents: divideHalfUp(grossCents, receipts),
    byHour: [...hours.entries()].sort((a, b) => a[0] - b[0]).map(([hour, h]) => ({ hour, receipts: h.receipts, grossCents: h.grossCents })),
    topProducts: productList.slice(0, TOP_PRODUCTS).map((p) => ({ productId: p.productId, code: p.code, name: p.name, qtyMilli: p.qtyMilli, grossCents: p.grossCents })),
    byCashier: [...cashiers.values()].sort((a, b) => b.grossCents - a.grossCents || a.cashierId - b.cashierId).map((c) => ({ cashierId: c.cashierId, name: c.name, receipts: c.receipts, grossCents: c.grossCents })),
    grandTotalSalesCents: (last?.grandTotalSalesCents ?? 0) + grossCents,
    grandTotalRefundsCents: (last?.grandTotalRefundsCents ?? 0) + refundsCents,
    unfinishedPayments: unfinishedPaidCarts(ctx.db, register).map((c) => ({ cartId: c.cartId, status: c.status, paidCents: c.paidCents, methods: c.methods.split(',').sort() })),
  };
  return { report, products: productList, days: dayParts };
}

function carriedCash(last: ZRow): number {
  const z = JSON.parse(last.totals) as DayReport;
  return z.cashCountedCents ?? z.cashExpectedCents;
}

function registerOf(ctx: Ctx, register?: string): string {
  return register ?? loadSettings(ctx)['register.id'];
}

/** X: the open business day so far. Reads only, in one read transaction: a sale committed meanwhile is in all of its figures or in none. */
export function xReport(ctx: Ctx, opts: { register?: string; countedCents?: number | null } = {}): DayReport {
  return ctx.db.transaction(() => compute(ctx, registerOf(ctx, opts.register), 'X', opts.countedCents ?? null).report)();
}

/**
 * Z: close the register's open business day. One IMMEDIATE transaction: the
 * report, its summaries and its journal entry, or nothing.
 */
export function closeDay(ctx: Ctx, opts: { register?: string; countedCents?: number | null; userId?: number | null } = {}): DayReport {
  const register = registerOf(ctx, opts.register);
  return ctx.db
    .transaction((): DayReport => {
      const { report, days } = compute(ctx, register, 'Z', opts.countedCents ?? null);
      const totals = JSON.stringify(report);
      const entry = appendJournal(ctx, 'z.closed', {
        register,
        zNo: report.zNo!,
        businessDay: report.businessDay,
        receipts: report.receipts,
        grossCents: report.grossCents,
        refundsCents: report.refundsCents,
        cashExpectedCents: report.cashExpectedCents,
        cashCountedCents: report.cashCountedCents,
        grandTotalSalesCents: report.grandTotalSalesCents,
        grandTotalRefundsCents: report.grandTotalRefundsCents,
        // The stored report, byte for byte: audit verify can tell it was never changed behind the triggers' back.
        totalsSha256: sha256Hex(totals),
        userId: opts.userId ?? null,
      });
      const zId = insertZ(ctx.db, {
        register,
        zNo: report.zNo!,
        businessDay: report.businessDay,
        fromDay: report.fromDay,
        closedAt: report.to,
        closedBy: opts.userId ?? null,
        receipts: report.receipts,
        grossCents: report.grossCents,
        refundsCents: report.refundsCents,
        grandSales: report.grandTotalSalesCents,
        grandRefunds: report.grandTotalRefundsCents,
        totals,
        journalSeq: entry.seq,
        upto: highWater(ctx.db),
      });
      // Kept per business day, so a Z that covers more than one day is counted on each in sales reports.
      // A Z of nothing: one row of zeros for its day, so the day shows as closed with nothing sold.
      const parts: DayPart[] = days.length > 0 ? days : [{ day: report.businessDay, receipts: 0, grossCents: 0, netCents: 0, costCents: 0, products: [], hours: [], cashiers: [], payments: [] }];
      for (const d of parts) {
        insertZDay(ctx.db, zId, {
          businessDay: d.day,
          receipts: d.receipts,
          grossCents: d.grossCents,
          netCents: d.netCents,
          costCents: d.costCents,
          cashiers: JSON.stringify(d.cashiers),
          payments: JSON.stringify(d.payments),
        });
        for (const p of d.products) insertZProduct(ctx.db, zId, d.day, p);
        for (const h of d.hours) insertZHour(ctx.db, zId, d.day, h);
      }
      return report;
    })
    .immediate();
}

/** A stored Z, exactly as it was closed. */
export function showZ(ctx: Ctx, zNo: number, opts: { register?: string } = {}): DayReport {
  const register = registerOf(ctx, opts.register);
  const z = zByNo(ctx.db, register, zNo);
  if (!z) {
    const last = lastZ(ctx.db, register);
    throw new KassaError('Z_NOT_FOUND', `register ${register} has no Z report ${zNo}`, last ? `its Z reports run from 1 to ${last.zNo}` : 'it has no Z report yet: kassa report z closes the day');
  }
  return JSON.parse(z.totals) as DayReport;
}

/** The Z reports of business days in [from, to] (all registers unless one is named), oldest first. */
export function zReports(ctx: Ctx, range: { from: string; to: string; register?: string | null }): DayReport[] {
  return zBetween(ctx.db, range.from, range.to, range.register ?? null).map((z) => JSON.parse(z.totals) as DayReport);
}

/** `--counted 1234.50` or `1234,50`, as the other amounts on the command line. */
export function parseCounted(ctx: Ctx, text: string): number {
  void ctx;
  return parseAmount(text);
}

/**
 * Sales over a period by day, week, month, hour, product, category, cashier or
 * payment method. Closed days come from the summaries each Z stored (a year is
 * a few hundred rows); the open period of a register (after its last Z) is
 * computed from its sales and counted on the business days they were made.
 */
export function salesReport(ctx: Ctx, q: { from: string; to: string; by: SalesGrouping; register?: string | null; top?: number | null }): SalesReport {
  if (q.from > q.to) throw new KassaError('USAGE', `--from ${q.from} is after --to ${q.to}`, 'give the earlier date first');
  // One read transaction: the stored Z reports and the open periods are of the same moment.
  return ctx.db.transaction(() => salesReportNow(ctx, q))();
}

function salesReportNow(ctx: Ctx, q: { from: string; to: string; by: SalesGrouping; register?: string | null; top?: number | null }): SalesReport {
  const register = q.register ?? null;
  const settings = loadSettings(ctx);
  const locale = settings.locale;
  // Open periods: each register's sales no Z covered yet, computed once, counted on the business days they were made.
  const registers = register ? [register] : saleRegisters(ctx.db);
  const open = registers.flatMap((r) => {
    const days = dayRangeIn(ctx.db, periodAfter(r, lastZ(ctx.db, r)));
    if (days.first === null || days.first > q.to || days.last! < q.from) return []; // nothing open in the range
    return compute(ctx, r, 'X', null).days.filter((d) => d.day >= q.from && d.day <= q.to);
  });
  const openDayList = [...new Set(open.map((d) => d.day))].sort();

  type Acc = { key: string; label: string; receipts: number; qtyMilli: number | null; grossCents: number; netCents: number; costCents: number | null; hasAverage: boolean };
  const acc = new Map<string, Acc>();
  const add = (key: string, label: string, v: { receipts: number; qtyMilli?: number | null; grossCents: number; netCents: number; costCents: number | null }, hasAverage: boolean) => {
    const a = acc.get(key) ?? { key, label, receipts: 0, qtyMilli: v.qtyMilli === undefined ? null : 0, grossCents: 0, netCents: 0, costCents: 0, hasAverage };
    a.receipts += v.receipts;
    if (a.qtyMilli !== null && v.qtyMilli != null) a.qtyMilli += v.qtyMilli;
    a.grossCents += v.grossCents;
    a.netCents += v.netCents;
    a.costCents = a.costCents === null || v.costCents === null ? null : a.costCents + v.costCents;
    acc.set(key, a);
  };

  switch (q.by) {
    case 'day':
    case 'week':
    case 'month': {
      // Closed days from each Z's per-day totals (a Z covering two days counts on both), open days as computed.
      for (const d of [...zDaysBetween(ctx.db, q.from, q.to, register), ...open.map((o) => ({ businessDay: o.day, ...o }))]) {
        const [key, label] = timeKey(d.businessDay, q.by, locale);
        add(key, label, { receipts: d.receipts, grossCents: d.grossCents, netCents: d.netCents, costCents: d.costCents }, true);
      }
      break;
    }
    case 'hour': {
      for (const h of [...zHoursBetween(ctx.db, q.from, q.to, register), ...open.flatMap((o) => o.hours)]) {
        add(String(h.hour).padStart(2, '0'), `${String(h.hour).padStart(2, '0')}:00`, { receipts: h.receipts, grossCents: h.grossCents, netCents: 0, costCents: null }, true);
      }
      // Net per hour is not kept (VAT is per receipt): shown as gross only.
      for (const a of acc.values()) a.netCents = 0;
      break;
    }
    case 'product':
    case 'category': {
      const rows = [
        ...zProductsBetween(ctx.db, q.from, q.to, register),
        ...open.flatMap((o) => {
          const cats = productCategories(ctx.db, o.products.map((p) => p.productId));
          return o.products.map((p) => ({ ...p, category: cats.get(p.productId) ?? null }));
        }),
      ];
      for (const p of rows) {
        if (q.by === 'product') add(String(p.productId), `${p.name} (${p.code})`, { receipts: p.receipts, qtyMilli: p.qtyMilli, grossCents: p.grossCents, netCents: p.netCents, costCents: p.costCents }, false);
        else add(p.category ?? '—', p.category ?? '—', { receipts: p.receipts, grossCents: p.grossCents, netCents: p.netCents, costCents: p.costCents }, false);
      }
      break;
    }
    case 'cashier':
    case 'payment': {
      // Closed days from each Z's per-day rows, open days as computed.
      const parts = [
        ...zDaysBetween(ctx.db, q.from, q.to, register).map((d) => ({ cashiers: JSON.parse(d.cashiers) as ReportDayCashier[], payments: JSON.parse(d.payments) as ReportPayment[] })),
        ...open.map((o) => ({ cashiers: o.cashiers, payments: o.payments })),
      ];
      for (const r of parts) {
        if (q.by === 'cashier') for (const c of r.cashiers) add(String(c.cashierId), c.name, { receipts: c.receipts, grossCents: c.grossCents, netCents: 0, costCents: null }, true);
        else for (const p of r.payments) add(p.method, p.method, { receipts: p.count, grossCents: p.amountCents, netCents: 0, costCents: null }, false);
      }
      for (const a of acc.values()) a.netCents = 0;
      break;
    }
  }

  const toRow = (a: Acc): SalesReportRow => ({
    key: a.key,
    label: a.label,
    receipts: a.receipts,
    qtyMilli: a.qtyMilli,
    grossCents: a.grossCents,
    netCents: a.netCents,
    costCents: a.costCents,
    marginCents: a.costCents === null || a.netCents === 0 ? null : a.netCents - a.costCents,
    averageBasketCents: a.hasAverage ? divideHalfUp(a.grossCents, a.receipts) : null,
  });
  const timeOrder = q.by === 'day' || q.by === 'week' || q.by === 'month' || q.by === 'hour';
  let rows = [...acc.values()].map(toRow).sort((a, b) => (timeOrder ? byCode(a.key, b.key) : b.grossCents - a.grossCents || a.key.localeCompare(b.key)));
  if (q.top != null) rows = rows.slice(0, q.top);
  const all = [...acc.values()];
  const totals = toRow({
    key: 'total',
    label: 'total',
    // For products a receipt is counted once per product on it: the total is of those, not of receipts.
    receipts: all.reduce((s, a) => s + a.receipts, 0),
    qtyMilli: null, // pieces and kilograms do not add up
    grossCents: all.reduce((s, a) => s + a.grossCents, 0),
    netCents: all.reduce((s, a) => s + a.netCents, 0),
    costCents: all.some((a) => a.costCents === null) ? null : all.reduce((s, a) => s + (a.costCents ?? 0), 0),
    hasAverage: q.by !== 'product' && q.by !== 'category' && q.by !== 'payment',
  });
  return { by: q.by, from: q.from, to: q.to, register, rows, totals, openDays: openDayList };
}

/** The key (sortable) and label of a business day's day, ISO week or month. */
function timeKey(day: string, by: 'day' | 'week' | 'month', locale: string): [string, string] {
  if (by === 'day') return [day, day];
  if (by === 'month') {
    const d = new Date(`${day}T12:00:00Z`);
    return [day.slice(0, 7), d.toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' })];
  }
  // ISO 8601 week: Monday first; the week's Thursday names its year.
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7) + 3);
  const year = d.getUTCFullYear();
  const jan4 = new Date(Date.UTC(year, 0, 4, 12));
  const week = 1 + Math.round((d.getTime() - jan4.getTime()) / 86_400_000 / 7 - 3 / 7 + ((jan4.getUTCDay() + 6) % 7) / 7);
  return [`${year}-W${String(week).padStart(2, '0')}`, `week ${week} ${year}`];
}
