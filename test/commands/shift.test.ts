import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
const db = join(t.dir, 'shift.db');
const k = (args: string[], input?: string) => kassa(['--db', db, ...args], input === undefined ? {} : { input });
beforeAll(() => {
  k(['demo']); // with its staff: Anna, cashier 1, PIN 1234
});
afterAll(() => t.cleanup());

describe('kassa shift and cash', () => {
  it('opens with a float, records cash out, closes with the difference', () => {
    expect(k(['shift', 'open', '--cashier', '1', '--pin-file', '-', '--float', '150.00'], '1234\n').stdout).toContain('shift 1 open on register 1');
    k(['sell', 'KOEK-001', '--cashier', '1', '--pin-file', '-', '--pay', 'cash:5'], '1234\n');
    expect(k(['cash', 'out', '--amount', '20,00', '--reason', 'naar de kluis']).code).toBe(0);
    const closed = json<Record<string, number>>(k(['shift', 'close', '--counted', '132.10', '--json']));
    expect(closed).toMatchObject({ floatCents: 15000, cashSalesCents: 220, cashOutCents: 2000, expectedCents: 13220, countedCents: 13210, differenceCents: -10 });
    expect(k(['shift', 'close', '--counted', '1']).stderr).toContain('no open shift');
  });

  it('the text output says short or over, in the store’s format', () => {
    k(['shift', 'open', '--cashier', '1', '--pin-file', '-', '--float', '100'], '1234\n');
    const r = k(['shift', 'close', '--counted', '100.50']);
    expect(r.stdout).toMatch(/difference +€ 0,50 over/);
  });

  it('a wrong PIN opens no shift', () => {
    const r = k(['shift', 'open', '--cashier', '1', '--pin-file', '-', '--float', '100'], '0000\n');
    expect(r.code).toBe(1);
    expect(k(['cash', 'in', '--amount', '1', '--reason', 'x']).stderr).toContain('no open shift');
  });
});
