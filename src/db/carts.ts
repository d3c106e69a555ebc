import type { Cart, CartLine, Discount, TakenPayment } from '../core/cart.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

export type CartStatus = 'open' | 'parked' | 'paying' | 'completed' | 'cancelled';

export interface CartRow {
  id: number;
  uuid: string;
  register: string;
  cashierId: number;
  kind: 'sale' | 'refund';
  status: CartStatus;
  originalSaleId: number | null;
  openedAt: string;
  updatedAt: string;
  businessDay: string;
  saleId: number | null;
}

export interface StoredCart extends CartRow {
  cart: Cart;
}

const COLS = `id, uuid, register, cashier_id AS cashierId, kind, status, original_sale_id AS originalSaleId,
  opened_at AS openedAt, updated_at AS updatedAt, business_day AS businessDay, sale_id AS saleId, sale_discount AS saleDiscount`;

export function insertCart(db: Db, c: Omit<CartRow, 'id' | 'saleId' | 'status'> & { status?: CartStatus }): number {
  return Number(
    stmt(
      db,
      `INSERT INTO carts (uuid, register, cashier_id, kind, status, original_sale_id, opened_at, updated_at, business_day)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(c.uuid, c.register, c.cashierId, c.kind, c.status ?? 'open', c.originalSaleId, c.openedAt, c.updatedAt, c.businessDay).lastInsertRowid,
  );
}

/** Move a cart from one status to another; false when it was not in `from` (another till got there first). */
export function moveCartStatus(db: Db, id: number, from: CartStatus, to: CartStatus, at: string): boolean {
  return stmt(db, 'UPDATE carts SET status = ?, updated_at = ? WHERE id = ? AND status = ?').run(to, at, id, from).changes === 1;
}

/** Forget a cart that never had a payment (a refund whose payout failed). */
export function deleteCart(db: Db, id: number): void {
  stmt(db, 'DELETE FROM cart_lines WHERE cart_id = ?').run(id);
  stmt(db, 'DELETE FROM carts WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cart_payments WHERE cart_id = ?)').run(id, id);
}

/** Per original line: the quantity that refunds in progress (open or paying refund carts) hold back. */
export function reservedRefundQuantities(db: Db, originalSaleId: number, exceptCartId: number | null): Map<number, number> {
  const rows = stmt(
    db,
    `SELECT l.original_line_no AS lineNo, -sum(l.qty_milli) AS qty FROM cart_lines l JOIN carts c ON c.id = l.cart_id
     WHERE c.original_sale_id = ? AND c.kind = 'refund' AND c.status IN ('open', 'paying', 'parked') AND l.voided = 0
       AND c.id IS NOT ? GROUP BY l.original_line_no`,
  ).all(originalSaleId, exceptCartId) as { lineNo: number; qty: number }[];
  return new Map(rows.map((r) => [r.lineNo, r.qty]));
}

/** Write the cart's lines and sale discount as they are now (a cart is small: rewrite its lines). */
export function saveCartContent(db: Db, id: number, cart: Cart, at: string, businessDay: string): void {
  touchCart(db, id, cart, at, businessDay);
  stmt(db, 'DELETE FROM cart_lines WHERE cart_id = ?').run(id);
  for (const l of cart.lines) insertCartLine(db, id, l);
}

/** The cart's sale discount and when it last changed. */
export function touchCart(db: Db, id: number, cart: Cart, at: string, businessDay: string): void {
  stmt(db, 'UPDATE carts SET sale_discount = ?, updated_at = ?, business_day = ? WHERE id = ?').run(
    cart.saleDiscount ? JSON.stringify(cart.saleDiscount) : null,
    at,
    businessDay,
    id,
  );
}

/** One line: a scan appends only its own line, however long the cart. */
export function insertCartLine(db: Db, id: number, l: CartLine): void {
  stmt(
    db,
    `INSERT INTO cart_lines (cart_id, line_no, product_id, code, name, unit, qty_milli, unit_price_cents, list_price_cents,
       vat_code, vat_bp, discount, voided, original_line_no, fixed_total_cents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, l.lineNo, l.productId, l.code, l.name, l.unit, l.qtyMilli, l.unitPriceCents, l.listPriceCents, l.vatCode, l.vatBp, l.discount ? JSON.stringify(l.discount) : null, l.voided ? 1 : 0, l.originalLineNo, l.fixedTotalCents);
}

export function insertCartPayment(db: Db, id: number, p: TakenPayment, at: string): void {
  const seq = (stmt(db, 'SELECT count(*) FROM cart_payments WHERE cart_id = ?').pluck().get(id) as number) + 1;
  stmt(
    db,
    `INSERT INTO cart_payments (cart_id, seq, method, amount_cents, tendered_cents, change_cents, reference, brand, masked_pan,
       auth_code, terminal_receipt, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, seq, p.method, p.amountCents, p.tenderedCents, p.changeCents, p.reference, p.brand, p.maskedPan, p.authCode, JSON.stringify(p.terminalReceipt), at);
}

export function setCartStatus(db: Db, id: number, status: CartStatus, at: string, businessDay: string, saleId: number | null = null): void {
  stmt(db, 'UPDATE carts SET status = ?, updated_at = ?, business_day = ?, sale_id = coalesce(?, sale_id) WHERE id = ?').run(status, at, businessDay, saleId, id);
}

export function setCartCashier(db: Db, id: number, cashierId: number): void {
  stmt(db, 'UPDATE carts SET cashier_id = ? WHERE id = ?').run(cashierId, id);
}

type RawCart = CartRow & { saleDiscount: string | null };

export function cartById(db: Db, id: number): StoredCart | undefined {
  const row = stmt(db, `SELECT ${COLS} FROM carts WHERE id = ?`).get(id) as RawCart | undefined;
  return row ? withContent(db, row) : undefined;
}

export function cartsOf(db: Db, register: string, statuses: readonly CartStatus[]): CartRow[] {
  return (stmt(db, `SELECT ${COLS} FROM carts WHERE register = ? ORDER BY id`).all(register) as RawCart[])
    .filter((r) => statuses.includes(r.status))
    .map(({ saleDiscount: _drop, ...r }) => r);
}

interface RawLine {
  lineNo: number;
  productId: number;
  code: string;
  name: string;
  unit: 'piece' | 'kg';
  qtyMilli: number;
  unitPriceCents: number;
  listPriceCents: number;
  vatCode: string;
  vatBp: number | null;
  discount: string | null;
  voided: number;
  originalLineNo: number | null;
  fixedTotalCents: number | null;
}

function withContent(db: Db, row: RawCart): StoredCart {
  const lines = stmt(
    db,
    `SELECT line_no AS lineNo, product_id AS productId, code, name, unit, qty_milli AS qtyMilli, unit_price_cents AS unitPriceCents,
       list_price_cents AS listPriceCents, vat_code AS vatCode, vat_bp AS vatBp, discount, voided, original_line_no AS originalLineNo,
       fixed_total_cents AS fixedTotalCents
     FROM cart_lines WHERE cart_id = ? ORDER BY line_no`,
  ).all(row.id) as RawLine[];
  const payments = stmt(
    db,
    `SELECT method, amount_cents AS amountCents, tendered_cents AS tenderedCents, change_cents AS changeCents, reference, brand,
       masked_pan AS maskedPan, auth_code AS authCode, terminal_receipt AS terminalReceipt
     FROM cart_payments WHERE cart_id = ? ORDER BY seq`,
  ).all(row.id) as (Omit<TakenPayment, 'terminalReceipt'> & { terminalReceipt: string | null })[];
  const { saleDiscount, ...rest } = row;
  return {
    ...rest,
    cart: {
      kind: row.kind,
      saleDiscount: saleDiscount ? (JSON.parse(saleDiscount) as Discount) : null,
      lines: lines.map((l): CartLine => ({ ...l, discount: l.discount ? (JSON.parse(l.discount) as Discount) : null, voided: l.voided === 1 })),
      payments: payments.map((p) => ({ ...p, terminalReceipt: p.terminalReceipt ? (JSON.parse(p.terminalReceipt) as string[]) : [] })),
    },
  };
}

export function insertNoSale(db: Db, n: { register: string; userId: number; approvedBy: number; reason: string; at: string; businessDay: string }): number {
  return Number(
    stmt(db, 'INSERT INTO no_sales (register, user_id, approved_by, reason, at, business_day) VALUES (?, ?, ?, ?, ?, ?)').run(
      n.register,
      n.userId,
      n.approvedBy,
      n.reason,
      n.at,
      n.businessDay,
    ).lastInsertRowid,
  );
}
