import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
afterAll(() => t.cleanup());
const db = join(t.dir, 'config-barcode.db');
const k = (...args: string[]) => kassa(['--db', db, ...args]);

/** The rows a refused `config set` must leave as they were. */
function stored(): string {
  const raw = new Database(db, { readonly: true });
  try {
    return JSON.stringify([raw.prepare('SELECT * FROM settings ORDER BY key').all(), raw.prepare('SELECT seq FROM journal').all()]);
  } finally {
    raw.close();
  }
}

beforeAll(() => {
  expect(k('init').code).toBe(0);
});

describe('kassa config set barcode.2x', () => {
  it('sets, gets, lists, removes and journals a layout', () => {
    const set = k('config', 'set', 'barcode.28', 'item=5 price=5 decimals=2');
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('barcode.28 = "item=5 price=5 decimals=2"\n');
    expect(json(k('config', 'set', 'barcode.29', 'weight=5 item=5', '--json'))).toEqual({ key: 'barcode.29', value: 'item=5 weight=5 decimals=3' });
    expect(k('config', 'get', 'barcode.28').stdout).toBe('item=5 price=5 decimals=2\n');
    expect(json(k('config', 'get', 'barcode.27', '--json'))).toEqual({ key: 'barcode.27', value: 'none' });
    const list = json<Record<string, unknown>>(k('config', 'list', '--json'));
    expect(list['barcode.28']).toBe('item=5 price=5 decimals=2');
    expect(list['barcode.29']).toBe('item=5 weight=5 decimals=3');
    expect(k('config', 'list').stdout).toMatch(/barcode\.28\s+"item=5 price=5 decimals=2"\s+price-embedded EAN-13s starting with 28/);

    expect(k('config', 'set', 'barcode.29', 'none').code).toBe(0);
    expect(json<Record<string, unknown>>(k('config', 'list', '--json'))['barcode.29']).toBeUndefined();
    const log = json<{ type: string; payload: Record<string, unknown> }[]>(k('audit', 'log', '--json'));
    expect(log.filter((e) => e.type === 'setting.changed').map((e) => e.payload)).toEqual([
      { key: 'barcode.28', from: 'none', to: 'item=5 price=5 decimals=2' },
      { key: 'barcode.29', from: 'none', to: 'item=5 weight=5 decimals=3' },
      { key: 'barcode.29', from: 'item=5 weight=5 decimals=3', to: 'none' },
    ]);
  });

  it.each([
    ['item=5 price=4', 'does not fit an EAN-13: 2 prefix + 5 item + 4 value + 1 check digit = 12, not 13'],
    ['item=5 price=5 decimals=3', 'a price has 0 to 2 decimals, not 3'],
    ['item=5 price=5 weight=5', 'both a price and a weight'],
    ['item=5 prijs=5', '"prijs=5", which is not item=N, price=N, weight=N or decimals=N'],
  ])('refuses "%s" with exit 2, what is valid, and the store unchanged', (value, why) => {
    const before = stored();
    const r = k('config', 'set', 'barcode.28', value);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`barcode.28: "${value}"`);
    expect(r.stderr).toContain(why);
    expect(r.stderr).toContain('item=N price=N|weight=N [decimals=N]');
    expect(stored()).toBe(before);
  });

  it('refuses a prefix outside 20–29 as an unknown setting, exit 2', () => {
    const r = k('config', 'set', 'barcode.30', 'item=5 price=5');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown setting "barcode.30"');
    expect(r.stderr).toContain('barcode.20 … barcode.29');
  });
});

describe('kassa config set prices.includeVat', () => {
  it('is true by default and takes true/false/yes/no/ja/nee', () => {
    expect(json(k('config', 'get', 'prices.includeVat', '--json'))).toEqual({ key: 'prices.includeVat', value: true });
    for (const [text, value] of [['false', false], ['JA', true], ['nee', false], ['yes', true], ['no', false], ['true', true]] as const) {
      expect(json(k('config', 'set', 'prices.includeVat', text, '--json'))).toEqual({ key: 'prices.includeVat', value });
    }
    expect(k('config', 'get', 'prices.includeVat').stdout).toBe('true\n');
  });

  it('refuses anything else with exit 2 and the valid words', () => {
    const before = stored();
    const r = k('config', 'set', 'prices.includeVat', 'maybe');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('prices.includeVat: "maybe"');
    expect(r.stderr).toContain('true, yes, ja, false, no, nee');
    expect(stored()).toBe(before);
  });
});
