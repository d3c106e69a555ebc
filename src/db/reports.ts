/**
 * The SQL of the end-of-day reports: what a register did since its last Z, and
 * the stored Z reports with their summaries. A register's open period is what
 * no Z of it covered yet: sales, no-sales, cash movements and shifts with ids
 * above those its last Z kept, cart events (voids, cancellations) with journal
 * entries after its z.closed entry. Ids only grow (nothing is deleted) and a Z
 * is written in an IMMEDIATE transaction, so every change is on exactly one Z.
 */
import type { ShiftCash } from '../core/report.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface ZRow {
  id: number;
  register: string;
  zNo: number;
  businessDay: string;
  fromDay: string;
  closedAt: string;
  receipts: number;
  refundsCents: number;
  grandTotalSalesCents: number;
  grandTotalRefundsCents: number;
  totals: string;
  journalSeq: number;
  salesUpto: number;
  noSalesUpto: number;
  cashMovesUpto: number;
  shiftsUpto: number;
}

const Z_COLS = `id, register, z_no AS zNo, business_day AS businessDay, from_day AS fromDay, closed_at AS closedAt, receipts, refunds_cents AS refundsCents,
  grand_total_sales_cents AS grandTotalSalesCents, grand_total_refunds_cents AS grandTotalRefundsCents, totals, journal_seq AS journalSeq,
  sales_upto AS salesUpto, no_sales_upto AS noSalesUpto, cash_moves_upto AS cashMovesUpto, shifts_upto AS shiftsUpto`;

/** Where a register's open period starts: the ids its last Z covered (0 when it has none). */
export interface Period {
  register: string;
  sale: number;
  noSale: number;
  cashMove: number;
  shift: number;
  seq: number;
}

export function periodAfter(register: string, last: ZRow | undefined): Period {
  return {
    register,
    sale: last?.salesUpto ?? 0,
    noSale: last?.noSalesUpto ?? 0,
    cashMove: last?.cashMovesUpto ?? 0,
    shift: last?.shiftsUpto ?? 0,
    seq: last?.journalSeq ?? 0,
  };
}

/** The highest ids now: what a Z closing now covers. */
export function highWater(db: Db): { sale: number; noSale: number; cashMove: number; shift: number } {
  return stmt(
    db,
    `SELECT (SELECT coalesce(MAX(id), 0) FROM sales) AS sale, (SELECT coalesce(MAX(id), 0) FROM no_sales) AS noSale,
       (SELECT coalesce(MAX(id), 0) FROM cash_movements) AS cashMove, (SELECT coalesce(MAX(id), 0) FROM shifts) AS shift`,
  ).get() as { sale: number; noSale: number; cashMove: number; shift: number };
}

export function lastZ(db: Db, register: string): ZRow | undefined {
  return stmt(db, `SELECT ${Z_COLS} FROM z_reports WHERE register = ? ORDER BY z_no DESC LIMIT 1`).get(register) as ZRow | undefined;
}

export function zByNo(db: Db, register: string, zNo: number): ZRow | undefined {
  return stmt(db, `SELECT ${Z_COLS} FROM z_reports WHERE register = ? AND z_no = ?`).get(register, zNo) as ZRow | undefined;
}

/** Z reports whose business day lies in [from, to], oldest first; all registers when `register` is null. */
export function zBetween(db: Db, from: string, to: string, register: string | null): ZRow[] {
  return stmt(db, `SELECT ${Z_COLS} FROM z_reports WHERE business_day BETWEEN ? AND ? AND (? IS NULL OR register = ?) ORDER BY business_day, register, z_no`).all(
    from,
    to,
    register,
    register,
  ) as ZRow[];
}

export interface SaleRow {
  id: number;
  kind: 'sale' | 'refund';
  cashierId: number;
  cashierName: string | null;
  completedAt: string;
  businessDay: string;
  totalCents: number;
  discountCents: number;
  roundingCents: number;
  pricesIncludeVat: number;
}

/** The sales of a period: the register's, after its last Z. */
const IN_PERIOD = `s.register = @register AND s.id > @sale`;

function params(p: Period): { register: string; sale: number } {
  return { register: p.register, sale: p.sale };
}

/** The period's sales and refunds. */
export function salesIn(db: Db, p: Period): SaleRow[] {
  return stmt(
    db,
    `SELECT s.id, s.kind, s.cashier_id AS cashierId, u.name AS cashierName, s.completed_at AS completedAt, s.business_day AS businessDay,
       s.total_cents AS totalCents, s.discount_cents AS discountCents, s.rounding_cents AS roundingCents, s.prices_include_vat AS pricesIncludeVat
     FROM sales s LEFT JOIN users u ON u.id = s.cashier_id
     WHERE ${IN_PERIOD} ORDER BY s.id`,
  ).all(params(p)) as SaleRow[];
}

/** Each receipt's line totals per VAT code: what its VAT lines are computed from. */
export interface VatGroupRow {
  saleId: number;
  pricesIncludeVat: number;
  vatCode: string;
  vatBp: number | null;
  totalCents: number;
}

export function vatGroupsIn(db: Db, p: Period): VatGroupRow[] {
  return stmt(
    db,
    `SELECT l.sale_id AS saleId, s.prices_include_vat AS pricesIncludeVat, l.vat_code AS vatCode, l.vat_bp AS vatBp, SUM(l.line_total_cents) AS totalCents
     FROM sales s JOIN sale_lines l ON l.sale_id = s.id
     WHERE ${IN_PERIOD} GROUP BY l.sale_id, l.vat_code, l.vat_bp ORDER BY l.sale_id`,
  ).all(params(p)) as VatGroupRow[];
}

/** Per business day, product, VAT rate and price rule sold in the period: quantities, line totals, receipts, and the cost price known now. */
export interface ProductRow {
  businessDay: string;
  productId: number;
  code: string;
  name: string;
  vatBp: number | null;
  pricesIncludeVat: number;
  qtyMilli: number;
  linesCents: number; // as the lines were priced: incl. VAT, or excl. VAT where prices exclude it
  receipts: number;
  costCents: number | null; // per unit, now
}

export function productsIn(db: Db, p: Period): ProductRow[] {
  return stmt(
    db,
    `SELECT t.businessDay, t.productId, t.code, t.name, t.vatBp, t.pricesIncludeVat, t.qtyMilli, t.linesCents, t.receipts, p.cost_cents AS costCents
     FROM (SELECT s.business_day AS businessDay, l.product_id AS productId, MIN(l.code) AS code, MAX(l.name) AS name, l.vat_bp AS vatBp,
             s.prices_include_vat AS pricesIncludeVat, SUM(l.qty_milli) AS qtyMilli, SUM(l.line_total_cents) AS linesCents, COUNT(DISTINCT l.sale_id) AS receipts
           FROM sales s JOIN sale_lines l ON l.sale_id = s.id
           WHERE ${IN_PERIOD} GROUP BY s.business_day, l.product_id, l.vat_bp, s.prices_include_vat) t
     JOIN products p ON p.id = t.productId`,
  ).all(params(p)) as ProductRow[];
}

/** Payments per business day and method. */
export function paymentsIn(db: Db, p: Period): { businessDay: string; method: string; count: number; amountCents: number }[] {
  return stmt(
    db,
    `SELECT s.business_day AS businessDay, p.method, COUNT(*) AS count, SUM(p.amount_cents) AS amountCents
     FROM sales s JOIN payments p ON p.sale_id = s.id
     WHERE ${IN_PERIOD} GROUP BY s.business_day, p.method ORDER BY p.method`,
  ).all(params(p)) as { businessDay: string; method: string; count: number; amountCents: number }[];
}

export function cashMovesIn(db: Db, p: Period): { inCents: number; outCents: number } {
  return stmt(
    db,
    `SELECT coalesce(SUM(CASE WHEN direction = 'in' THEN amount_cents END), 0) AS inCents,
       coalesce(SUM(CASE WHEN direction = 'out' THEN amount_cents END), 0) AS outCents
     FROM cash_movements WHERE register = ? AND id > ?`,
  ).get(p.register, p.cashMove) as { inCents: number; outCents: number };
}

/** The shift of the register that was open at `at` (opened before, closed after or not yet), if any. */
export function shiftOpenAt(db: Db, register: string, at: string): ShiftCash | undefined {
  return stmt(
    db,
    `SELECT float_cents AS floatCents, counted_cents AS countedCents FROM shifts
     WHERE register = ? AND opened_at <= ? AND (closed_at IS NULL OR closed_at > ?) ORDER BY id DESC LIMIT 1`,
  ).get(register, at, at) as ShiftCash | undefined;
}

/** The shifts of the register opened in the period, in the order they were opened. */
export function shiftsIn(db: Db, p: Period): ShiftCash[] {
  return stmt(db, `SELECT float_cents AS floatCents, counted_cents AS countedCents FROM shifts WHERE register = ? AND id > ? ORDER BY id`).all(
    p.register,
    p.shift,
  ) as ShiftCash[];
}

/**
 * No-sales, voided lines and cancelled sales of the period. Voids and
 * cancellations are counted from their journal entries (a cart's own row
 * changes as it is worked on; its journal entries do not).
 */
export function countsIn(db: Db, p: Period): { noSales: number; voidedLines: number; cancelledSales: number } {
  const noSales = (stmt(db, `SELECT COUNT(*) AS n FROM no_sales WHERE register = ? AND id > ?`).get(p.register, p.noSale) as { n: number }).n;
  // Every such entry names its register (a cart's, or a one-shot sale's); a cancelled refund is not a cancelled sale.
  const events = stmt(
    db,
    `SELECT coalesce(SUM(j.type = 'sale.line_voided'), 0) AS voided,
       coalesce(SUM(j.type = 'sale.cancelled' AND (SELECT c.kind FROM carts c WHERE c.uuid = json_extract(j.payload, '$.cart')) = 'sale'), 0) AS cancelled
     FROM journal j
     WHERE j.seq > ? AND j.type IN ('sale.line_voided', 'sale.cancelled') AND json_extract(j.payload, '$.register') = ?`,
  ).get(p.seq, p.register) as { voided: number; cancelled: number };
  return { noSales, voidedLines: events.voided, cancelledSales: events.cancelled };
}

/** Carts of the register not completed (open, parked, being paid) that hold a payment already taken. */
export function unfinishedPaidCarts(db: Db, register: string): { cartId: number; status: string; paidCents: number; methods: string }[] {
  return stmt(
    db,
    `SELECT c.id AS cartId, c.status, SUM(p.amount_cents) AS paidCents, group_concat(DISTINCT p.method) AS methods
     FROM carts c JOIN cart_payments p ON p.cart_id = c.id
     WHERE c.register = ? AND c.status IN ('open', 'parked', 'paying') GROUP BY c.id ORDER BY c.id`,
  ).all(register) as { cartId: number; status: string; paidCents: number; methods: string }[];
}

export function insertZ(
  db: Db,
  z: {
    register: string;
    zNo: number;
    businessDay: string;
    fromDay: string;
    closedAt: string;
    closedBy: number | null;
    receipts: number;
    grossCents: number;
    refundsCents: number;
    grandSales: number;
    grandRefunds: number;
    totals: string;
    journalSeq: number;
    upto: { sale: number; noSale: number; cashMove: number; shift: number };
  },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO z_reports (register, z_no, business_day, from_day, closed_at, closed_by, receipts, gross_cents, refunds_cents,
         grand_total_sales_cents, grand_total_refunds_cents, totals, journal_seq, sales_upto, no_sales_upto, cash_moves_upto, shifts_upto)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      z.register,
      z.zNo,
      z.businessDay,
      z.fromDay,
      z.closedAt,
      z.closedBy,
      z.receipts,
      z.grossCents,
      z.refundsCents,
      z.grandSales,
      z.grandRefunds,
      z.totals,
      z.journalSeq,
      z.upto.sale,
      z.upto.noSale,
      z.upto.cashMove,
      z.upto.shift,
    ).lastInsertRowid,
  );
}

/** Every Z with the payload of its z.closed journal entry, per register in Z order: what audit verify checks. */
export function* zWithJournal(db: Db): Generator<{ register: string; zNo: number; totals: string; payload: string | null }> {
  yield* stmt(
    db,
    `SELECT z.register, z.z_no AS zNo, z.totals, j.payload FROM z_reports z LEFT JOIN journal j ON j.seq = z.journal_seq AND j.type = 'z.closed' ORDER BY z.register, z.z_no`,
  ).iterate() as Iterable<{ register: string; zNo: number; totals: string; payload: string | null }>;
}

/** When the register's Z reports dated `day` or later that closed sales or refunds were made (ISO UTC). */
export function zClosingsWithSalesFrom(db: Db, register: string, day: string): string[] {
  return (
    stmt(db, `SELECT closed_at AS at FROM z_reports WHERE business_day >= ? AND register = ? AND (receipts > 0 OR refunds_cents <> 0)`).all(day, register) as { at: string }[]
  ).map((r) => r.at);
}

export function insertZProduct(
  db: Db,
  zId: number,
  day: string,
  p: { productId: number; qtyMilli: number; grossCents: number; netCents: number; costCents: number | null; receipts: number },
): void {
  stmt(db, `INSERT INTO z_product_totals (z_id, business_day, product_id, qty_milli, gross_cents, net_cents, cost_cents, receipts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    zId,
    day,
    p.productId,
    p.qtyMilli,
    p.grossCents,
    p.netCents,
    p.costCents,
    p.receipts,
  );
}

export function insertZHour(db: Db, zId: number, day: string, h: { hour: number; receipts: number; grossCents: number }): void {
  stmt(db, `INSERT INTO z_hour_totals (z_id, business_day, hour, receipts, gross_cents) VALUES (?, ?, ?, ?, ?)`).run(zId, day, h.hour, h.receipts, h.grossCents);
}

export interface DayTotalsRow {
  businessDay: string;
  receipts: number;
  grossCents: number; // turnover incl. VAT: sales minus refunds
  netCents: number; // the same excl. VAT
  costCents: number | null;
  cashiers: string; // JSON: [{ cashierId, name, receipts, grossCents }]
  payments: string; // JSON: [{ method, count, amountCents }]
}

export function insertZDay(db: Db, zId: number, d: DayTotalsRow): void {
  stmt(db, `INSERT INTO z_day_totals (z_id, business_day, receipts, gross_cents, net_cents, cost_cents, cashiers, payments) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
    zId,
    d.businessDay,
    d.receipts,
    d.grossCents,
    d.netCents,
    d.costCents,
    d.cashiers,
    d.payments,
  );
}

/** The per-day totals of Z reports for business days in [from, to]. */
export function zDaysBetween(db: Db, from: string, to: string, register: string | null): DayTotalsRow[] {
  return stmt(
    db,
    `SELECT d.business_day AS businessDay, d.receipts, d.gross_cents AS grossCents, d.net_cents AS netCents, d.cost_cents AS costCents, d.cashiers, d.payments
     FROM z_day_totals d JOIN z_reports z ON z.id = d.z_id
     WHERE d.business_day BETWEEN ? AND ? AND (? IS NULL OR z.register = ?)`,
  ).all(from, to, register, register) as DayTotalsRow[];
}

/** The first and last business day of a period's sales (null when it has none). */
export function dayRangeIn(db: Db, p: Period): { first: string | null; last: string | null } {
  return stmt(db, `SELECT MIN(s.business_day) AS first, MAX(s.business_day) AS last FROM sales s WHERE ${IN_PERIOD}`).get(params(p)) as {
    first: string | null;
    last: string | null;
  };
}

/** On how many receipts of one business day of the period a product was (once, whatever its VAT rates and price rules). */
export function productReceiptsOn(db: Db, p: Period, day: string, productId: number): number {
  return (
    stmt(db, `SELECT COUNT(DISTINCT l.sale_id) AS n FROM sales s JOIN sale_lines l ON l.sale_id = s.id WHERE ${IN_PERIOD} AND s.business_day = @day AND l.product_id = @product`).get({
      ...params(p),
      day,
      product: productId,
    }) as { n: number }
  ).n;
}

/** Every register that ever sold: one step through the index on sales (register) per register, not a walk of all of it. */
export function saleRegisters(db: Db): string[] {
  return (
    stmt(
      db,
      `WITH RECURSIVE r(register) AS (SELECT MIN(register) FROM sales UNION ALL SELECT (SELECT MIN(register) FROM sales WHERE register > r.register) FROM r WHERE r.register IS NOT NULL)
       SELECT register FROM r WHERE register IS NOT NULL`,
    ).all() as { register: string }[]
  ).map((r) => r.register);
}

export interface ZProductRow {
  businessDay: string; // the day the sales were made on
  productId: number;
  code: string;
  name: string;
  category: string | null;
  qtyMilli: number;
  grossCents: number;
  netCents: number;
  costCents: number | null;
  receipts: number;
}

/** Per product of the Z reports of business days in [from, to]. */
export function zProductsBetween(db: Db, from: string, to: string, register: string | null): ZProductRow[] {
  return stmt(
    db,
    `SELECT t.business_day AS businessDay, t.product_id AS productId, coalesce(p.sku, (SELECT code FROM barcodes b WHERE b.product_id = p.id LIMIT 1), '#' || p.id) AS code,
       p.name, p.category, t.qty_milli AS qtyMilli, t.gross_cents AS grossCents, t.net_cents AS netCents, t.cost_cents AS costCents, t.receipts
     FROM z_reports z JOIN z_product_totals t ON t.z_id = z.id JOIN products p ON p.id = t.product_id
     WHERE t.business_day BETWEEN ? AND ? AND (? IS NULL OR z.register = ?)`,
  ).all(from, to, register, register) as ZProductRow[];
}

export function zHoursBetween(db: Db, from: string, to: string, register: string | null): { hour: number; receipts: number; grossCents: number }[] {
  return stmt(
    db,
    `SELECT h.hour, SUM(h.receipts) AS receipts, SUM(h.gross_cents) AS grossCents
     FROM z_reports z JOIN z_hour_totals h ON h.z_id = z.id
     WHERE h.business_day BETWEEN ? AND ? AND (? IS NULL OR z.register = ?) GROUP BY h.hour ORDER BY h.hour`,
  ).all(from, to, register, register) as { hour: number; receipts: number; grossCents: number }[];
}

export function productCategories(db: Db, ids: readonly number[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  const q = stmt(db, 'SELECT category FROM products WHERE id = ?');
  for (const id of ids) out.set(id, ((q.get(id) as { category: string | null } | undefined)?.category ?? null));
  return out;
}
