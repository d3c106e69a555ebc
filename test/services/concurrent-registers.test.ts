// Two registers selling at the same time into one store file (two processes):
// each waits its turn for the write lock (IMMEDIATE transactions and the busy
// timeout), so neither sees SQLITE_BUSY, and each register's receipt numbers run
// 1..N without gaps. The tills run the compiled services (npm run build).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const LOOP = fileURLToPath(new URL('../helpers/sell-loop.mjs', import.meta.url));
const DEMO = fileURLToPath(new URL('../../fixtures/demo/catalogue.csv', import.meta.url));
const SALES = 150;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  lines: string[];
  stderr: string;
}

/**
 * Start the selling loop with an IPC channel: it opens the store, says 'ready'
 * and sells when told to go (it exits non-zero with the error on any failure).
 */
function till(path: string, register: string, cashierId: number, count: number): { ready: Promise<void>; go(): void; done: Promise<Run> } {
  const child = spawn(process.execPath, [LOOP, path, register, String(cashierId), String(count)], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, lines: stdout.split('\n').filter(Boolean), stderr }));
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void done.then((r) => reject(new Error(`till ${register} exited (${r.code ?? r.signal}) before it was ready: ${r.stderr}`)));
  });
  return { ready, go: () => child.send('go'), done };
}

const receipts = (register: string, n: number) => Array.from({ length: n }, (_, i) => `R${register}-${String(i + 1).padStart(6, '0')}`);

const t = tempDir();
const path = join(t.dir, 'store.db');
let cashierId: number;
let initialStock: Map<number, number>;

beforeAll(() => {
  const k = (args: string[], input?: string) => {
    const r = kassa(['--db', path, ...args, '--json'], input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`kassa ${args.join(' ')} failed: ${r.stderr}`);
    return r;
  };
  k(['init']);
  k(['products', 'import', DEMO]);
  cashierId = json<{ id: number }>(k(['users', 'add', '--name', 'Sanne', '--role', 'cashier', '--pin-file', '-'], '4821\n')).id;
  const db = new Database(path, { readonly: true });
  initialStock = new Map(db.prepare('SELECT id, stock_milli FROM products').raw().all() as [number, number][]);
  db.close();
});
afterAll(() => t.cleanup());

describe('two registers on one store', () => {
  it('both sell to the end, each with its own gapless receipt numbers', { timeout: 30_000 }, async () => {
    const a = till(path, '1', cashierId, SALES);
    const b = till(path, '2', cashierId, SALES);
    // Both start selling at the same instant, so that each waits on the other's write lock.
    await Promise.all([a.ready, b.ready]);
    a.go();
    b.go();
    const [one, two] = await Promise.all([a.done, b.done]);
    expect({ code: one.code, signal: one.signal, stderr: one.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect({ code: two.code, signal: two.signal, stderr: two.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(one.lines).toEqual(receipts('1', SALES));
    expect(two.lines).toEqual(receipts('2', SALES));

    expect(json(kassa(['--db', path, 'audit', 'verify', '--json']))).toMatchObject({ ok: true });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const byRegister = db.prepare('SELECT register, count(*) AS n, min(receipt_no) AS first, max(receipt_no) AS last FROM sales GROUP BY register ORDER BY register').all();
      expect(byRegister).toEqual([
        { register: '1', n: SALES, first: 1, last: SALES },
        { register: '2', n: SALES, first: 1, last: SALES },
      ]);
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(count("SELECT count(*) FROM journal WHERE type = 'sale.completed'")).toBe(2 * SALES);
      expect(count('SELECT count(DISTINCT sale_id) FROM payments')).toBe(2 * SALES);
      expect(count("SELECT count(*) FROM stock_movements WHERE reason = 'sale'")).toBe(count('SELECT count(*) FROM sale_lines'));

      // Every product went down by what both registers sold of it, through movements.
      const rows = db
        .prepare(
          `SELECT p.id, p.stock_milli AS stock,
             coalesce((SELECT sum(qty_milli) FROM sale_lines WHERE product_id = p.id), 0) AS sold,
             coalesce((SELECT sum(delta_milli) FROM stock_movements WHERE product_id = p.id AND reason = 'sale'), 0) AS moved
           FROM products p ORDER BY p.id`,
        )
        .all() as { id: number; stock: number; sold: number; moved: number }[];
      for (const r of rows) {
        expect({ id: r.id, stock: r.stock, moved: r.moved }).toEqual({ id: r.id, stock: initialStock.get(r.id)! - r.sold, moved: 0 - r.sold });
      }
    } finally {
      db.close();
    }
  });
});
