/**
 * `kassa report x|z|sales` and `kassa export journal` as the accountant runs
 * them: the built binary on a demo store with sales made by `kassa sell`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, json, kassa, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

interface Report {
  kind: string;
  zNo?: number;
  register: string;
  businessDay: string;
  receipts: number;
  grossCents: number;
  refundsCents: number;
  netCents: number;
  vat: { vatBp: number | null; grossCents: number; netCents: number; vatCents: number }[];
  payments: { method: string; count: number; amountCents: number }[];
  roundingCents: number;
  cashExpectedCents: number;
  cashCountedCents: number | null;
  cashDifferenceCents: number | null;
  grandTotalSalesCents: number;
}

const t = tempDir();
const db = join(t.dir, 'shop.db');
const pin = join(t.dir, 'anna.pin');
const k = (args: string[]): CliResult => kassa(['--db', db, ...args]);
const ANNA = ['--cashier', '1', '--pin-file', pin];
const sales: { totalCents: number; receiptNo: string }[] = [];

beforeAll(() => {
  writeFileSync(pin, '1234\n');
  expect(kassa(['--db', db, 'demo', '--no-checkout']).code).toBe(0);
  expect(k(['config', 'set', 'printer.address', 'none']).code).toBe(0);
  expect(k(['shift', 'open', '--cashier', '1', '--pin-file', pin, '--float', '100.00']).code).toBe(0);
  for (const [items, pay] of [
    [['8712439011619', '2*BROOD-002'], ['--pay', 'cash:20.00']],
    [['3*KOEK-001'], ['--pay', 'card']],
    [['0.350*KAAS-001'], ['--pay', 'qr', '--confirmed']],
  ] as const) {
    const r = k(['sell', ...items, ...ANNA, ...pay, '--json']);
    expect(r.code, r.stderr).toBe(0);
    sales.push(json(r));
  }
});
afterAll(() => t.cleanup());

describe('kassa report x and z', () => {
  it('x shows the open day and changes nothing; z closes it with the counted cash; --show gives it again unchanged', () => {
    const x1 = json<Report>(k(['report', 'x', '--json']));
    const x2 = json<Report>(k(['report', 'x', '--json']));
    expect({ ...x1, to: null }).toEqual({ ...x2, to: null });
    expect(x1).toMatchObject({ kind: 'X', receipts: 3, grossCents: sales.reduce((s, x) => s + x.totalCents, 0), refundsCents: 0 });
    expect(x1.payments.map((p) => p.method).sort()).toEqual(['card', 'cash', 'qr']);

    const counted = ((x1.cashExpectedCents - 10) / 100).toFixed(2);
    const z = k(['report', 'z', '--counted', counted, '--json']);
    expect(z.code, z.stderr).toBe(0);
    expect(z.stderr).toMatch(/Z 1 closed business day/);
    const zr = json<Report>(z);
    expect(zr).toMatchObject({ kind: 'Z', zNo: 1, receipts: 3, grossCents: x1.grossCents, cashDifferenceCents: -10, grandTotalSalesCents: x1.grossCents });
    expect(json<Report>(k(['report', 'z', '--show', '1', '--json']))).toEqual(zr);

    // The next day is empty; a Z of nothing is allowed and says so.
    expect(json<Report>(k(['report', 'x', '--json']))).toMatchObject({ receipts: 0, grossCents: 0 });
    const empty = k(['report', 'z', '--json']);
    expect(empty.stderr).toMatch(/Z 2 closed .*nothing was sold/);
    expect(json<Report>(empty)).toMatchObject({ zNo: 2, receipts: 0, grandTotalSalesCents: x1.grossCents });
    expect(k(['audit', 'verify']).code).toBe(0);
  });

  it('report x --json answers the same on its fast path and on the full command line', () => {
    const full = (args: string[]) => kassa(['--db', db, ...args], { env: { KASSA_FAST: '0' } });
    // A card payment on a sale not completed: both paths warn about it alike.
    const opened = k(['cart', 'new', ...ANNA, '--json']);
    expect(opened.code, opened.stderr).toBe(0);
    const cart = String(json<{ cartId: number }>(opened).cartId);
    const added = k(['cart', 'add', cart, 'BROOD-001', ...ANNA]);
    expect(added.code, added.stderr).toBe(0);
    const paid = k(['cart', 'pay', cart, '--pay', 'card:1.00', ...ANNA]);
    expect(paid.code, paid.stderr).toBe(0);
    expect(k(['report', 'x', '--json']).stderr).toMatch(new RegExp(`warning: cart ${cart} \\(open\\) has € 1,00 paid by card but is not completed.*kassa cart pay ${cart}`));
    for (const args of [['report', 'x', '--json'], ['report', 'x', '--json', '--register', '2']]) {
      const fast = k(args);
      const slow = full(args);
      expect(fast.code, fast.stderr).toBe(0);
      expect({ ...json<Report>(fast), to: null }).toEqual({ ...json<Report>(slow), to: null });
      expect(fast.stderr).toBe(slow.stderr);
    }
    const missing = ['--db', join(t.dir, 'none.db'), 'report', 'x', '--json'];
    const a = kassa(missing);
    const b = kassa(missing, { env: { KASSA_FAST: '0' } });
    expect([a.code, a.stderr]).toEqual([b.code, b.stderr]);
    expect(a.stderr).toMatch(/no store at/);
  });

  it('report x --json whose reader has gone away ends quietly with exit 0, on both paths', () => {
    // `| true` closes the pipe before the report is written: the write meets EPIPE.
    for (const fast of ['1', '0']) {
      const r = spawnSync('bash', ['-c', `"$NODE" "$BIN" --db "$DB" report x --json 2>"$ERR" | true; echo "\${PIPESTATUS[0]}"`], {
        encoding: 'utf8',
        env: { ...process.env, NODE: process.execPath, BIN, DB: db, ERR: join(t.dir, `err-${fast}`), KASSA_FAST: fast },
      });
      expect(r.stdout.trim()).toBe('0');
      // Only the unfinished-cart warning of the test above, no error.
      expect(readFileSync(join(t.dir, `err-${fast}`), 'utf8')).not.toMatch(/kassa:|error|EPIPE/i);
    }
  });

  it('refuses what it cannot do, and says what to do', () => {
    const missing = k(['report', 'z', '--show', '99']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no Z report 99/);
    expect(k(['report', 'x', '--json', '--csv']).code).toBe(2);
    expect(k(['report', 'z', '--show', '1', '--counted', '10']).code).toBe(2);
    expect(k(['report', 'x', '--counted', '12,3x']).stderr).toMatch(/not an amount/);
    expect(k(['report', 'sales', '--from', '2026-11-30', '--to', '2026-11-01']).code).toBe(2);
    expect(k(['report', 'sales', '--from', 'nov', '--to', '2026-11-01']).code).toBe(2);
    expect(k(['report', 'sales', '--from', '2026-01-01', '--to', '2026-12-31', '--by', 'weekday']).stderr).toMatch(/one of day, week, month/);
  });

  it('a Z whose output cannot be made is not closed: the output is checked first', () => {
    const before = k(['audit', 'log', '--json']).stdout;
    const pdf = k(['report', 'z', '--pdf', join(t.dir, 'no-such-folder', 'z.pdf')]);
    expect(pdf.code).not.toBe(0);
    expect(pdf.stderr).toMatch(/cannot write the PDF .*no-such-folder/);
    const folder = k(['report', 'z', '--pdf', t.dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/is a folder/);
    const lang = k(['report', 'z', '--lang', 'de']);
    expect(lang.code).toBe(2);
    expect(lang.stderr).toMatch(/--lang de/);
    const print = k(['report', 'z', '--print']); // the printer is set to none
    expect(print.code).not.toBe(0);
    expect(print.stderr).toMatch(/no printer is configured: the day was not closed/);
    expect(k(['audit', 'log', '--json']).stdout).toBe(before); // nothing journaled, nothing closed
    expect(k(['report', 'z', '--show', '3']).stderr).toMatch(/no Z report 3/);
  });
});

describe('kassa report sales', () => {
  it('by day and by product from the stored Z, as JSON and CSV', () => {
    const day = sales.length ? json<Report>(k(['report', 'z', '--show', '1', '--json'])).businessDay : '';
    const byDay = json<{ rows: { key: string; receipts: number; grossCents: number }[] }>(k(['report', 'sales', '--from', day, '--to', day, '--by', 'day', '--json']));
    expect(byDay.rows).toEqual([expect.objectContaining({ key: day, receipts: 3, grossCents: sales.reduce((s, x) => s + x.totalCents, 0) })]);
    const top = json<{ rows: { label: string; qtyMilli: number }[] }>(k(['report', 'sales', '--from', day, '--to', day, '--by', 'product', '--top', '2', '--json']));
    expect(top.rows).toHaveLength(2);
    const csv = k(['report', 'sales', '--from', day, '--to', day, '--by', 'product', '--csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split(/\r?\n/)[0]).toMatch(/^key,label,receipts/);
    const text = k(['report', 'sales', '--from', day, '--to', day, '--by', 'product']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Pindakaas/);
  });

  it('the PDF of the Z is a PDF with the totals in it', () => {
    const pdf = join(t.dir, 'z1.pdf');
    const r = k(['report', 'z', '--show', '1', '--pdf', pdf]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = spawnSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toMatch(/Buurtwinkel De Hoek/);
    const zr = json<Report>(k(['report', 'z', '--show', '1', '--json']));
    const euros = (zr.grossCents / 100).toFixed(2).replace('.', ',');
    expect(text).toContain(euros);
  });
});

describe('kassa export journal', () => {
  it('hledger: checks, and balances that equal the Z', () => {
    const zr = json<Report>(k(['report', 'z', '--show', '1', '--json']));
    const out = join(t.dir, 'z.journal');
    const r = k(['export', 'journal', '--format', 'hledger', '--from', zr.businessDay, '--to', zr.businessDay, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    const check = spawnSync('hledger', ['-f', out, 'check'], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
  });

  it('a period with no Z is empty and says so', () => {
    const r = k(['export', 'journal', '--format', 'csv', '--from', '2020-01-01', '--to', '2020-01-31']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no Z report/);
  });

  it('xaf validates against the tax office schema', () => {
    const zr = json<Report>(k(['report', 'z', '--show', '1', '--json']));
    const out = join(t.dir, 'z.xaf');
    const r = k(['export', 'journal', '--format', 'xaf', '--from', zr.businessDay, '--to', zr.businessDay, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    const lint = spawnSync('xmllint', ['--noout', '--schema', 'fixtures/schemas/XmlAuditfileFinancieel3.2.xsd', out], { encoding: 'utf8' });
    expect(lint.status, lint.stderr).toBe(0);
  });
});
