/**
 * The SQL of the end-of-day reports: what a register did since its last Z, and
 * the stored Z reports with their summaries. A period is "business days after
 * the last Z" (sales, no-sales, carts, cash movements carry their business day;
 * shifts count from the last Z's moment).
 */
import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface ZRow {
  id: number;
  register: string;
  zNo: number;
  businessDay: string;
  fromDay: string;
  closedAt: string;
  grandTotalSalesCents: number;
  grandTotalRefundsCents: number;
  totals: string;
}

const Z_COLS = `id, register, z_no AS zNo, business_day AS businessDay, from_day AS fromDay, closed_at AS closedAt,
  grand_total_sales_cents AS grandTotalSalesCents, grand_total_refunds_cents AS grandTotalRefundsCents, totals`;

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
  totalCents: number;
  discountCents: number;
  roundingCents: number;
  pricesIncludeVat: number;
}

/** The register's sales and refunds on business days after `afterDay` ('' for all). */
export function salesAfter(db: Db, register: string, afterDay: string): SaleRow[] {
  return stmt(
    db,
    `SELECT s.id, s.kind, s.cashier_id AS cashierId, u.name AS cashierName, s.completed_at AS completedAt, s.total_cents AS totalCents,
       s.discount_cents AS discountCents, s.rounding_cents AS roundingCents, s.prices_include_vat AS pricesIncludeVat
     FROM sales s LEFT JOIN users u ON u.id = s.cashier_id
     WHERE s.register = ? AND s.business_day > ? ORDER BY s.id`,
  ).all(register, afterDay) as SaleRow[];
}

/** The first business day with a sale after `afterDay`, if any. */
export function firstDayAfter(db: Db, register: string, afterDay: string): string | undefined {
  return (stmt(db, 'SELECT MIN(business_day) AS d FROM sales WHERE register = ? AND business_day > ?').get(register, afterDay) as { d: string | null }).d ?? undefined;
}

/** Each receipt's line totals per VAT code: what its VAT lines are computed from. */
export interface VatGroupRow {
  saleId: number;
  pricesIncludeVat: number;
  vatCode: string;
  vatBp: number | null;
  totalCents: number;
}

export function vatGroupsAfter(db: Db, register: string, afterDay: string): VatGroupRow[] {
  return stmt(
    db,
    `SELECT l.sale_id AS saleId, s.prices_include_vat AS pricesIncludeVat, l.vat_code AS vatCode, l.vat_bp AS vatBp, SUM(l.line_total_cents) AS totalCents
     FROM sales s JOIN sale_lines l ON l.sale_id = s.id
     WHERE s.register = ? AND s.business_day > ? GROUP BY l.sale_id, l.vat_code, l.vat_bp ORDER BY l.sale_id`,
  ).all(register, afterDay) as VatGroupRow[];
}

/** Per product (and VAT rate) sold since: quantities, totals, receipts, and the cost price known now. */
export interface ProductRow {
  productId: number;
  code: string;
  name: string;
  vatBp: number | null;
  qtyMilli: number;
  grossCents: number;
  receipts: number;
  costCents: number | null; // per unit, now
}

export function productsAfter(db: Db, register: string, afterDay: string): ProductRow[] {
  return stmt(
    db,
    `SELECT t.productId, t.code, t.name, t.vatBp, t.qtyMilli, t.grossCents, t.receipts, p.cost_cents AS costCents
     FROM (SELECT l.product_id AS productId, MIN(l.code) AS code, MAX(l.name) AS name, l.vat_bp AS vatBp, SUM(l.qty_milli) AS qtyMilli,
             SUM(l.line_total_cents) AS grossCents, COUNT(DISTINCT l.sale_id) AS receipts
           FROM sales s JOIN sale_lines l ON l.sale_id = s.id
           WHERE s.register = ? AND s.business_day > ? GROUP BY l.product_id, l.vat_bp) t
     JOIN products p ON p.id = t.productId`,
  ).all(register, afterDay) as ProductRow[];
}

export function paymentsAfter(db: Db, register: string, afterDay: string): { method: string; count: number; amountCents: number }[] {
  return stmt(
    db,
    `SELECT p.method, COUNT(*) AS count, SUM(p.amount_cents) AS amountCents
     FROM sales s JOIN payments p ON p.sale_id = s.id
     WHERE s.register = ? AND s.business_day > ? GROUP BY p.method ORDER BY p.method`,
  ).all(register, afterDay) as { method: string; count: number; amountCents: number }[];
}

export function cashMovesAfter(db: Db, register: string, afterDay: string): { inCents: number; outCents: number } {
  return stmt(
    db,
    `SELECT coalesce(SUM(CASE WHEN direction = 'in' THEN amount_cents END), 0) AS inCents,
       coalesce(SUM(CASE WHEN direction = 'out' THEN amount_cents END), 0) AS outCents
     FROM cash_movements WHERE register = ? AND business_day > ?`,
  ).get(register, afterDay) as { inCents: number; outCents: number };
}

/** Opening floats of the shifts opened after `afterAt` ('' for all). */
/** Whether a shift of the register was open at `at` (opened before, closed after or not yet). */
export function shiftOpenAt(db: Db, register: string, at: string): boolean {
  return stmt(db, `SELECT 1 FROM shifts WHERE register = ? AND opened_at <= ? AND (closed_at IS NULL OR closed_at > ?) LIMIT 1`).get(register, at, at) !== undefined;
}

export function floatsAfter(db: Db, register: string, afterAt: string): number {
  return (stmt(db, `SELECT coalesce(SUM(float_cents), 0) AS c FROM shifts WHERE register = ? AND opened_at > ?`).get(register, afterAt) as { c: number }).c;
}

export function countsAfter(db: Db, register: string, afterDay: string): { noSales: number; voidedLines: number; cancelledSales: number } {
  const noSales = (stmt(db, `SELECT COUNT(*) AS n FROM no_sales WHERE register = ? AND business_day > ?`).get(register, afterDay) as { n: number }).n;
  const voidedLines = (
    stmt(db, `SELECT COUNT(*) AS n FROM carts c JOIN cart_lines l ON l.cart_id = c.id WHERE c.register = ? AND c.business_day > ? AND l.voided = 1`).get(register, afterDay) as { n: number }
  ).n;
  const cancelledSales = (stmt(db, `SELECT COUNT(*) AS n FROM carts WHERE register = ? AND business_day > ? AND status = 'cancelled' AND kind = 'sale'`).get(register, afterDay) as { n: number }).n;
  return { noSales, voidedLines, cancelledSales };
}

export function insertZ(
  db: Db,
  z: { register: string; zNo: number; businessDay: string; fromDay: string; closedAt: string; closedBy: number | null; receipts: number; grossCents: number; refundsCents: number; grandSales: number; grandRefunds: number; totals: string; journalSeq: number },
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO z_reports (register, z_no, business_day, from_day, closed_at, closed_by, receipts, gross_cents, refunds_cents,
         grand_total_sales_cents, grand_total_refunds_cents, totals, journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(z.register, z.zNo, z.businessDay, z.fromDay, z.closedAt, z.closedBy, z.receipts, z.grossCents, z.refundsCents, z.grandSales, z.grandRefunds, z.totals, z.journalSeq)
      .lastInsertRowid,
  );
}

export function insertZProduct(db: Db, zId: number, p: { productId: number; qtyMilli: number; grossCents: number; netCents: number; costCents: number | null; receipts: number }): void {
  stmt(db, `INSERT INTO z_product_totals (z_id, product_id, qty_milli, gross_cents, net_cents, cost_cents, receipts) VALUES (?, ?, ?, ?, ?, ?, ?)`).run(
    zId,
    p.productId,
    p.qtyMilli,
    p.grossCents,
    p.netCents,
    p.costCents,
    p.receipts,
  );
}

export function insertZHour(db: Db, zId: number, h: { hour: number; receipts: number; grossCents: number }): void {
  stmt(db, `INSERT INTO z_hour_totals (z_id, hour, receipts, gross_cents) VALUES (?, ?, ?, ?)`).run(zId, h.hour, h.receipts, h.grossCents);
}

export function zRegisters(db: Db): string[] {
  return (stmt(db, 'SELECT DISTINCT register FROM z_reports ORDER BY register').all() as { register: string }[]).map((r) => r.register);
}

export interface ZProductRow {
  businessDay: string;
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
    `SELECT z.business_day AS businessDay, t.product_id AS productId, coalesce(p.sku, (SELECT code FROM barcodes b WHERE b.product_id = p.id LIMIT 1), '#' || p.id) AS code,
       p.name, p.category, t.qty_milli AS qtyMilli, t.gross_cents AS grossCents, t.net_cents AS netCents, t.cost_cents AS costCents, t.receipts
     FROM z_reports z JOIN z_product_totals t ON t.z_id = z.id JOIN products p ON p.id = t.product_id
     WHERE z.business_day BETWEEN ? AND ? AND (? IS NULL OR z.register = ?)`,
  ).all(from, to, register, register) as ZProductRow[];
}

export function zHoursBetween(db: Db, from: string, to: string, register: string | null): { hour: number; receipts: number; grossCents: number }[] {
  return stmt(
    db,
    `SELECT h.hour, SUM(h.receipts) AS receipts, SUM(h.gross_cents) AS grossCents
     FROM z_reports z JOIN z_hour_totals h ON h.z_id = z.id
     WHERE z.business_day BETWEEN ? AND ? AND (? IS NULL OR z.register = ?) GROUP BY h.hour ORDER BY h.hour`,
  ).all(from, to, register, register) as { hour: number; receipts: number; grossCents: number }[];
}

export function productCategories(db: Db, ids: readonly number[]): Map<number, string | null> {
  const out = new Map<number, string | null>();
  const q = stmt(db, 'SELECT category FROM products WHERE id = ?');
  for (const id of ids) out.set(id, ((q.get(id) as { category: string | null } | undefined)?.category ?? null));
  return out;
}
