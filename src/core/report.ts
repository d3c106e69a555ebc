/**
 * The X and Z report: what a register took on a business day, with the names
 * the issue fixes for its JSON. All amounts are integer cents (negative where
 * money went back), quantities thousandths. Pure: built by src/services/reports.ts
 * from the store, rendered by src/render (text, CSV, PDF, paper) and turned into
 * postings by src/export.
 */

export interface ReportVat {
  vatBp: number | null; // 2100 = 21 %; null: exempt
  grossCents: number; // incl. VAT, sales minus refunds
  netCents: number;
  vatCents: number;
}

export interface ReportPayment {
  method: 'cash' | 'card' | 'qr' | 'giftcard' | 'store_credit';
  count: number; // payments (a refund paid out counts too)
  amountCents: number; // what stayed in the till: refunds paid out are negative
}

export interface ReportHour {
  hour: number; // 0–23, the till's local time
  receipts: number;
  grossCents: number;
}

export interface ReportProduct {
  productId: number;
  code: string;
  name: string;
  qtyMilli: number;
  grossCents: number;
}

export interface ReportCashier {
  cashierId: number;
  name: string;
  receipts: number;
  grossCents: number;
}

export interface DayReport {
  kind: 'X' | 'Z';
  zNo?: number; // Z only
  register: string;
  businessDay: string; // YYYY-MM-DD: the open day (X) or the day closed (Z)
  fromDay: string; // the first business day covered (an earlier day left unclosed is closed with it)
  from: string | null; // ISO UTC of the first receipt, null when nothing was sold
  to: string; // ISO UTC: the report's moment (the Z's closing)
  receipts: number; // sales receipts (refunds not counted)
  refundReceipts: number;
  grossCents: number; // sales incl. VAT after discounts
  refundsCents: number; // refunds, as a positive amount
  discountsCents: number; // discounts given on sales
  netCents: number; // grossCents − refundsCents: the turnover incl. VAT
  vat: ReportVat[];
  payments: ReportPayment[];
  roundingCents: number; // cash rounding: negative = rounded down in the customer's favour
  cashFloatCents: number; // in the drawer at the start: what the last Z left when its shift went on, else the float of the period's first shift
  // Put in (+) or taken out (−) between shifts: each later shift's float less the count its predecessor closed with
  // (absent on Z reports made before it was kept: 0).
  cashHandoverCents?: number;
  cashExpectedCents: number; // float + cash payments + cash in − cash out + handovers
  cashCountedCents: number | null;
  cashDifferenceCents: number | null; // counted − expected: negative = short
  cashInCents: number;
  cashOutCents: number;
  noSaleCount: number;
  voidedLines: number;
  cancelledSales: number;
  averageBasketCents: number; // grossCents / receipts, rounded half up; 0 without receipts
  byHour: ReportHour[];
  topProducts: ReportProduct[];
  byCashier: ReportCashier[];
  grandTotalSalesCents: number; // perpetual, up to and including this report
  grandTotalRefundsCents: number;
  // Card or QR payments already taken on carts not yet completed (open, parked, being paid):
  // money the terminal has, on no report until the sale completes. Empty when none; absent in Z reports made before it was added.
  unfinishedPayments?: ReportUnfinished[];
}

/** What was paid on carts not completed: on no report until they complete (a warning on X and Z). */
export function unfinishedPaidCents(r: DayReport): number {
  return (r.unfinishedPayments ?? []).reduce((s, c) => s + c.paidCents, 0);
}

export interface ReportUnfinished {
  cartId: number;
  status: string;
  paidCents: number;
  methods: string[];
}

/** A shift as the drawer's cash sees it: its opening float, and the count it closed with (null while open). */
export interface ShiftCash {
  floatCents: number;
  countedCents: number | null;
}

/**
 * The drawer at the start of a period, and the cash that changed hands between
 * its shifts. One drawer per register: the day starts with what the last Z left
 * in it when a shift went on through that Z (`carried`), else with the float of
 * the period's first shift. A later shift takes over the drawer its predecessor
 * counted; its float less that count was put in (+) or taken out (−) at the
 * handover — nothing when the cash stays in the drawer and the next cashier
 * takes over the count, the takings when they go to the safe and a fresh float
 * comes in. So a count at the Z, against the expected cash, gives the whole
 * day's difference, the shifts' own differences included, and a second float is
 * never counted as money the drawer should hold.
 */
export function drawerStart(carried: { cashCents: number; shift: ShiftCash } | null, shifts: readonly ShiftCash[]): { floatCents: number; handoverCents: number } {
  const chain = carried ? [carried.shift, ...shifts] : shifts;
  let handoverCents = 0;
  // A shift opened while the one before it was still open cannot happen (one open shift per register); were it so, its float counts as put in.
  for (let k = 1; k < chain.length; k++) handoverCents += chain[k]!.floatCents - (chain[k - 1]!.countedCents ?? 0);
  return { floatCents: carried ? carried.cashCents : (shifts[0]?.floatCents ?? 0), handoverCents };
}

/**
 * Order of keys that are codes, dates and methods (ASCII): by code unit. Not
 * localeCompare, whose first call sets up the ICU collator (~2 ms of an X).
 */
export function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Round half up of a / b for a ≥ 0, b > 0 (the average basket). */
export function divideHalfUp(a: number, b: number): number {
  if (b === 0) return 0;
  const sign = a < 0 ? -1 : 1;
  const abs = Math.abs(a);
  return sign * Math.floor((2 * abs + b) / (2 * b));
}

export const SALES_GROUPINGS = ['day', 'week', 'month', 'hour', 'product', 'category', 'cashier', 'payment'] as const;
export type SalesGrouping = (typeof SALES_GROUPINGS)[number];

export interface SalesReportRow {
  key: string; // '2026-11-27', '2026-W48', '2026-11', '14', product code, category, cashier id, method
  label: string; // what a person reads: the date, 'week 48 2026', 'november 2026', '14:00', the name…
  receipts: number; // receipts it was on (for payment: payments)
  qtyMilli: number | null; // products only (null where a quantity means nothing)
  grossCents: number; // incl. VAT, sales minus refunds
  netCents: number; // excl. VAT
  costCents: number | null; // where every product has a cost price; null otherwise
  marginCents: number | null; // netCents − costCents
  averageBasketCents: number | null; // grossCents / receipts for time groupings and cashiers
}

export interface SalesReport {
  by: SalesGrouping;
  from: string; // YYYY-MM-DD, inclusive
  to: string;
  register: string | null; // null: all registers
  rows: SalesReportRow[]; // in order (time) or largest first (others); --top N keeps the first N
  totals: SalesReportRow; // key 'total'
  /** Business days in the range not closed by a Z: their figures are computed from the sales themselves. */
  openDays: string[];
}
