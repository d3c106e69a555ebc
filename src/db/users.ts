import type { Db } from './database.js';
import { stmt } from './statements.js';

export type Role = 'cashier' | 'manager' | 'admin';

export interface UserRow {
  id: number;
  name: string;
  role: Role;
  pinHash: string;
  failedAttempts: number;
  lockedUntil: string | null;
}

const COLS = 'id, name, role, pin_hash AS pinHash, failed_attempts AS failedAttempts, locked_until AS lockedUntil';

export function insertUser(db: Db, u: { name: string; role: Role; pinHash: string; createdAt: string }): number {
  return Number(
    stmt(db, 'INSERT INTO users (name, role, pin_hash, created_at) VALUES (?, ?, ?, ?)').run(u.name, u.role, u.pinHash, u.createdAt)
      .lastInsertRowid,
  );
}

export function userById(db: Db, id: number): UserRow | undefined {
  return stmt(db, `SELECT ${COLS} FROM users WHERE id = ?`).get(id) as UserRow | undefined;
}

export function allUsers(db: Db): UserRow[] {
  return stmt(db, `SELECT ${COLS} FROM users ORDER BY id`).all() as UserRow[];
}

export function setLoginState(db: Db, id: number, failedAttempts: number, lockedUntil: string | null): void {
  stmt(db, 'UPDATE users SET failed_attempts = ?, locked_until = ? WHERE id = ?').run(failedAttempts, lockedUntil, id);
}

export function setPinHash(db: Db, id: number, pinHash: string): void {
  stmt(db, 'UPDATE users SET pin_hash = ? WHERE id = ?').run(pinHash, id);
}
