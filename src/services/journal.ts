import { canonicalJson } from '../core/canonical-json.js';
import { sha256Hex } from '../db/sha256.js';
import { insertJournalEntry, iterateJournal, lastJournalEntry, stockMismatches, type JournalRow } from '../db/journal.js';
import { receiptGaps } from '../db/sales.js';
import { zWithJournal } from '../db/reports.js';
import type { Ctx } from './context.js';

export const GENESIS_HASH = '0'.repeat(64);

export type JournalType =
  | 'setting.changed'
  | 'catalogue.imported'
  | 'user.added'
  | 'user.pin_changed'
  | 'user.locked'
  | 'user.unlocked'
  | 'user.login'
  | 'user.login_failed'
  | 'sale.completed'
  | 'shift.opened'
  | 'shift.closed'
  | 'cash.in'
  | 'cash.out'
  | 'sale.quantity_changed'
  | 'sale.line_voided'
  | 'sale.discount_given'
  | 'sale.price_overridden'
  | 'sale.parked'
  | 'sale.resumed'
  | 'sale.cancelled'
  | 'payment.taken'
  | 'approval.granted'
  | 'refund.completed'
  | 'drawer.opened'
  | 'z.closed'
  | 'receipt.copy_printed';

export function entryHash(prevHash: string, e: { seq: number; at: string; type: string; payload: unknown }): string {
  const body = canonicalJson({ seq: e.seq, at: e.at, type: e.type, payload: e.payload });
  return sha256Hex(prevHash, body);
}

/**
 * Append an entry. Call it inside the transaction of the change it records, so
 * that the change and its entry commit together or not at all.
 */
export function appendJournal(ctx: Ctx, type: JournalType, payload: Record<string, unknown>): JournalRow {
  if (!ctx.db.inTransaction) throw new Error('appendJournal must run inside the transaction of the change it records');
  const last = lastJournalEntry(ctx.db);
  const seq = (last?.seq ?? 0) + 1;
  const at = ctx.clock.now().toISOString();
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row: JournalRow = { seq, at, type, payload: canonicalJson(payload), prevHash, hash: entryHash(prevHash, { seq, at, type, payload }) };
  insertJournalEntry(ctx.db, row);
  return row;
}

export interface AuditResult {
  ok: boolean;
  entries: number;
  /** the first problem found, when not ok */
  problem?: { seq?: number; check: 'chain' | 'receipts' | 'stock' | 'z'; message: string };
}

/**
 * Recompute the chain from the first entry, check that receipt numbers run
 * gapless from 1 per register, and that every product's stock equals the sum of
 * its movements.
 */
export function verifyJournal(ctx: Ctx): AuditResult {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of iterateJournal(ctx.db)) {
    const fail = (message: string): AuditResult => ({ ok: false, entries, problem: { seq: row.seq, check: 'chain', message } });
    if (row.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next is ${row.seq})`);
    if (row.prevHash !== prev) return fail(`entry ${row.seq} does not follow entry ${row.seq - 1}: its prev_hash differs`);
    let payload: unknown;
    try {
      payload = JSON.parse(row.payload);
    } catch {
      return fail(`entry ${row.seq} has a payload that is not JSON`);
    }
    if (canonicalJson(payload) !== row.payload) return fail(`entry ${row.seq} has a payload that is not in canonical form`);
    if (entryHash(prev, { seq: row.seq, at: row.at, type: row.type, payload }) !== row.hash) {
      return fail(`entry ${row.seq} (${row.type}) was changed: its hash does not match its contents`);
    }
    prev = row.hash;
    expectedSeq++;
    entries++;
  }
  const gap = receiptGaps(ctx.db)[0];
  if (gap) {
    return {
      ok: false,
      entries,
      problem: {
        check: 'receipts',
        message: `register ${gap.register} has ${gap.count} receipts numbered ${gap.minNo} to ${gap.maxNo}: numbers are missing`,
      },
    };
  }
  const off = stockMismatches(ctx.db, 1)[0];
  if (off) {
    return {
      ok: false,
      entries,
      problem: {
        check: 'stock',
        message: `product ${off.sku ?? `#${off.id}`} has stock ${off.stockMilli / 1000} but its movements add up to ${off.movedMilli / 1000}`,
      },
    };
  }
  const z = zProblem(ctx);
  if (z) return { ok: false, entries, problem: { check: 'z', message: z } };
  return { ok: true, entries };
}

/** Z numbers run 1…N per register, and each stored Z is the one its journal entry was made for (its sha256). */
function zProblem(ctx: Ctx): string | null {
  let register: string | null = null;
  let expected = 1;
  for (const z of zWithJournal(ctx.db)) {
    if (z.register !== register) {
      register = z.register;
      expected = 1;
    }
    if (z.zNo !== expected) return `register ${z.register} has Z ${z.zNo} where Z ${expected} was expected: Z numbers are missing`;
    expected++;
    if (z.payload === null) return `Z ${z.zNo} of register ${z.register} has no z.closed journal entry`;
    const sha = (JSON.parse(z.payload) as { totalsSha256?: string }).totalsSha256;
    // Z reports closed before the hash was journaled carry none.
    if (sha !== undefined && sha !== sha256Hex(z.totals)) {
      return `Z ${z.zNo} of register ${z.register} was changed after it was closed: its totals do not match its journal entry`;
    }
  }
  return null;
}

export interface JournalEntry {
  seq: number;
  at: string;
  type: string;
  payload: unknown;
  hash: string;
}

export function* journalLog(ctx: Ctx, range: { from?: string; to?: string } = {}): Generator<JournalEntry> {
  for (const r of iterateJournal(ctx.db, range)) {
    yield { seq: r.seq, at: r.at, type: r.type, payload: JSON.parse(r.payload) as unknown, hash: r.hash };
  }
}
