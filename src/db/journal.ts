import type { Db } from './database.js';
import { stmt } from './statements.js';

export interface JournalRow {
  seq: number;
  at: string;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

const COLS = 'seq, at, type, payload, prev_hash AS prevHash, hash';

export function lastJournalEntry(db: Db): JournalRow | undefined {
  return stmt(db, `SELECT ${COLS} FROM journal ORDER BY seq DESC LIMIT 1`).get() as JournalRow | undefined;
}

export function insertJournalEntry(db: Db, row: JournalRow): void {
  stmt(db, 'INSERT INTO journal (seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?)').run(
    row.seq,
    row.at,
    row.type,
    row.payload,
    row.prevHash,
    row.hash,
  );
}

/** Entries in order, streamed; `from`/`to` bound `at` (ISO text compares in time order). */
export function* iterateJournal(db: Db, range: { from?: string; to?: string } = {}): Generator<JournalRow> {
  const where: string[] = [];
  const params: string[] = [];
  if (range.from) {
    where.push('at >= ?');
    params.push(range.from);
  }
  if (range.to) {
    where.push('at < ?');
    params.push(range.to);
  }
  const sql = `SELECT ${COLS} FROM journal ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
  yield* db.prepare(sql).iterate(...params) as Iterable<JournalRow>;
}

/** Products whose stock differs from the sum of their movements. */
export function stockMismatches(db: Db, limit = 10): { id: number; sku: string | null; stockMilli: number; movedMilli: number }[] {
  return db
    .prepare(
      `SELECT p.id, p.sku, p.stock_milli AS stockMilli, coalesce(m.moved, 0) AS movedMilli
       FROM products p LEFT JOIN (SELECT product_id, sum(delta_milli) AS moved FROM stock_movements GROUP BY product_id) m
         ON m.product_id = p.id
       WHERE p.stock_milli != coalesce(m.moved, 0) ORDER BY p.id LIMIT ?`,
    )
    .all(limit) as { id: number; sku: string | null; stockMilli: number; movedMilli: number }[];
}
