// npm run bench: the figures of docs/PERFORMANCE.md, each against the raw tool
// doing the same work, as a ratio measured in the same run.
//   import:   kassa products import (1,000,000 rows)  vs  sqlite3 .import of the same file
//   memory:   peak RSS of that import at 250,000 and 1,000,000 rows (flat = streamed)
//   lookup:   findProduct by barcode in the 1,000,000-product store  vs  the bare SQL
//   search:   products search                                      vs  the bare FTS5 query
//   startup:  kassa --help                                         vs  node -e 0
//   durable:  completeCashSale, one commit per sale (bench/sales.js) vs  fdatasync of 4 KiB appends
//   checkout: scan → frame (10/100/1,000 lines); to the login (pty) vs  the services alone; node -e 0 (bench/checkout.js)
//   reports:  report x of an 800-receipt day; report sales --by month over a year  vs  node -e 0; the sqlite3 tool (bench/reports.js)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { generateCatalogue } from './generate.js';

const OUT = 'bench/out';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
mkdirSync(OUT, { recursive: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 2) => x.toFixed(d);

function removeDb(path) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** Wall time and peak RSS (KiB) of a command, through GNU time. */
function timed(cmd, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  const rssKiB = Number(r.stderr.trim().split('\n').pop());
  return { seconds, rssMiB: rssKiB / 1024, stdout: r.stdout };
}

async function catalogue(n) {
  const path = join(OUT, `catalogue-${n}.csv`);
  if (!existsSync(path)) await generateCatalogue(path, n);
  return path;
}

function importRun(file, db) {
  removeDb(db);
  const init = spawnSync(process.execPath, ['bin/kassa.js', '--db', db, 'init'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const r = timed(process.execPath, ['bin/kassa.js', '--db', db, 'products', 'import', file, '--json']);
  const result = JSON.parse(r.stdout);
  if (result.created !== Number(file.match(/-(\d+)\.csv$/)[1])) throw new Error(`import created ${result.created}`);
  return r;
}

function rawImport(file, db) {
  removeDb(db);
  return timed('sqlite3', [db, '.mode csv', `.import ${file} products`]);
}

/**
 * The floor for our schema: the sqlite3 tool loads the file into a staging table,
 * then plain SQL writes what kassa writes (products, barcodes, movements, the
 * search index) into a store made by our own migration, in one transaction, WAL
 * and synchronous=FULL as kassa opens it.
 */
function plainSqlImport(file, db) {
  removeDb(db);
  const schema = readFileSync('src/db/migrations/001_store.sql', 'utf8');
  const sql = `PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;
${schema}
CREATE TEMP TABLE staging (sku, barcode, name, category, unit, price, vat, cost, stock, reorder_point, reorder_qty, supplier);
.mode csv
.import --skip 1 ${file} staging
BEGIN IMMEDIATE;
INSERT INTO products (id, sku, name, category, unit, price_cents, vat_code, cost_cents, stock_milli, reorder_point_milli, reorder_qty_milli, supplier)
  SELECT rowid, sku, name, category, unit, CAST(round(price * 100) AS INTEGER), vat, CAST(round(cost * 100) AS INTEGER),
    CAST(stock * 1000 AS INTEGER), CAST(reorder_point * 1000 AS INTEGER), CAST(reorder_qty * 1000 AS INTEGER), supplier FROM staging;
INSERT INTO barcodes (code, product_id, position) SELECT barcode, rowid, 0 FROM staging;
INSERT INTO stock_movements (product_id, delta_milli, reason, reference, at)
  SELECT id, stock_milli, 'import', 'import:1', '2026-01-01T00:00:00.000Z' FROM products WHERE stock_milli != 0;
INSERT INTO products_fts (rowid, name) SELECT id, name FROM products;
COMMIT;
`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync('sqlite3', [db], { input: sql, encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0 || r.stderr) throw new Error(`plain SQL import failed: ${r.stderr}`);
  return { seconds };
}

const results = [];
const file = await catalogue(ROWS);
const mb = statSync(file).size / 1e6;
console.error(`catalogue: ${ROWS} rows, ${fmt(mb, 0)} MB`);

// Import, alternating the two so that neither gets a warmer cache.
const raw = [];
const plain = [];
const ours = [];
for (let i = 0; i < REPEAT; i++) {
  raw.push(rawImport(file, join(OUT, 'raw.db')));
  plain.push(plainSqlImport(file, join(OUT, 'plain.db')));
  ours.push(importRun(file, join(OUT, 'kassa.db')));
  console.error(
    `  run ${i + 1}: sqlite3 .import ${fmt(raw.at(-1).seconds)} s, plain SQL into our schema ${fmt(plain.at(-1).seconds)} s, kassa ${fmt(ours.at(-1).seconds)} s`,
  );
}
const rawS = median(raw.map((r) => r.seconds));
const plainS = median(plain.map((r) => r.seconds));
const oursS = median(ours.map((r) => r.seconds));
const rows = ROWS.toLocaleString('en');
results.push([`import ${rows} rows`, `${fmt(oursS)} s`, `sqlite3 .import into a plain table: ${fmt(rawS)} s`, fmt(oursS / rawS), '≤ 1.5']);
results.push([`import ${rows} rows`, `${fmt(oursS)} s`, `sqlite3 + plain SQL into our schema: ${fmt(plainS)} s`, fmt(oursS / plainS), '']);

// Memory stays flat as files grow.
const small = await catalogue(ROWS / 4);
const smallRun = importRun(small, join(OUT, 'kassa-small.db'));
const peak = Math.max(...ours.map((r) => r.rssMiB));
results.push([`peak memory, ${ROWS / 4} → ${ROWS} rows`, `${fmt(smallRun.rssMiB, 0)} → ${fmt(peak, 0)} MB`, '', '', '< 200 MB']);

// Lookups in the store the last import left.
const { openDatabase } = await import('../dist/db/database.js');
const { findProduct, searchProducts } = await import('../dist/services/products.js');
const db = openDatabase(join(OUT, 'kassa.db'));
const ctx = { db, clock: { now: () => new Date() } };
const codes = db.prepare('SELECT code FROM barcodes ORDER BY random() LIMIT 2000').pluck().all();
const bare = db.prepare(
  'SELECT p.*, (SELECT group_concat(code) FROM barcodes WHERE product_id = p.id) AS codes FROM barcodes b JOIN products p ON p.id = b.product_id WHERE b.code = ?',
);
function perCall(fn, inputs) {
  const times = [];
  for (const x of inputs) {
    const t0 = process.hrtime.bigint();
    const r = fn(x);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!r) throw new Error(`nothing found for ${x}`);
  }
  return median(times);
}
perCall((c) => findProduct(ctx, c), codes.slice(0, 200)); // warm up
const lookupMs = perCall((c) => findProduct(ctx, c), codes);
const bareMs = perCall((c) => bare.get(c), codes);
results.push(['lookup by barcode (median)', `${fmt(lookupMs, 3)} ms`, `bare SQL: ${fmt(bareMs, 3)} ms`, fmt(lookupMs / bareMs), '< 1 ms']);

const queries = ['kaas', 'creme', 'pinda', 'koffie melk', 'bier extra', 'muesli', 'thee 500', 'zeep', 'wijn chips', 'pate'];
const bareFts = db.prepare('SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT 50').pluck();
const many = Array.from({ length: 10 }, () => queries).flat();
perCall((q) => searchProducts(ctx, q), queries);
const searchMs = perCall((q) => searchProducts(ctx, q), many);
const bareSearchMs = perCall(
  (q) => bareFts.all(q.split(' ').map((w) => `"${w}"*`).join(' ')),
  many,
);
results.push(['products search (median)', `${fmt(searchMs, 2)} ms`, `bare FTS5 query: ${fmt(bareSearchMs, 2)} ms`, fmt(searchMs / bareSearchMs), '< 20 ms']);
db.close();

// Cold start.
function startup(args) {
  const times = [];
  for (let i = 0; i < 15; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return median(times);
}
startup(['-e', '0']);
const nodeMs = startup(['-e', '0']);
const helpMs = startup(['bin/kassa.js', '--help']);
results.push(['kassa --help cold start (median)', `${fmt(helpMs, 0)} ms`, `node -e 0: ${fmt(nodeMs, 0)} ms`, fmt(helpMs / nodeMs), '≤ 1.5']);

// Durable sales: one committed sale at a time against the disk's flush rate.
const { benchSales } = await import('./sales.js');
const durable = await benchSales({ repeat: REPEAT, out: OUT });
results.push(...durable.rows);

// The checkout: a scan to its frame, and start-up to the login screen (bench/checkout.js).
const { benchCheckout } = await import('./checkout.js');
const checkout = await benchCheckout({ out: OUT });
results.push(...checkout.rows);
console.error(checkout.note);

// End of day on a year of sales (bench/reports.js).
const { benchReports } = await import('./reports.js');
const reports = await benchReports({ out: OUT });
results.push(...reports.rows);
console.error(reports.note);

const sqliteVersion = spawnSync('sqlite3', ['--version'], { encoding: 'utf8' }).stdout.split(' ')[0];
console.log(`| measure | kassa | raw tool, same run | ratio | target |`);
console.log(`| --- | --- | --- | --- | --- |`);
for (const r of results) console.log(`| ${r.join(' | ')} |`);
console.log(`\nNode ${process.version}, sqlite3 CLI ${sqliteVersion}, ${ROWS} rows (${fmt(mb, 0)} MB), median of ${REPEAT} imports.`);
console.log(durable.note);
