import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, json, kassa } from '../helpers/cli.js';
import { tempDir } from '../helpers/store.js';

const t = tempDir();
const db = join(t.dir, 'shop.db');
const demo = join(ROOT, 'fixtures', 'demo', 'catalogue.csv');
const k = (...args: string[]) => kassa(['--db', db, ...args]);

beforeAll(() => {
  expect(k('init', '--store-name', 'Test').code).toBe(0);
});
afterAll(() => t.cleanup());

describe('kassa products import', () => {
  it('imports and reports counts as JSON', () => {
    const r = k('products', 'import', demo, '--json');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ format: 'kassa', rows: 30, created: 30, updated: 0, unchanged: 0, rejected: 0, warnings: 0 });
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('says what it did in words', () => {
    const r = k('products', 'import', demo);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(kassa format, 30 rows): 0 created, 0 updated, 30 unchanged, 0 rejected');
  });

  it('bad rows: exit 1, each error as file:line:column, nothing written', () => {
    const bad = join(t.dir, 'products.csv');
    writeFileSync(
      bad,
      'sku,name,price\nN1,Nieuw,1.00\nN2,Fout,"12,5O"\nN3,Ook fout,1.2.3\n',
    );
    const r = k('products', 'import', bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('products.csv:3:3: price "12,5O" is not an amount');
    expect(r.stderr).toContain('products.csv:4:3: price "1.2.3"');
    expect(r.stderr).toContain('2 rows rejected: nothing was imported');
    expect(r.stderr).toContain('--on-error skip');
    expect(k('products', 'show', 'N1').code).toBe(1);
  });

  it('--on-error skip --rejects writes the bad rows', () => {
    const bad = join(t.dir, 'products.csv');
    const rejects = join(t.dir, 'rejected.csv');
    const r = k('products', 'import', bad, '--on-error', 'skip', '--rejects', rejects, '--json');
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({ created: 1, rejected: 2 });
    expect(readFileSync(rejects, 'utf8').split('\n')[0]).toBe('sku,name,price,reason');
  });

  it('--rejects without --on-error skip is a usage error', () => {
    expect(k('products', 'import', demo, '--rejects', join(t.dir, 'r.csv')).code).toBe(2);
  });

  it('--dry-run writes nothing', () => {
    const f = join(t.dir, 'one.csv');
    writeFileSync(f, 'sku,name,price\nDRY1,Droog,1.00\n');
    const r = k('products', 'import', f, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('would be 1 created');
    expect(r.stdout).toContain('dry run: nothing was written');
    expect(k('products', 'show', 'DRY1').code).toBe(1);
  });

  it('a missing file is a clear error', () => {
    const r = k('products', 'import', join(t.dir, 'nope.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.csv.*no such file/);
  });
});

describe('looking products up', () => {
  it('show by SKU or barcode, with the JSON contract', () => {
    const p = json<Record<string, unknown>>(k('products', 'show', '8712439011619', '--json'));
    expect(p).toEqual({
      sku: 'BELEG-001',
      name: 'Pindakaas',
      barcodes: ['8712439011619'],
      category: 'Broodbeleg',
      unit: 'piece',
      priceCents: 329,
      vatCode: 'low',
      vatBp: 900,
      costCents: 185,
      stockMilli: 20000,
      reorderPointMilli: 6000,
      reorderQtyMilli: 12000,
      supplier: 'Groothandel Van Dijk',
    });
    expect(k('products', 'show', 'BELEG-001').stdout).toContain('€ 3,29');
  });

  it('show of an unknown code exits 1 and points to search', () => {
    const r = k('products', 'show', '0000000000000');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no product');
    expect(r.stderr).toContain('products search');
  });

  it('search ignores accents and case, and matches word starts', () => {
    const creme = json<{ sku: string }[]>(k('products', 'search', 'creme', '--json'));
    expect(creme.map((p) => p.sku)).toEqual(['HUIS-002']);
    const pinda = json<{ name: string }[]>(k('products', 'search', 'PINDA', '--json'));
    expect(pinda.map((p) => p.name)).toEqual(['Pindakaas', 'Pindakaas Light']);
    const none = k('products', 'search', 'zzzz');
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('nothing found');
  });

  it('list filters by category and low stock', () => {
    const kaas = json<{ sku: string }[]>(k('products', 'list', '--category', 'Kaas', '--json'));
    expect(kaas.map((p) => p.sku)).toEqual(['KAAS-001', 'KAAS-002']);
    const low = json<{ sku: string; stockMilli: number; reorderPointMilli: number }[]>(k('products', 'list', '--low-stock', '--json'));
    expect(low.map((p) => p.sku)).toEqual(['BELEG-004', 'GROENTE-003', 'KOEK-003']);
    for (const p of low) expect(p.stockMilli).toBeLessThanOrEqual(p.reorderPointMilli);
    const text = k('products', 'list');
    expect(text.stdout.split('\n')[0]).toMatch(/^SKU\s+NAME\s+PRICE\s+STOCK$/);
    expect(text.stdout).toContain('6,25 kg');
  });

  it('export then import changes nothing', () => {
    const out = join(t.dir, 'export.csv');
    expect(k('products', 'export', '-o', out).code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toBe('sku,barcode,name,category,unit,price,vat,cost,stock,reorder_point,reorder_qty,supplier');
    expect(text).toContain('KAAS-001,,Jong belegen kaas,Kaas,kg,14.95,low,8.40,6.250,2,5,Kaashandel De Graaf');
    const again = json(k('products', 'import', out, '--json'));
    expect(again).toMatchObject({ created: 0, updated: 0, rejected: 0 });
    expect(k('products', 'export').stdout).toBe(text);
  });
});
