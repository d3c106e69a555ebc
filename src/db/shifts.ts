import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface ShiftRow {
  id: number;
  register: string;
  cashierId: number;
  openedAt: string;
  floatCents: number;
  closedAt: string | null;
  expectedCents: number | null;
  countedCents: number | null;
}

const COLS = `id, register, cashier_id AS cashierId, opened_at AS openedAt, float_cents AS floatCents,
  closed_at AS closedAt, expected_cents AS expectedCents, counted_cents AS countedCents`;

export function openShiftOf(db: Db, register: string): ShiftRow | undefined {
  return stmt(db, `SELECT ${COLS} FROM shifts WHERE register = ? AND closed_at IS NULL`).get(register) as ShiftRow | undefined;
}

export function shiftById(db: Db, id: number): ShiftRow {
  return stmt(db, `SELECT ${COLS} FROM shifts WHERE id = ?`).get(id) as ShiftRow;
}

export function insertShift(db: Db, s: { register: string; cashierId: number; openedAt: string; floatCents: number }): number {
  return Number(
    stmt(db, 'INSERT INTO shifts (register, cashier_id, opened_at, float_cents) VALUES (?, ?, ?, ?)').run(
      s.register,
      s.cashierId,
      s.openedAt,
      s.floatCents,
    ).lastInsertRowid,
  );
}

export function closeShiftRow(db: Db, id: number, closedAt: string, expectedCents: number, countedCents: number): void {
  stmt(db, 'UPDATE shifts SET closed_at = ?, expected_cents = ?, counted_cents = ? WHERE id = ?').run(closedAt, expectedCents, countedCents, id);
}

export function insertCashMovement(
  db: Db,
  m: { shiftId: number; register: string; direction: 'in' | 'out'; amountCents: number; reason: string; at: string; businessDay: string },
): void {
  stmt(db, 'INSERT INTO cash_movements (shift_id, register, direction, amount_cents, reason, at, business_day) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    m.shiftId,
    m.register,
    m.direction,
    m.amountCents,
    m.reason,
    m.at,
    m.businessDay,
  );
}

/** Cash the shift took in and paid out: cash payments of the register's sales since it opened, and cash in/out. */
export function shiftCash(db: Db, shift: ShiftRow): { salesCents: number; inCents: number; outCents: number } {
  const salesCents = stmt(
    db,
    `SELECT coalesce(sum(p.amount_cents), 0) FROM payments p JOIN sales s ON s.id = p.sale_id
     WHERE p.method = 'cash' AND s.register = ? AND s.completed_at >= ?`,
  )
    .pluck()
    .get(shift.register, shift.openedAt) as number;
  const moved = stmt(
    db,
    `SELECT coalesce(sum(CASE direction WHEN 'in' THEN amount_cents END), 0) AS inCents,
            coalesce(sum(CASE direction WHEN 'out' THEN amount_cents END), 0) AS outCents
     FROM cash_movements WHERE shift_id = ?`,
  ).get(shift.id) as { inCents: number; outCents: number };
  return { salesCents, ...moved };
}
