// A sale is never lost, nor half kept (DESIGN.md, principle 1): a till selling in
// a loop is killed with SIGKILL at random moments and restarted; afterwards the
// store must hold whole sales only, numbered without gaps, with a valid journal.
// The till is a child process running the compiled services (npm run build); the
// store is made and audited by the built CLI too, so that all of it is one build.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const LOOP = fileURLToPath(new URL('../helpers/sell-loop.mjs', import.meta.url));
const DEMO = fileURLToPath(new URL('../../fixtures/demo/catalogue.csv', import.meta.url));
const KILLS = 8;
const FINAL_SALES = 25;

// The seed of the kill delays: KASSA_CRASH_SEED replays a failed run.
const seed = Number(process.env.KASSA_CRASH_SEED ?? randomInt(2 ** 31));
const why = `seed ${seed} (replay with KASSA_CRASH_SEED=${seed})`;

/** mulberry32: a small seeded generator, so that a failing run can be replayed. */
function seeded(s: number): () => number {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Till {
  child: ChildProcess;
  lines: string[];
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

function startTill(path: string, register: string, cashierId: number, count: number): Till {
  const child = spawn(process.execPath, [LOOP, path, register, String(cashierId), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const till: Till = { child, lines: [], stderr: '', exited: undefined as never };
  let partial = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    till.lines.push(...parts);
  });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (till.stderr += d));
  till.exited = new Promise((resolve) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return till;
}

/** Resolves at the till's first printed receipt (it has committed), rejects if it exits first. */
function firstSale(till: Till): Promise<void> {
  return new Promise((resolve, reject) => {
    if (till.lines.length > 0) return resolve();
    const onData = () => {
      if (till.lines.length === 0) return;
      till.child.off('close', onClose);
      resolve();
    };
    const onClose = (code: number | null, signal: string | null) => {
      till.child.stdout!.off('data', onData);
      reject(new Error(`the till exited (${code ?? signal}) before its first sale: ${till.stderr}`));
    };
    till.child.stdout!.on('data', onData);
    till.child.once('close', onClose);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
afterEach(() => {
  for (const c of running) c.kill('SIGKILL');
});
afterAll(() => t.cleanup());

describe('a till killed at random moments', () => {
  it('keeps every sale whole, gapless and journaled', { timeout: 30_000 }, async () => {
    const rand = seeded(seed);
    const printed: string[] = [];
    for (let kill = 1; kill <= KILLS; kill++) {
      const till = startTill(path, '1', cashierId, 0);
      await firstSale(till).catch((e: Error) => {
        throw new Error(`restart ${kill}: ${e.message} — ${why}`);
      });
      await sleep(20 + Math.floor(rand() * 181));
      till.child.kill('SIGKILL');
      const end = await till.exited;
      expect(end, `the till stopped by itself before kill ${kill}: ${till.stderr} — ${why}`).toEqual({ code: null, signal: 'SIGKILL' });
      printed.push(...till.lines);
    }
    // The store still sells after the last crash, and numbering carries on.
    const last = startTill(path, '1', cashierId, FINAL_SALES);
    const end = await last.exited;
    expect(end, `the till after the crashes failed: ${last.stderr} — ${why}`).toEqual({ code: 0, signal: null });
    expect(last.lines, why).toHaveLength(FINAL_SALES);
    printed.push(...last.lines);

    // kassa audit verify: the hash chain, receipt numbers, stock = sum of movements.
    const audit = kassa(['--db', path, 'audit', 'verify', '--json']);
    expect(json(audit), why).toMatchObject({ ok: true });
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true }), why).toBe('ok');
      expect(db.pragma('foreign_key_check'), why).toEqual([]);

      // Receipt numbers 1..N, and every number a till printed is among them:
      // nothing was printed that was not committed.
      const numbers = db.prepare("SELECT receipt_no FROM sales WHERE register = '1' ORDER BY receipt_no").pluck().all() as number[];
      const n = numbers.length;
      expect(numbers, why).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(n, why).toBeGreaterThanOrEqual(KILLS + FINAL_SALES);
      const receipts = new Set(numbers.map((no) => `R1-${String(no).padStart(6, '0')}`));
      expect(printed.filter((r) => !receipts.has(r)), `printed but not in the store — ${why}`).toEqual([]);
      expect(last.lines.at(-1), why).toBe(`R1-${String(n).padStart(6, '0')}`);

      // No sale without its lines, its payment or its journal entry, and no
      // lines, payment or entry without their sale.
      const count = (sql: string) => db.prepare(sql).pluck().get() as number;
      expect(
        {
          journal: count("SELECT count(*) FROM journal WHERE type = 'sale.completed'"),
          withLines: count('SELECT count(DISTINCT sale_id) FROM sale_lines'),
          withPayment: count('SELECT count(DISTINCT sale_id) FROM payments'),
          payments: count('SELECT count(*) FROM payments'),
          linesNot5: count('SELECT count(*) FROM (SELECT sale_id FROM sale_lines GROUP BY sale_id HAVING count(*) != 5)'),
        },
        why,
      ).toEqual({ journal: n, withLines: n, withPayment: n, payments: n, linesNot5: 0 });
      const journaled = db
        .prepare("SELECT payload ->> '$.receiptNo' FROM journal WHERE type = 'sale.completed' ORDER BY seq")
        .pluck()
        .all() as string[];
      expect(new Set(journaled), why).toEqual(receipts);

      // Stock: initial − sold, and the sale movements are the sold quantities.
      const rows = db
        .prepare(
          `SELECT p.id, p.stock_milli AS stock,
             coalesce((SELECT sum(qty_milli) FROM sale_lines WHERE product_id = p.id), 0) AS sold,
             coalesce((SELECT sum(delta_milli) FROM stock_movements WHERE product_id = p.id AND reason = 'sale'), 0) AS moved,
             (SELECT count(*) FROM stock_movements WHERE product_id = p.id AND reason = 'sale') AS movements
           FROM products p ORDER BY p.id`,
        )
        .all() as { id: number; stock: number; sold: number; moved: number; movements: number }[];
      for (const r of rows) {
        expect({ id: r.id, stock: r.stock, moved: r.moved }, why).toEqual({ id: r.id, stock: initialStock.get(r.id)! - r.sold, moved: 0 - r.sold });
      }
      expect(rows.reduce((s, r) => s + r.movements, 0), why).toBe(5 * n);
    } finally {
      db.close();
    }
  });
});
