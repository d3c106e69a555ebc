// Durable sales: how close a committed sale comes to what the disk can flush.
//   flush:  4 KiB appended to a file, fdatasync after each (the disk's own rate);
//           and, for reference, 4 KiB rewritten in place in a 1 MiB file
//   sales:  completeCashSale, 5 lines and one cash payment, one transaction per
//           sale, never batched, on a store opened as kassa opens it (WAL,
//           synchronous=FULL: each commit waits for its flush)
//   bare:   better-sqlite3 inserting one row per transaction, the same pragmas
// Each measure N operations (BENCH_SALES, default 2000), timed one by one for the
// p50/p99; BENCH_REPEAT repetitions (default 3), median. Files go in bench/out/,
// on the same disk as the repository. Run alone (`npm run build && node
// bench/sales.js`) or as a section of `npm run bench` (bench/run.js).
import { randomFillSync } from 'node:crypto';
import { closeSync, fdatasyncSync, mkdirSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { loadSell, openStore } from '../test/helpers/sell-loop.mjs';

const DEMO = 'fixtures/demo/catalogue.csv';
const WARM_UP = 20;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** The value below which `p` of the sorted samples lie (nearest rank). */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
const fmt = (x, d = 2) => x.toFixed(d);

function removeDb(path) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** Run `op` n times after a warm-up, timing each call: rate/s, p50 and p99 in ms. */
function measure(n, op) {
  for (let i = 0; i < WARM_UP; i++) op(i);
  const ms = new Float64Array(n);
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    op(WARM_UP + i);
    ms[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const sorted = [...ms].sort((a, b) => a - b);
  return { rate: n / seconds, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.at(-1) };
}

/**
 * (a) The disk: write 4 KiB and fdatasync, n times. `append` grows the file at
 * every write (the figure the targets are set against); `overwrite` rewrites a
 * 1 MiB file in place, as SQLite rewrites its WAL after each checkpoint.
 */
function flushLoop(out, n, mode, bytes = 4096) {
  const file = join(out, 'sales-flush.bin');
  const fd = openSync(file, 'w');
  const block = randomFillSync(Buffer.alloc(bytes));
  const slots = 256;
  try {
    if (mode === 'overwrite') {
      writeSync(fd, Buffer.alloc(slots * 4096));
      fdatasyncSync(fd);
    }
    return measure(n, (i) => {
      if (mode === 'append') writeSync(fd, block);
      else writeSync(fd, block, 0, block.length, (i % slots) * 4096);
      fdatasyncSync(fd);
    });
  } finally {
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

/** The pragmas that decide durability, as the connection has them. */
function durability(db) {
  return {
    journal_mode: db.pragma('journal_mode', { simple: true }),
    synchronous: db.pragma('synchronous', { simple: true }),
    wal_autocheckpoint: db.pragma('wal_autocheckpoint', { simple: true }),
  };
}

function checkDurable(what, p) {
  // synchronous 2 = FULL: the WAL is synced at every commit.
  if (p.journal_mode !== 'wal' || p.synchronous !== 2) throw new Error(`${what} is not WAL + synchronous=FULL: ${JSON.stringify(p)}`);
}

/** (b) Sales through the whole service, on a new store with the demo catalogue and one cashier. */
async function salesLoop(out, n, sell) {
  const path = join(out, 'sales-bench.db');
  removeDb(path);
  const { importProducts } = await import('../dist/services/import/import-products.js');
  const { addUser } = await import('../dist/services/users.js');
  const { ctx, close } = await openStore(path, { create: true });
  try {
    await importProducts(ctx, DEMO);
    const cashierId = addUser(ctx, { name: 'Bench', role: 'cashier', pin: '4821' }).id;
    const pragmas = durability(ctx.db);
    checkDurable('the store', pragmas);
    const r = measure(n, () => sell(ctx, '1', cashierId));
    const sold = ctx.db.prepare('SELECT count(*) FROM sales').pluck().get();
    if (sold !== n + WARM_UP) throw new Error(`expected ${n + WARM_UP} sales, the store has ${sold}`);
    // What one sale writes to the WAL (and so what its flush carries): 100 more
    // sales on an emptied WAL with checkpoints held off.
    ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    ctx.db.pragma('wal_autocheckpoint = 0');
    for (let i = 0; i < 100; i++) sell(ctx, '1', cashierId);
    const walBytes = Math.round(statSync(path + '-wal').size / 100);
    ctx.db.pragma('wal_autocheckpoint = 1000');
    return { ...r, pragmas, walBytes, sqlite: ctx.db.prepare('SELECT sqlite_version()').pluck().get() };
  } finally {
    close();
    removeDb(path);
  }
}

/** (c) For reference: one row per transaction, nothing else. */
function bareLoop(out, n) {
  const path = join(out, 'sales-bare.db');
  removeDb(path);
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    checkDurable('the bare database', durability(db));
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT NOT NULL, amount_cents INTEGER NOT NULL)');
    const insert = db.prepare('INSERT INTO t (at, amount_cents) VALUES (?, ?)');
    const one = db.transaction((i) => insert.run(new Date().toISOString(), i));
    return measure(n, (i) => one.immediate(i));
  } finally {
    db.close();
    removeDb(path);
  }
}

/**
 * The three loops, `repeat` times in turn (so that none gets a quieter disk),
 * medians of each figure. Returns rows for bench/run.js's table and a note.
 */
export async function benchSales({ n = Number(process.env.BENCH_SALES ?? 2000), repeat = Number(process.env.BENCH_REPEAT ?? 3), out = 'bench/out' } = {}) {
  mkdirSync(out, { recursive: true });
  const sell = await loadSell();
  const runs = { flush: [], sales: [], bare: [], inPlace: [], sameBytes: [] };
  let pragmas;
  let sqlite;
  for (let i = 0; i < repeat; i++) {
    runs.flush.push(flushLoop(out, n, 'append'));
    const s = await salesLoop(out, n, sell);
    ({ pragmas, sqlite } = s);
    runs.sales.push(s);
    runs.bare.push(bareLoop(out, n));
    runs.inPlace.push(flushLoop(out, n, 'overwrite'));
    runs.sameBytes.push(flushLoop(out, n, 'append', s.walBytes));
    const line = (k) => `${k} ${fmt(runs[k].at(-1).rate, 0)}/s p50 ${fmt(runs[k].at(-1).p50, 3)} p99 ${fmt(runs[k].at(-1).p99, 3)} ms`;
    console.error(`  durable run ${i + 1}: ${Object.keys(runs).map(line).join('; ')}`);
  }
  const med = (k, f) => median(runs[k].map((r) => r[f]));
  const fig = Object.fromEntries(Object.keys(runs).map((k) => [k, { rate: med(k, 'rate'), p50: med(k, 'p50'), p99: med(k, 'p99') }]));
  const lat = (f) => `${fmt(f.p50, 3)} / ${fmt(f.p99, 3)} ms`;
  const rows = [
    ['durable sales/s (5 lines, 1 cash payment)', `${fmt(fig.sales.rate, 0)}/s`, `fdatasync of 4 KiB appends: ${fmt(fig.flush.rate, 0)}/s`, fmt(fig.sales.rate / fig.flush.rate), '≥ 0.7'],
    ['sale completion p50 / p99', lat(fig.sales), `fdatasync p50 / p99: ${lat(fig.flush)}`, fmt(fig.sales.p99 / fig.flush.p99), 'p99 ≤ 3'],
    ['bare better-sqlite3, 1 row per commit', `${fmt(fig.bare.rate, 0)}/s, ${lat(fig.bare)}`, `fdatasync of 4 KiB appends: ${fmt(fig.flush.rate, 0)}/s`, fmt(fig.bare.rate / fig.flush.rate), ''],
    [
      `durable sales/s against flushes of what a sale writes (${fmt(median(runs.sales.map((r) => r.walBytes)) / 1024, 1)} KiB of WAL)`,
      `${fmt(fig.sales.rate, 0)}/s, ${lat(fig.sales)}`,
      `fdatasync of appends of that size: ${fmt(fig.sameBytes.rate, 0)}/s, ${lat(fig.sameBytes)}`,
      fmt(fig.sales.rate / fig.sameBytes.rate),
      '',
    ],
    ['durable sales/s against in-place flushes', `${fmt(fig.sales.rate, 0)}/s`, `fdatasync of 4 KiB rewrites: ${fmt(fig.inPlace.rate, 0)}/s, ${lat(fig.inPlace)}`, fmt(fig.sales.rate / fig.inPlace.rate), ''],
  ];
  const note =
    `Durable sales: N = ${n} per loop after ${WARM_UP} unmeasured, median of ${repeat}; ${availableParallelism()} cores, SQLite ${sqlite}; ` +
    `store pragmas journal_mode=${pragmas.journal_mode}, synchronous=${pragmas.synchronous} (FULL), wal_autocheckpoint=${pragmas.wal_autocheckpoint}.`;
  return { figures: fig, runs, rows, note };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, note } = await benchSales();
  console.log('| measure | kassa | raw, same run | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nNode ${process.version}. ${note}`);
}
