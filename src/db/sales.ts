import type { Db } from './database.js';
import { stmt } from './statements.js';

/** The register's next receipt number: gapless, because it is taken inside the sale's transaction. */
export function nextReceiptNo(db: Db, register: string): number {
  return stmt(
    db,
    `INSERT INTO receipt_counters (register, last_no) VALUES (?, 1)
     ON CONFLICT (register) DO UPDATE SET last_no = last_no + 1 RETURNING last_no`,
  )
    .pluck()
    .get(register) as number;
}

export interface SaleRow {
  uuid: string;
  register: string;
  receiptNo: number;
  businessDay: string;
  kind: 'sale' | 'refund';
  cashierId: number;
  completedAt: string;
  subtotalCents: number;
  discountCents: number;
  totalCents: number;
  roundingCents: number;
  changeCents: number;
}

export function insertSale(db: Db, s: SaleRow): number {
  return Number(
    stmt(
      db,
      `INSERT INTO sales (uuid, register, receipt_no, business_day, status, kind, cashier_id, completed_at,
         subtotal_cents, discount_cents, total_cents, rounding_cents, change_cents)
       VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      s.uuid,
      s.register,
      s.receiptNo,
      s.businessDay,
      s.kind,
      s.cashierId,
      s.completedAt,
      s.subtotalCents,
      s.discountCents,
      s.totalCents,
      s.roundingCents,
      s.changeCents,
    ).lastInsertRowid,
  );
}

export interface SaleLineRow {
  lineNo: number;
  productId: number;
  code: string;
  name: string;
  qtyMilli: number;
  unitPriceCents: number;
  discountCents: number;
  vatCode: string;
  vatBp: number | null;
  lineTotalCents: number;
}

export function insertSaleLine(db: Db, saleId: number, l: SaleLineRow): void {
  stmt(
    db,
    `INSERT INTO sale_lines (sale_id, line_no, product_id, code, name, qty_milli, unit_price_cents, discount_cents,
       vat_code, vat_bp, line_total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(saleId, l.lineNo, l.productId, l.code, l.name, l.qtyMilli, l.unitPriceCents, l.discountCents, l.vatCode, l.vatBp, l.lineTotalCents);
}

export interface PaymentRow {
  method: 'cash' | 'card' | 'qr';
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number | null;
  reference: string | null;
}

export function insertPayment(db: Db, saleId: number, p: PaymentRow): void {
  stmt(
    db,
    'INSERT INTO payments (sale_id, method, amount_cents, tendered_cents, change_cents, reference) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(saleId, p.method, p.amountCents, p.tenderedCents, p.changeCents, p.reference);
}

export function insertStockMovement(db: Db, productId: number, deltaMilli: number, reason: 'sale' | 'refund', reference: string, at: string): void {
  stmt(db, 'INSERT INTO stock_movements (product_id, delta_milli, reason, reference, at) VALUES (?, ?, ?, ?, ?)').run(
    productId,
    deltaMilli,
    reason,
    reference,
    at,
  );
  stmt(db, 'UPDATE products SET stock_milli = stock_milli + ? WHERE id = ?').run(deltaMilli, productId);
}

export function saleByReceipt(db: Db, register: string, receiptNo: number): (SaleRow & { id: number }) | undefined {
  return stmt(
    db,
    `SELECT id, uuid, register, receipt_no AS receiptNo, business_day AS businessDay, kind, cashier_id AS cashierId,
       completed_at AS completedAt, subtotal_cents AS subtotalCents, discount_cents AS discountCents,
       total_cents AS totalCents, rounding_cents AS roundingCents, change_cents AS changeCents
     FROM sales WHERE register = ? AND receipt_no = ?`,
  ).get(register, receiptNo) as (SaleRow & { id: number }) | undefined;
}

export function linesOf(db: Db, saleId: number): SaleLineRow[] {
  return stmt(
    db,
    `SELECT line_no AS lineNo, product_id AS productId, code, name, qty_milli AS qtyMilli, unit_price_cents AS unitPriceCents,
       discount_cents AS discountCents, vat_code AS vatCode, vat_bp AS vatBp, line_total_cents AS lineTotalCents
     FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  ).all(saleId) as SaleLineRow[];
}

export function paymentsOf(db: Db, saleId: number): PaymentRow[] {
  return stmt(
    db,
    `SELECT method, amount_cents AS amountCents, tendered_cents AS tenderedCents, change_cents AS changeCents, reference
     FROM payments WHERE sale_id = ? ORDER BY id`,
  ).all(saleId) as PaymentRow[];
}

/** Registers whose receipt numbers have a gap or do not start at 1: [register, expected, found]. */
export function receiptGaps(db: Db): { register: string; count: number; maxNo: number; minNo: number }[] {
  return db
    .prepare(
      `SELECT register, count(*) AS count, max(receipt_no) AS maxNo, min(receipt_no) AS minNo FROM sales
       GROUP BY register HAVING count(*) != max(receipt_no) OR min(receipt_no) != 1`,
    )
    .all() as { register: string; count: number; maxNo: number; minNo: number }[];
}
