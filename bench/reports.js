// End-of-day reports on a store with a year of sales (issue 6):
//   x:      `kassa report x --json` of an open day of 800 receipts, as a whole process   vs  node -e 0
//   sales:  `kassa report sales --by month` over the year, as a whole process             vs  the sqlite3 tool
//           running the same aggregate over the sale lines
// The store: the demo catalogue, BENCH_DAYS business days (default 300) of
// BENCH_RECEIPTS receipts (800) with 4 lines each (about a million lines), each
// day closed by a real Z (closeDay, which keeps the daily summaries), then one
// open day. Sales are written with the store's own insert functions in one
// transaction (the sale engine itself is measured by bench/sales.js). The store
// is kept in bench/out/ and rebuilt when its parameters change.
// Run alone (`npm run build && node bench/reports.js`) or from bench/run.js.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const DAYS = Number(process.env.BENCH_DAYS ?? 300);
const RECEIPTS = Number(process.env.BENCH_RECEIPTS ?? 800);
const LINES = 4;
const REPEAT = 15;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x, d = 2) => x.toFixed(d);

function removeDb(path) {
  for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
}

/** The year: DAYS closed days from 2026-01-02 on, and an open day after them. */
async function buildStore(db) {
  removeDb(db);
  const init = spawnSync(process.execPath, ['bin/kassa.js', '--db', db, 'demo', '--no-checkout'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const { openDatabase } = await import('../dist/db/database.js');
  const { insertSale, insertSaleLine, insertPayment, nextReceiptNo } = await import('../dist/db/sales.js');
  const { closeDay } = await import('../dist/services/reports.js');
  const { openShift } = await import('../dist/services/shifts.js');
  const handle = openDatabase(db);
  let now = new Date('2026-01-02T08:00:00Z');
  const ctx = { db: handle, clock: { now: () => now } };
  const products = handle.prepare('SELECT id, coalesce(sku, id) AS code, name, unit, price_cents AS price, vat_code AS vatCode, (SELECT bp FROM vat_rates v WHERE v.code = p.vat_code) AS bp FROM products p WHERE unit = ?').all('piece');
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
  const day = (d) => {
    const date = new Date(Date.UTC(2026, 0, 2 + d, 12));
    return date.toISOString().slice(0, 10);
  };
  const writeDay = (businessDay) => {
    handle.transaction(() => {
      for (let r = 0; r < RECEIPTS; r++) {
        const at = `${businessDay}T${String(8 + Math.floor((r * 10) / RECEIPTS)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}:00.000Z`;
        const lines = [];
        let total = 0;
        for (let l = 0; l < LINES; l++) {
          const p = products[Math.floor(rnd() * products.length)];
          const qty = 1000 * (1 + Math.floor(rnd() * 2));
          const lineTotal = (p.price * qty) / 1000;
          total += lineTotal;
          lines.push({ lineNo: l + 1, productId: p.id, code: String(p.code), name: p.name, qtyMilli: qty, unitPriceCents: p.price, discountCents: 0, vatCode: p.vatCode, vatBp: p.bp, lineTotalCents: lineTotal, unit: 'piece', listPriceCents: p.price, discountLabel: null, originalLineNo: null, saleDiscountShareCents: 0 });
        }
        const no = nextReceiptNo(handle, '1');
        const id = insertSale(handle, { uuid: `${businessDay}-${r}`, register: '1', receiptNo: no, businessDay, kind: 'sale', cashierId: 1, completedAt: at, subtotalCents: total, discountCents: 0, totalCents: total, roundingCents: 0, changeCents: 0, originalSaleId: null, pricesIncludeVat: true, saleDiscountCents: 0 });
        for (const l of lines) insertSaleLine(handle, id, l);
        insertPayment(handle, id, { method: r % 2 ? 'card' : 'qr', amountCents: total, tenderedCents: null, changeCents: null, reference: null, brand: null, maskedPan: null, authCode: null, terminalReceipt: [] });
      }
    })();
  };
  const t0 = Date.now();
  for (let d = 0; d < DAYS; d++) {
    const businessDay = day(d);
    now = new Date(`${businessDay}T07:00:00Z`);
    openShift(ctx, { cashierId: 1, floatCents: 10000 });
    writeDay(businessDay);
    now = new Date(`${businessDay}T20:00:00Z`);
    closeDay(ctx, { countedCents: null });
    handle.prepare('UPDATE shifts SET closed_at = ?, expected_cents = float_cents, counted_cents = float_cents WHERE closed_at IS NULL').run(now.toISOString());
    if (d % 50 === 49) console.error(`  reports store: ${d + 1} of ${DAYS} days (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  const open = day(DAYS);
  now = new Date(`${open}T07:00:00Z`);
  openShift(ctx, { cashierId: 1, floatCents: 10000 });
  writeDay(open);
  handle.pragma('wal_checkpoint(TRUNCATE)');
  const lines = handle.prepare('SELECT COUNT(*) AS n FROM sale_lines').get().n;
  handle.close();
  return { lines, openDay: open };
}

function run(args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(args[0], args.slice(1), { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

function medianOf(args, n = REPEAT) {
  run(args); // caches
  return median(Array.from({ length: n }, () => run(args).ms));
}

export async function benchReports({ out = 'bench/out' } = {}) {
  mkdirSync(out, { recursive: true });
  const db = join(out, `reports-${DAYS}x${RECEIPTS}.db`);
  const meta = `${db}.json`;
  // Rebuilt when the schema of the reports changes.
  const version = ['008_reports.sql', '009_z_coverage.sql'].map((f) => readFileSync(`src/db/migrations/${f}`, 'utf8').length).join('+');
  let info = existsSync(meta) && existsSync(db) ? JSON.parse(readFileSync(meta, 'utf8')) : null;
  if (!info || info.version !== version) {
    const t0 = Date.now();
    info = { ...(await buildStore(db)), version, buildSeconds: (Date.now() - t0) / 1000 };
    writeFileSync(meta, JSON.stringify(info));
  }
  const node = medianOf([process.execPath, '-e', '0']);
  const kassa = (...a) => [process.execPath, 'bin/kassa.js', '--db', db, ...a];
  const x = medianOf(kassa('report', 'x', '--json'));
  const xOut = JSON.parse(run(kassa('report', 'x', '--json')).stdout);
  if (xOut.receipts !== RECEIPTS) throw new Error(`report x counted ${xOut.receipts} receipts, not ${RECEIPTS}`);
  const months = medianOf(kassa('report', 'sales', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'month', '--json'), 7);
  const mOut = JSON.parse(run(kassa('report', 'sales', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'month', '--json')).stdout);
  // Every sale, closed or open: the report counts the open day on the business day its sales carry.
  const sql = `SELECT substr(s.business_day, 1, 7) AS m, COUNT(DISTINCT s.id), SUM(l.line_total_cents) FROM sales s JOIN sale_lines l ON l.sale_id = s.id GROUP BY m;`;
  const raw = medianOf(['sqlite3', db, sql], 5);
  const rawOut = run(['sqlite3', db, sql]).stdout.trim().split('\n').map((l) => l.split('|'));
  // The same money both ways, month by month.
  for (const [m, , cents] of rawOut) {
    const row = mOut.rows.find((r) => r.key === m);
    if (!row || row.grossCents !== Number(cents)) throw new Error(`month ${m}: report ${row?.grossCents} vs sqlite3 ${cents}`);
  }
  const rows = [
    [`\`kassa report x --json\`, an open day of ${RECEIPTS} receipts (median of ${REPEAT})`, `${fmt(x, 0)} ms`, `node -e 0: ${fmt(node, 0)} ms`, fmt(x / node), `≤ 1.5 — ${x / node <= 1.5 ? 'met' : '**not met**'}`],
    [`\`kassa report sales --by month\`, ${DAYS} days, ${info.lines.toLocaleString('en')} lines (median of 7)`, `${fmt(months, 0)} ms`, `sqlite3 tool, same aggregate over the lines: ${fmt(raw, 0)} ms`, fmt(months / raw), `< 300 ms — ${months < 300 ? 'met' : '**not met**'}`],
  ];
  const note = `Reports store: ${DAYS} closed days × ${RECEIPTS} receipts × ${LINES} lines + one open day (${info.lines} lines), built in ${fmt(info.buildSeconds, 0)} s (cached in ${db}).`;
  return { rows, note };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, note } = await benchReports();
  console.log('| measure | kassa | raw, same run | ratio | target |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\n${note}`);
}
