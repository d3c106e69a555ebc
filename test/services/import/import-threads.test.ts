/**
 * The import's two ways of reading (a worker for large files, the calling
 * thread for small ones) and the pieces between reader and writer. Vitest runs
 * the TypeScript sources, where there is no compiled worker, so the worker is
 * tested through the build in dist/ (as the CLI tests use bin/kassa.js): `npm
 * test` builds first.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportedProduct } from '../../../src/core/catalogue/types.js';
import { KassaError } from '../../../src/core/errors.js';
import { importProducts, type ImportOptions, type ImportResult } from '../../../src/services/import/import-products.js';
import { KeyFilter } from '../../../src/services/import/key-filter.js';
import { LineRuns, TouchedLines } from '../../../src/services/import/product-lines.js';
import { pack, ProductBatch } from '../../../src/services/import/product-batch.js';
import type { CatalogueBatch } from '../../../src/services/import/read-catalogue.js';
import { PiecePacker, pieceSize, readCatalogueThreaded, WORKER_MIN_BYTES } from '../../../src/services/import/read-threaded.js';
import { json, kassa, ROOT } from '../../helpers/cli.js';
import { snapshot, tempStore } from '../../helpers/store.js';

const HEADER = 'sku,barcode,name,category,unit,price,vat,cost,stock,reorder_point,reorder_qty,supplier\n';
const CATALOGUE = ['products', 'barcodes', 'stock_movements', 'imports', 'products_fts'];

let store: ReturnType<typeof tempStore>;
beforeEach(() => {
  store = tempStore();
});
afterEach(() => store.cleanup());

function file(name: string, text: string): string {
  const path = join(store.dir, name);
  writeFileSync(path, text);
  return path;
}

function ean13(body12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (body12.charCodeAt(11 - i) - 48) * (i % 2 === 0 ? 3 : 1);
  return body12 + String((10 - (sum % 10)) % 10);
}

/**
 * n rows in the kassa format with what makes the writer work: SKUs and barcodes
 * repeated across pieces and batches, rows found by barcode alone, unreadable
 * values, a name with a quoted line break, a code that is not a GTIN.
 */
function catalogue(n: number, variant = 0): string {
  const sku = (i: number): string => `S${String(i).padStart(6, '0')}`;
  const code = (i: number): string => ean13(`871${String(i).padStart(9, '0')}`);
  let out = HEADER;
  for (let i = 0; i < n; i++) {
    let s = sku(i);
    let c = code(i);
    let name = `Crème ${i % 97} “Extra”, ${i % 13} g`;
    let price = `${(i * 37) % 100}.${String(i % 100).padStart(2, '0')}`;
    let unit = i % 9 === 0 ? 'kg' : 'piece';
    if (i % 7 === 0 && i >= 1200) s = sku(i - 1100); // the SKU came before, pieces and batches back
    if (i % 13 === 0 && i >= 600) c = code(i - 550);
    if (i % 17 === 0 && i >= 700) [s, c] = ['', code(i - 650)]; // found by barcode alone
    if (i % 19 === 0 && i >= 100) c = `${c}|${code(i - 100)}`;
    if (i % 23 === 0) price = 'abc';
    if (i % 29 === 0) unit = 'doos';
    if (i % 101 === 0) name = `Twee\nregels ${i}`;
    if (i % 211 === 0) c = `PLU-${i}`;
    if (variant === 1 && i % 3 === 0) price = '9.99';
    const stock = variant === 1 && i % 5 === 0 ? '77' : String(i % 11);
    out += `${s},${c},"${name.replace(/"/g, '""')}",Cat${i % 5},${unit},${price},${i % 4 === 0 ? 'low' : 'high'},,${stock},,,\n`;
  }
  return out;
}

/** A catalogue of WORKER_MIN_BYTES or more: the size the CLI reads on a worker. */
function largeCatalogue(): string {
  const text = catalogue(16_000);
  const bytes = Buffer.byteLength(text);
  expect(bytes).toBeGreaterThan(WORKER_MIN_BYTES);
  return text;
}

describe('packed products', () => {
  const product = (over: Partial<ImportedProduct>): ImportedProduct => ({
    line: 2,
    sku: 'A1',
    barcodes: ['8710000000017'],
    name: 'Appel',
    category: 'Fruit',
    unit: 'piece',
    priceCents: 100,
    vatCode: 'low',
    costCents: 50,
    stockMilli: 10000,
    reorderPointMilli: 2000,
    reorderQtyMilli: 5000,
    supplier: 'S1',
    ...over,
  });

  it('read back as they were: nulls, empty and several barcodes, any text, large numbers', () => {
    const products = [
      product({}),
      product({ line: 3, sku: null, category: null, unit: null, vatCode: null, supplier: null }),
      product({ line: 4, barcodes: [], priceCents: null, costCents: null, stockMilli: null, reorderPointMilli: null, reorderQtyMilli: null }),
      product({ line: 90071, barcodes: ['a', 'b', 'c'], name: 'Jus d’orange 🍊 "x", y\r\nz', priceCents: Number.MAX_SAFE_INTEGER, stockMilli: -3500 }),
      product({ line: 5, priceCents: 0, costCents: 0, stockMilli: 0, reorderPointMilli: 0, reorderQtyMilli: 0 }),
    ];
    const batch = new ProductBatch(structuredClone(pack(products)));
    expect(batch.count).toBe(products.length);
    expect(products.map((_, i) => batch.product(i))).toEqual(products);
    expect(batch.barcodeCount(3)).toBe(3);
    expect(batch.barcode(3, 2)).toBe('c');
    expect(batch.sku(1)).toBeNull();
    expect(batch.priceCents(2)).toBeNull();
    expect(batch.priceCents(4)).toBe(0);
  });

  it('an empty piece is empty', () => {
    expect(new ProductBatch(pack([])).count).toBe(0);
  });

  it('a NUL in a value cannot go unnoticed', () => {
    expect(() => new ProductBatch(pack([product({ name: 'a\0b' })]))).toThrow(/strings/);
  });
});

describe('key filter', () => {
  it('never forgets a key, and rarely claims one it never saw', () => {
    const f = new KeyFilter(20); // a small filter, to see false positives at all
    const keys = Array.from({ length: 20_000 }, (_, i) => `K${i * 7919}`);
    for (const k of keys) f.testAndAdd(k);
    expect(keys.every((k) => f.testAndAdd(k))).toBe(true);
    let claimed = 0;
    for (let i = 0; i < 20_000; i++) if (f.testAndAdd(`other-${i}`)) claimed++;
    expect(claimed).toBeLessThan(400); // 2 %
  });
});

describe('product lines', () => {
  it('of created products: every id’s line, across rejected rows and multi-line records', () => {
    const runs = new LineRuns(11);
    const lines = [2, 3, 4, 7, 8, 9, 10, 14, 15, 100, 101];
    lines.forEach((line, i) => runs.add(11 + i, line));
    lines.forEach((line, i) => expect(runs.get(11 + i)).toBe(line));
    expect(runs.get(10)).toBeUndefined();
    expect(runs.get(11 + lines.length)).toBeUndefined();
    expect(() => runs.add(30, 200)).toThrow(/out of order/);
  });

  it('of touched products: by id, dense or not', () => {
    const touched = new TouchedLines(100);
    touched.set(5, 12);
    touched.set(99, 3);
    touched.set(-4, 7); // no id Kassa makes, kept all the same
    touched.set(1234, 8);
    expect([5, 99, -4, 1234].map((id) => touched.get(id))).toEqual([12, 3, 7, 8]);
    expect(touched.get(6)).toBeUndefined();
    expect(new TouchedLines(1 << 30).get(5)).toBeUndefined(); // no 4 GB array for a huge id range
  });

  it('of a million clean rows: one run', () => {
    const runs = new LineRuns(1);
    for (let id = 1; id <= 1_000_000; id++) runs.add(id, id + 1);
    expect(runs.get(765_432)).toBe(765_433);
  });
});

describe('pieces', () => {
  it('divide the batch, so no piece straddles two batches', () => {
    expect(pieceSize(2000)).toBe(500);
    expect(pieceSize(1000)).toBe(500);
    expect(pieceSize(4096)).toBe(512);
    expect(pieceSize(512)).toBe(512);
    expect(pieceSize(7)).toBe(7);
    expect(pieceSize(1009)).toBe(1009); // a prime: read whole
  });

  const piece = (skus: (string | null)[], codes: string[][]): CatalogueBatch => ({
    products: skus.map((sku, i) => ({
      line: i + 2,
      sku,
      barcodes: codes[i] ?? [],
      name: 'x',
      category: null,
      unit: null,
      priceCents: 1,
      vatCode: null,
      costCents: null,
      stockMilli: null,
      reorderPointMilli: null,
      reorderQtyMilli: null,
      supplier: null,
    })),
    issues: [],
    warnings: [],
    rows: skus.length,
    skipped: 0,
    progressBytes: 0,
  });

  it('say where their batch ends', () => {
    const packer = new PiecePacker(4, false);
    expect(packer.pack(piece(['a', 'b'], [])).endsBatch).toBe(false);
    expect(packer.pack(piece(['c', 'd'], [])).endsBatch).toBe(true);
    expect(packer.pack(piece(['e'], [])).endsBatch).toBe(false);
  });

  it('into a store that had products, look up every key', () => {
    const p = new PiecePacker(2000, false).pack(piece(['a', null], [['1', '2'], ['3']]));
    expect(JSON.parse(p.lookupSkus)).toEqual(['a']);
    expect(JSON.parse(p.lookupCodes)).toEqual(['1', '2', '3']);
  });

  it('into an empty store, look up only keys read before', () => {
    const packer = new PiecePacker(2000, true);
    const first = packer.pack(piece(['a', 'b', 'a'], [['1'], ['2'], ['1']]));
    expect(JSON.parse(first.lookupSkus)).toEqual(['a']);
    expect(JSON.parse(first.lookupCodes)).toEqual(['1']);
    const second = packer.pack(piece(['c', 'b'], [['3'], ['2', '4']]));
    expect(JSON.parse(second.lookupSkus)).toEqual(['b']);
    expect(JSON.parse(second.lookupCodes)).toEqual(['2']);
  });
});

describe('batches applied in pieces', () => {
  it('list the rejections whole batches listed: a batch’s unreadable rows before its conflicts', async () => {
    // One batch of 2,000 products read in pieces of 500: the duplicates come
    // first in the file, the unreadable prices in a later piece. Whole batches
    // reported the unreadable rows first, and so the 50 listed errors are those.
    let text = HEADER;
    for (let i = 0; i < 2000; i++) {
      const sku = i >= 1 && i <= 40 ? 'D0' : `D${i}`;
      const price = i >= 1500 && i < 1600 ? 'abc' : '1.00';
      text += `${sku},,Naam ${i},,,${price},,,,,,\n`;
    }
    const r = await importProducts(store.ctx, file('order.csv', text), { onError: 'skip' });
    expect(r.rejected).toBe(140);
    expect(r.errors).toHaveLength(50);
    expect(r.errors.every((e) => e.column === 'price')).toBe(true);
    expect(r.errors[0]!.line).toBe(1502);
  });

  it('find repeats across pieces and batches: the same import whatever the batch size', async () => {
    const path = file('c.csv', catalogue(5000));
    const results: [Omit<ImportResult, 'file' | 'errors'>, string][] = [];
    for (const batchSize of [2000, 600, 1009, 7]) {
      const s = tempStore();
      try {
        // Which 50 errors are listed depends on the batch size (see above); nothing else does.
        const { errors: _listed, ...r } = strip(await importProducts(s.ctx, path, { onError: 'skip', batchSize }));
        results.push([r, snapshot(s.db, CATALOGUE)]);
      } finally {
        s.cleanup();
      }
    }
    const [first, ...rest] = results;
    expect(first![0]).toMatchObject({ rows: 5000, committed: true });
    expect(first![0].rejected).toBeGreaterThan(500);
    for (const r of rest) expect(r).toEqual(first);
  });
});

// ---------------------------------------------------------------------------
// The worker, through the build

const DIST = join(ROOT, 'dist', 'services', 'import');

type ImportModule = typeof import('../../../src/services/import/import-products.js');
type ErrorsModule = typeof import('../../../src/core/errors.js');

async function built(): Promise<{ importProducts: ImportModule['importProducts']; KassaError: ErrorsModule['KassaError'] }> {
  if (!existsSync(join(DIST, 'read-worker.js'))) throw new Error('dist/ has no catalogue worker: run `npm run build` first');
  const m = (await import(join(DIST, 'import-products.js'))) as ImportModule;
  const e = (await import(join(ROOT, 'dist', 'core', 'errors.js'))) as ErrorsModule;
  return { importProducts: m.importProducts, KassaError: e.KassaError };
}

/** The result without what differs by design between runs (the temp path). */
function strip(r: ImportResult): Omit<ImportResult, 'file'> {
  const { file: _file, ...rest } = r;
  return rest;
}

/**
 * Run the same imports in two fresh stores, on the calling thread (sources)
 * and on the worker (build), and expect the same results, rejects and tables.
 */
async function sameBothWays(steps: { path: string; opts?: ImportOptions }[]): Promise<ImportResult[]> {
  const { importProducts: builtImport } = await built();
  const worker = tempStore();
  try {
    const out: ImportResult[] = [];
    for (const [i, { path, opts = {} }] of steps.entries()) {
      const rejects = opts.rejectsPath !== undefined;
      const a = await importProducts(store.ctx, path, { ...opts, thread: 'same', ...(rejects ? { rejectsPath: join(store.dir, `same-${i}.csv`) } : {}) });
      const b = await builtImport(worker.ctx, path, { ...opts, thread: 'worker', ...(rejects ? { rejectsPath: join(worker.dir, `worker-${i}.csv`) } : {}) });
      expect(strip(b), `step ${i} (if the sources changed: npm run build)`).toEqual(strip(a));
      expect(snapshot(worker.db, CATALOGUE)).toBe(snapshot(store.db, CATALOGUE));
      if (rejects) expect(readFileSync(join(worker.dir, `worker-${i}.csv`), 'utf8')).toBe(readFileSync(join(store.dir, `same-${i}.csv`), 'utf8'));
      out.push(a);
    }
    return out;
  } finally {
    worker.cleanup();
  }
}

describe('reading on a worker', () => {
  it('imports, updates and rejects exactly as reading on the calling thread', async () => {
    const first = file('first.csv', catalogue(6000));
    const second = file('second.csv', catalogue(6000, 1));
    const [a, b, c, d] = await sameBothWays([
      { path: first, opts: { onError: 'skip', rejectsPath: 'yes' } },
      { path: second, opts: { onError: 'skip', rejectsPath: 'yes' } },
      { path: second, opts: {} }, // abort: the bad rows roll it all back
      { path: first, opts: { onError: 'skip', dryRun: true } },
    ]);
    expect(a).toMatchObject({ rows: 6000, committed: true });
    expect(a!.created).toBeGreaterThan(4000);
    expect(a!.errors).toHaveLength(50);
    expect(b!.updated).toBeGreaterThan(1000);
    expect(c).toMatchObject({ committed: false });
    expect(d).toMatchObject({ committed: false, dryRun: true });
  });

  it('small batches too', async () => {
    await sameBothWays([{ path: file('c.csv', catalogue(3000)), opts: { onError: 'skip', batchSize: 3 } }]);
  });

  it('reports progress through the callback, which stays on this thread', async () => {
    const { importProducts: builtImport } = await built();
    const seen: number[] = [];
    const path = file('c.csv', catalogue(3000));
    const r = await builtImport(store.ctx, path, { onError: 'skip', thread: 'worker', onProgress: (done) => seen.push(done) });
    expect(r.rows).toBe(3000);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((x, y) => x - y));
  });

  it('brings the reader’s errors over as they were: code, message, hint', async () => {
    const { importProducts: builtImport, KassaError: BuiltKassaError } = await built();
    const cases = [
      file('unknown.csv', 'a,b,c\n1,2,3\n'),
      file('nul.csv', `${HEADER}A1,,Naam,,,1.00,,,,,,\nA2,,Na\0am,,,1.00,,,,,,\n`),
      join(store.dir, 'missing.csv'),
      file('empty.csv', ''),
    ];
    for (const path of cases) {
      const same = await importProducts(store.ctx, path, { thread: 'same' }).catch((e: unknown) => e);
      const worker = await builtImport(store.ctx, path, { thread: 'worker' }).catch((e: unknown) => e);
      expect(same).toBeInstanceOf(KassaError);
      expect(worker).toBeInstanceOf(BuiltKassaError);
      const { code, message, hint } = same as KassaError;
      expect(worker).toMatchObject({ code, message, hint });
      expect(store.db.inTransaction).toBe(false);
    }
  });

  it('stops the reading and rolls back when writing fails', async () => {
    const { importProducts: builtImport } = await built();
    const before = snapshot(store.db);
    const path = file('c.csv', catalogue(6000));
    let calls = 0;
    const failing = builtImport(store.ctx, path, {
      thread: 'worker',
      onError: 'skip',
      onProgress: () => {
        if (++calls === 3) throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(store.db.inTransaction).toBe(false);
    expect(snapshot(store.db)).toBe(before);
  });

  it('is used by the CLI for large files, with the same result', async () => {
    const path = file('large.csv', largeCatalogue());
    const expected = await importProducts(store.ctx, path, { onError: 'skip', thread: 'same' });
    const db = join(store.dir, 'cli.db');
    expect(kassa(['--db', db, 'init']).code).toBe(0);
    const r = kassa(['--db', db, 'products', 'import', path, '--on-error', 'skip', '--json']);
    expect(r.code).toBe(0);
    expect(json(r)).toMatchObject({
      rows: expected.rows,
      created: expected.created,
      rejected: expected.rejected,
      errors: expected.errors,
    });
  });
});

describe('reading from the sources (no compiled worker)', () => {
  it('a large file is read on the calling thread', async () => {
    const r = await importProducts(store.ctx, file('large.csv', largeCatalogue()), { onError: 'skip' });
    expect(r.rows).toBe(16_000);
  });

  it('asking for the worker says to build', async () => {
    const read = readCatalogueThreaded(file('c.csv', catalogue(10)), { vatRates: [], defaultVatCode: 'high' }, 'worker', true, () => {}, () => {});
    await expect(read).rejects.toThrow(/npm run build/);
  });
});
