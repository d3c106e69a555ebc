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
  originalSaleId: number | null;
  pricesIncludeVat: boolean;
  saleDiscountCents: number;
}

export function insertSale(db: Db, s: SaleRow): number {
  return Number(
    stmt(
      db,
      `INSERT INTO sales (uuid, register, receipt_no, business_day, status, kind, cashier_id, completed_at,
         subtotal_cents, discount_cents, total_cents, rounding_cents, change_cents, original_sale_id, prices_include_vat,
         sale_discount_cents)
       VALUES (?, ?, ?, ?, 'completed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
      s.originalSaleId,
      s.pricesIncludeVat ? 1 : 0,
      s.saleDiscountCents,
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
  unit: 'piece' | 'kg';
  listPriceCents: number;
  discountLabel: string | null;
  originalLineNo: number | null;
  saleDiscountShareCents: number; // the part of discountCents that is the line's share of the sale discount
}

export function insertSaleLine(db: Db, saleId: number, l: SaleLineRow): void {
  stmt(
    db,
    `INSERT INTO sale_lines (sale_id, line_no, product_id, code, name, qty_milli, unit_price_cents, discount_cents,
       vat_code, vat_bp, line_total_cents, unit, list_price_cents, discount_label, original_line_no, sale_discount_share_cents)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    saleId,
    l.lineNo,
    l.productId,
    l.code,
    l.name,
    l.qtyMilli,
    l.unitPriceCents,
    l.discountCents,
    l.vatCode,
    l.vatBp,
    l.lineTotalCents,
    l.unit,
    l.listPriceCents,
    l.discountLabel,
    l.originalLineNo,
    l.saleDiscountShareCents,
  );
}

export interface PaymentRow {
  method: 'cash' | 'card' | 'qr';
  amountCents: number;
  tenderedCents: number | null;
  changeCents: number | null;
  reference: string | null;
  brand: string | null;
  maskedPan: string | null;
  authCode: string | null;
  terminalReceipt: string[];
}

export function insertPayment(db: Db, saleId: number, p: PaymentRow): void {
  stmt(
    db,
    `INSERT INTO payments (sale_id, method, amount_cents, tendered_cents, change_cents, reference, brand, masked_pan, auth_code,
       terminal_receipt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    saleId,
    p.method,
    p.amountCents,
    p.tenderedCents,
    p.changeCents,
    p.reference,
    p.brand,
    p.maskedPan,
    p.authCode,
    p.terminalReceipt.length ? JSON.stringify(p.terminalReceipt) : null,
  );
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

const SALE_COLS = `id, uuid, register, receipt_no AS receiptNo, business_day AS businessDay, kind, cashier_id AS cashierId,
  completed_at AS completedAt, subtotal_cents AS subtotalCents, discount_cents AS discountCents,
  total_cents AS totalCents, rounding_cents AS roundingCents, change_cents AS changeCents,
  original_sale_id AS originalSaleId, prices_include_vat AS pricesIncludeVat, sale_discount_cents AS saleDiscountCents`;

export type StoredSale = SaleRow & { id: number };

function fromRow(r: (Omit<StoredSale, 'pricesIncludeVat'> & { pricesIncludeVat: number }) | undefined): StoredSale | undefined {
  return r ? { ...r, pricesIncludeVat: r.pricesIncludeVat === 1 } : undefined;
}

export function saleByReceipt(db: Db, register: string, receiptNo: number): StoredSale | undefined {
  return fromRow(stmt(db, `SELECT ${SALE_COLS} FROM sales WHERE register = ? AND receipt_no = ?`).get(register, receiptNo) as never);
}

export function saleById(db: Db, id: number): StoredSale | undefined {
  return fromRow(stmt(db, `SELECT ${SALE_COLS} FROM sales WHERE id = ?`).get(id) as never);
}

/** Sales whose business day lies in [from, to] (YYYY-MM-DD, inclusive), oldest first. */
export function salesBetween(db: Db, from: string, to: string, register: string | null): StoredSale[] {
  return (
    stmt(db, `SELECT ${SALE_COLS} FROM sales WHERE business_day BETWEEN ? AND ? AND (? IS NULL OR register = ?) ORDER BY completed_at, id`).all(
      from,
      to,
      register,
      register,
    ) as never[]
  ).map((r) => fromRow(r)!);
}

/** Per original line: the quantity already refunded (as a positive qtyMilli). */
export function refundedQuantities(db: Db, originalSaleId: number): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT l.original_line_no AS lineNo, -sum(l.qty_milli) AS qty FROM sale_lines l JOIN sales s ON s.id = l.sale_id
     WHERE s.original_sale_id = ? AND s.kind = 'refund' GROUP BY l.original_line_no`,
  ).all(originalSaleId) as { lineNo: number; qty: number }[];
  return new Map(rows.map((r) => [r.lineNo, r.qty]));
}

/** Per method: what refunds of this sale already paid back (positive cents). */
export function refundedByMethod(db: Db, originalSaleId: number): Map<string, number> {
  const rows = stmt(
    db,
    `SELECT p.method, -sum(p.amount_cents) AS cents FROM payments p JOIN sales s ON s.id = p.sale_id
     WHERE s.original_sale_id = ? AND s.kind = 'refund' GROUP BY p.method`,
  ).all(originalSaleId) as { method: string; cents: number }[];
  return new Map(rows.map((r) => [r.method, r.cents]));
}

export function linesOf(db: Db, saleId: number): SaleLineRow[] {
  return stmt(
    db,
    `SELECT line_no AS lineNo, product_id AS productId, code, name, qty_milli AS qtyMilli, unit_price_cents AS unitPriceCents,
       discount_cents AS discountCents, vat_code AS vatCode, vat_bp AS vatBp, line_total_cents AS lineTotalCents, unit,
       coalesce(list_price_cents, unit_price_cents) AS listPriceCents, discount_label AS discountLabel, original_line_no AS originalLineNo,
       sale_discount_share_cents AS saleDiscountShareCents
     FROM sale_lines WHERE sale_id = ? ORDER BY line_no`,
  ).all(saleId) as SaleLineRow[];
}

export function paymentsOf(db: Db, saleId: number): PaymentRow[] {
  return stmt(
    db,
    `SELECT method, amount_cents AS amountCents, tendered_cents AS tenderedCents, change_cents AS changeCents, reference,
       brand, masked_pan AS maskedPan, auth_code AS authCode, terminal_receipt AS terminalReceipt
     FROM payments WHERE sale_id = ? ORDER BY id`,
  )
    .all(saleId)
    .map((p) => {
      const row = p as Omit<PaymentRow, 'terminalReceipt'> & { terminalReceipt: string | null };
      return { ...row, terminalReceipt: row.terminalReceipt ? (JSON.parse(row.terminalReceipt) as string[]) : [] };
    });
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

export function lastReceiptOf(db: Db, register: string): number | null {
  return (stmt(db, 'SELECT max(receipt_no) FROM sales WHERE register = ?').pluck().get(register) as number | null) ?? null;
}
