import type { Db } from './database.js';
import { stmt } from './statements.js';

export type PrintJobStatus = 'pending' | 'printed' | 'failed';

export interface PrintJobRow {
  id: number;
  register: string;
  kind: 'receipt' | 'copy';
  receiptNo: string;
  status: PrintJobStatus;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
}

const COLS = `id, register, kind, receipt_no AS receiptNo, status, attempts, last_error AS lastError,
  created_at AS createdAt, updated_at AS updatedAt, printed_at AS printedAt`;

export function insertPrintJob(db: Db, j: { register: string; kind: 'receipt' | 'copy'; receiptNo: string; at: string }): number {
  return Number(
    stmt(db, `INSERT INTO print_jobs (register, kind, receipt_no, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)`).run(
      j.register,
      j.kind,
      j.receiptNo,
      j.at,
      j.at,
    ).lastInsertRowid,
  );
}

export function printJobById(db: Db, id: number): PrintJobRow | undefined {
  return stmt(db, `SELECT ${COLS} FROM print_jobs WHERE id = ?`).get(id) as PrintJobRow | undefined;
}

/** Jobs not yet printed (pending first, oldest first). */
export function unprintedJobs(db: Db, register: string): PrintJobRow[] {
  return stmt(db, `SELECT ${COLS} FROM print_jobs WHERE register = ? AND status != 'printed' ORDER BY id`).all(register) as PrintJobRow[];
}

export function recentJobs(db: Db, register: string, limit: number): PrintJobRow[] {
  return stmt(db, `SELECT ${COLS} FROM print_jobs WHERE register = ? ORDER BY id DESC LIMIT ?`).all(register, limit) as PrintJobRow[];
}

export function markPrinted(db: Db, id: number, at: string): void {
  stmt(db, `UPDATE print_jobs SET status = 'printed', attempts = attempts + 1, last_error = NULL, updated_at = ?, printed_at = ? WHERE id = ?`).run(at, at, id);
}

/** A failed attempt: `giveUp` stops the automatic retries (the job waits for a reprint). */
export function markFailed(db: Db, id: number, at: string, error: string, giveUp: boolean): void {
  stmt(db, `UPDATE print_jobs SET status = ?, attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`).run(giveUp ? 'failed' : 'pending', error, at, id);
}

export function jobsForReceipt(db: Db, receiptNo: string): PrintJobRow[] {
  return stmt(db, `SELECT ${COLS} FROM print_jobs WHERE receipt_no = ? ORDER BY id`).all(receiptNo) as PrintJobRow[];
}
