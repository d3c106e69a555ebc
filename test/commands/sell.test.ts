import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
const db = join(t.dir, 'sell.db');
const k = (args: string[], input?: string) => kassa(['--db', db, ...args], input === undefined ? {} : { input });
beforeAll(() => {
  k(['demo']); // with its staff: Anna, cashier 1, PIN 1234
});
afterAll(() => t.cleanup());

describe('kassa sell', () => {
  it('sells for cash with the JSON of the issue, and sales show gives the same', () => {
    const r = k(['sell', '8712439011619', '2*BROOD-002', '0.350*KAAS-001', '--cashier', '1', '--pin-file', '-', '--pay', 'cash:20,00', '--json'], '1234\n');
    expect(r.code).toBe(0);
    const sale = json<Record<string, unknown> & { payments: unknown[] }>(r);
    expect(sale).toMatchObject({ receiptNo: 'R1-000001', register: '1', totalCents: 1042, roundingCents: -2, changeCents: 960 });
    expect(Object.keys(sale).sort()).toEqual(
      [
        'businessDay',
        'cashierId',
        'changeCents',
        'completedAt',
        'discountCents',
        'kind',
        'lines',
        'originalReceiptNo',
        'payments',
        'pricesIncludeVat',
        'receiptNo',
        'register',
        'roundingCents',
        'subtotalCents',
        'totalCents',
        'vat',
      ].sort(),
    );
    expect(sale).toMatchObject({ kind: 'sale', originalReceiptNo: null, subtotalCents: 1042, discountCents: 0, pricesIncludeVat: true });
    expect(sale.payments).toEqual([
      { method: 'cash', amountCents: 1040, tenderedCents: 2000, changeCents: 960, reference: null, brand: null, maskedPan: null, authCode: null },
    ]);
    expect(json(k(['sales', 'show', 'R1-000001', '--json']))).toEqual(sale);
    expect(k(['sell', 'KOEK-001', '--cashier', '1', '--pin-file', '-'], '1234\n').stdout).toContain('R1-000002');
  });

  it('a wrong PIN sells nothing and says how many tries are left', () => {
    const r = k(['sell', 'KOEK-001', '--cashier', '1', '--pin-file', '-'], '0000\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('wrong PIN');
    expect(r.stderr).toContain('4 tries left');
    expect(k(['sales', 'show', 'R1-000003']).code).toBe(1);
  });

  it('takes a card through the simulator terminal, exact to the cent', () => {
    expect(k(['config', 'set', 'terminal.driver', 'simulator']).code).toBe(0);
    const r = k(['sell', 'KOEK-001', '--cashier', '1', '--pin-file', '-', '--pay', 'card', '--json'], '1234\n');
    expect(r.code).toBe(0);
    const sale = json<{ receiptNo: string; totalCents: number; roundingCents: number; payments: Record<string, unknown>[] }>(r);
    expect(sale).toMatchObject({ receiptNo: 'R1-000003', totalCents: 219, roundingCents: 0 });
    expect(sale.payments).toEqual([
      expect.objectContaining({ method: 'card', amountCents: 219, tenderedCents: null, changeCents: null, brand: 'Maestro', maskedPan: '670367******1234' }),
    ]);
    expect(sale.payments[0]!.authCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(k(['sales', 'show', 'R1-000003']).stdout).toContain('card € 2,19 (Maestro 670367******1234)');
  });

  it('the journal holds the sales and verifies', () => {
    const types = json<{ type: string }[]>(k(['audit', 'log', '--json'])).map((e) => e.type);
    expect(types.filter((x) => x === 'sale.completed')).toHaveLength(3);
    expect(json(k(['audit', 'verify', '--json']))).toMatchObject({ ok: true });
  });
});
