import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importProducts, type ImportOptions } from '../../../src/services/import/import-products.js';
import { exportProducts, findProduct, searchProducts } from '../../../src/services/products.js';
import { setConfig } from '../../../src/services/config.js';
import { KassaError } from '../../../src/core/errors.js';
import { snapshot, tempStore } from '../../helpers/store.js';

const FIX = join(import.meta.dirname, '..', '..', '..', 'fixtures');
let store: ReturnType<typeof tempStore>;
beforeEach(() => {
  store = tempStore();
});
afterEach(() => store.cleanup());

function file(name: string, text: string | Buffer): string {
  const path = join(store.dir, name);
  writeFileSync(path, text);
  return path;
}
const run = (path: string, opts: ImportOptions = {}) => importProducts(store.ctx, path, opts);
const count = (sql: string): number => store.db.prepare(sql).pluck().get() as number;

/** stock always equals the sum of its movements */
function expectStockIsSumOfMovements(): void {
  const off = store.db
    .prepare(
      `SELECT p.sku, p.stock_milli, coalesce((SELECT sum(delta_milli) FROM stock_movements m WHERE m.product_id = p.id), 0) AS moved
       FROM products p WHERE p.stock_milli != coalesce((SELECT sum(delta_milli) FROM stock_movements m WHERE m.product_id = p.id), 0)`,
    )
    .all();
  expect(off).toEqual([]);
}

const HEADER = 'sku,barcode,name,category,unit,price,vat,cost,stock,reorder_point,reorder_qty,supplier\n';

describe('kassa format', () => {
  it('imports the demo catalogue, stock as movements', async () => {
    const r = await run(join(FIX, 'demo', 'catalogue.csv'));
    expect(r).toMatchObject({ format: 'kassa', rows: 30, created: 30, updated: 0, unchanged: 0, rejected: 0, committed: true });
    const kaas = findProduct(store.ctx, 'KAAS-001')!;
    expect(kaas).toMatchObject({ unit: 'kg', priceCents: 1495, vatCode: 'low', vatBp: 900, stockMilli: 6250, costCents: 840 });
    expect(findProduct(store.ctx, '8712439011619')?.sku).toBe('BELEG-001');
    expect(count("SELECT count(*) FROM stock_movements WHERE reason = 'import'")).toBe(30);
    expectStockIsSumOfMovements();
  });

  it('import, export, import again changes nothing, and the export reads back the same', async () => {
    await run(join(FIX, 'demo', 'catalogue.csv'));
    const exported = join(store.dir, 'export.csv');
    await exportProducts(store.ctx, exported);
    const catalogue = ['products', 'barcodes', 'stock_movements', 'products_fts'];
    const before = snapshot(store.db, catalogue);
    const again = await run(exported);
    expect(again).toMatchObject({ rows: 30, created: 0, updated: 0, unchanged: 30, rejected: 0 });
    expect(snapshot(store.db, catalogue)).toBe(before);
    const second = join(store.dir, 'export2.csv');
    await exportProducts(store.ctx, second);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(exported, 'utf8'));
  });

  it('updates what changed and records the stock difference as a movement', async () => {
    await run(file('a.csv', HEADER + 'K1,8712439011619,Pindakaas,Beleg,piece,3.29,low,1.85,20,6,12,Van Dijk\nK2,,Brood,,piece,2.00,low,,5,,,\n'));
    const r = await run(file('b.csv', HEADER + 'K1,,Pindakaas groot,Beleg,piece,"3,49",low,,17,,,\nK2,,Brood,,piece,2.00,low,,5,,,\n'));
    expect(r).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const p = findProduct(store.ctx, 'K1')!;
    expect(p).toMatchObject({ name: 'Pindakaas groot', priceCents: 349, stockMilli: 17000, costCents: 185, supplier: 'Van Dijk' });
    expect(p.barcodes).toEqual(['8712439011619']); // a blank barcode cell keeps the codes
    const moves = store.db.prepare("SELECT delta_milli FROM stock_movements WHERE product_id = ? ORDER BY id").pluck().all(p.id);
    expect(moves).toEqual([20000, -3000]);
    expectStockIsSumOfMovements();
    expect(searchProducts(store.ctx, 'groot').map((x) => x.sku)).toEqual(['K1']);
  });

  it('several barcodes per product, and UPC-A found as its EAN-13', async () => {
    await run(file('a.csv', HEADER + 'C1,036000291452|4006381333931,Cola,,piece,1.00,high,,,,,\n'));
    const p = findProduct(store.ctx, '0036000291452')!;
    expect(p.sku).toBe('C1');
    expect(p.barcodes).toEqual(['0036000291452', '4006381333931']);
    expect(findProduct(store.ctx, '036000291452')?.sku).toBe('C1');
  });
});

describe('bad input loses nothing', () => {
  const BAD =
    HEADER +
    'A1,8710398503565,Goed,,piece,1.00,high,,1,,,\n' +
    'A2,,Prijs fout,,piece,"12,5O",high,,1,,,\n' +
    'A3,8.71E+12,Excel,,piece,1.00,high,,1,,,\n' +
    'A4,,,,piece,1.00,high,,1,,,\n' +
    'A5,,Goed ook,,piece,2.00,high,,1,,,\n';

  it('abort: nothing is written and every bad row is listed with line, column and value', async () => {
    await run(join(FIX, 'demo', 'catalogue.csv'));
    const before = snapshot(store.db);
    const r = await run(file('bad.csv', BAD));
    expect(r).toMatchObject({ rows: 5, rejected: 3, committed: false });
    expect(snapshot(store.db)).toBe(before);
    expect(r.errors.map((e) => [e.line, e.column, e.value])).toEqual([
      [3, 'price', '12,5O'],
      [4, 'barcode', '8.71E+12'],
      [5, 'name', ''],
    ]);
    expect(r.errors[0]!.message).toContain('is not an amount');
    expect(r.errors[0]!.columnNo).toBe(6);
    expect(r.errors[1]!.message).toContain('scientific notation');
  });

  it('skip: imports the good rows and writes the bad ones with a reason', async () => {
    const rejects = join(store.dir, 'rejected.csv');
    const r = await run(file('bad.csv', BAD), { onError: 'skip', rejectsPath: rejects });
    expect(r).toMatchObject({ created: 2, rejected: 3, committed: true });
    expect(findProduct(store.ctx, 'A5')?.name).toBe('Goed ook');
    expect(findProduct(store.ctx, 'A2')).toBeUndefined();
    const lines = readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(HEADER.trim() + ',reason');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^A2,,Prijs fout,,piece,"12,5O",high,,1,,,,"?line 3: price .*not an amount/);
    expect(lines[2]).toContain('A3,8.71E+12,Excel');
  });

  it('the same SKU twice in one file is reported with both lines', async () => {
    const r = await run(file('dup.csv', HEADER + 'D1,,Een,,piece,1.00,high,,,,,\nD2,,Twee,,piece,1.00,high,,,,,\nD1,,Een weer,,piece,1.00,high,,,,,\n'));
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ line: 4, column: 'sku' });
    expect(r.errors[0]!.message).toContain('first at line 2');
    expect(count('SELECT count(*) FROM products')).toBe(0);
  });

  it('a barcode on two products is refused', async () => {
    const r = await run(file('dup.csv', HEADER + 'B1,8710398503565,Een,,piece,1.00,high,,,,,\nB2,8710398503565,Twee,,piece,1.00,high,,,,,\n'));
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ line: 3, column: 'barcode', value: '8710398503565' });
    expect(r.errors[0]!.message).toContain('line 2');
  });

  it('a wrong check digit is a warning, and the row is imported', async () => {
    const r = await run(file('w.csv', HEADER + 'W1,8710398503562,Fout cijfer,,piece,1.00,high,,,,,\n'));
    expect(r).toMatchObject({ created: 1, rejected: 0, warnings: 1 });
    expect(r.warningList[0]!.message).toMatch(/check digit/);
    expect(findProduct(store.ctx, '8710398503562')?.sku).toBe('W1');
  });

  it('dry run reports what would change and writes nothing', async () => {
    const before = snapshot(store.db);
    const r = await run(join(FIX, 'demo', 'catalogue.csv'), { dryRun: true });
    expect(r).toMatchObject({ created: 30, committed: false, dryRun: true });
    expect(snapshot(store.db)).toBe(before);
  });

  it('a file that is not CSV says where it broke, and nothing is written', async () => {
    const before = snapshot(store.db);
    await expect(run(join(FIX, 'quirks', 'null_byte.csv'), { map: { sku: 'a', name: 'b', price: 'c' } })).rejects.toThrow(/line 2.*NUL/);
    await expect(run(file('q.csv', HEADER + 'Q1,,"Open quote,,piece,1.00,high,,,,,\n'))).rejects.toThrow(KassaError);
    expect(snapshot(store.db)).toBe(before);
  });

  it('an unknown format asks for --format or --map', async () => {
    await expect(run(join(FIX, 'quirks', 'blanks.csv'))).rejects.toThrow(/not a catalogue format/);
  });

  it('a record with too many fields is rejected', async () => {
    const r = await run(join(FIX, 'quirks', 'bad.csv'), { map: { sku: 'column_a', name: 'column_b', price: 'column_c' } });
    expect(r.errors.map((e) => e.line)).toContain(2);
    expect(r.errors.find((e) => e.line === 2)!.message).toContain('has 4 fields where the header has 3');
  });
});

describe('other systems', () => {
  it('WooCommerce sample catalogue: variations named after their parent', async () => {
    const r = await run(join(FIX, 'formats', 'woocommerce__sample_products.csv'));
    expect(r.format).toBe('woocommerce');
    expect(r.rejected).toBe(0);
    expect(r.created).toBeGreaterThan(15);
    const names = store.db.prepare('SELECT name FROM products').pluck().all() as string[];
    expect(names.some((n) => /^T-Shirt - /.test(n))).toBe(true);
    expectStockIsSumOfMovements();
  });

  it('Open Source POS: 8 % VAT is not a Dutch rate until the store adds it', async () => {
    const path = join(FIX, 'formats', 'opensourcepos__import_items_2018.csv');
    const refused = await run(path);
    expect(refused.rejected).toBe(1);
    expect(refused.errors[0]!.message).toContain('high 21%');
    setConfig(store.ctx, 'vat.eight', '8');
    const r = await run(path);
    expect(r).toMatchObject({ format: 'opensourcepos', created: 1, rejected: 0 });
    const p = findProduct(store.ctx, '33333334')!;
    expect(p).toMatchObject({ name: 'Apple iMac', priceCents: 120000, vatCode: 'eight', costCents: 80000, stockMilli: 100000 });
  });

  it('PrestaShop: semicolons, tax-excluded prices converted', async () => {
    const r = await run(join(FIX, 'formats', 'prestashop__products_import.csv'), { onError: 'skip' });
    expect(r.format).toBe('prestashop');
    expect(r.created).toBeGreaterThan(0);
    const ipod = store.db.prepare("SELECT price_cents FROM products WHERE name = 'iPod Nano'").pluck().get();
    expect(ipod).toBe(12100); // 100.00 excl. + 21 %
  });

  it('Shopware export via --map: semicolons, decimal commas, umlauts, in UTF-8 and Windows-1252 alike', async () => {
    const map = { sku: 'ordernumber', price: 'price', name: '_name', supplier: '_supplier' };
    const utf8 = await run(join(FIX, 'quirks', 'shopware5_prices_semicolon_decimal_comma.csv'), { map });
    expect(utf8).toMatchObject({ format: 'mapped', rejected: 0 });
    expect(utf8.created + utf8.rejected).toBeGreaterThan(50);
    const p = findProduct(store.ctx, 'SW10002.1')!;
    expect(p).toMatchObject({ name: 'Münsterländer Lagerkorn 32%', priceCents: 5999, supplier: 'Feinbrennerei Sasse' });
    const before = snapshot(store.db);
    const cp1252 = await run(join(FIX, 'quirks', 'shopware5_prices_windows1252.csv'), { map });
    expect(cp1252).toMatchObject({ created: 0, updated: 0, unchanged: utf8.created });
    expect(snapshot(store.db).length).toBeGreaterThan(before.length - 1);
  });

  it('UTF-16 and CR-only files decode', async () => {
    const r = await run(join(FIX, 'quirks', 'test_utf16_big.csv'), { map: { sku: 'a', price: 'b', name: 'c' } });
    expect(r.created).toBe(2);
    expect(findProduct(store.ctx, '4')?.name).toBe('ʤ');
    const mac = await run(join(FIX, 'quirks', 'mac_newlines.csv'), { map: { name: 'a', sku: 'b', price: 'c' } });
    expect(mac.created).toBe(2);
    expect(findProduct(store.ctx, '5')?.name).toBe('Once upon\ra time');
  });

  it('"1,7" in a comma-separated file is 1.70', async () => {
    await run(join(FIX, 'quirks', 'test_locale.csv'), { map: { price: 'a', sku: 'b', name: 'b' } });
    expect(findProduct(store.ctx, '200.000.000')?.priceCents).toBe(170);
  });
});

describe('Open Food Facts', () => {
  it('1,000 Dutch products: names and barcodes, one bad check digit warned about', async () => {
    const r = await run(join(FIX, 'products', 'off_nl_sample1000.csv'), { map: { barcode: 'barcode', name: 'product_name' } });
    expect(r).toMatchObject({ rows: 1000, rejected: 0 });
    expect(r.created).toBe(1000);
    expect(r.warningList.filter((w) => /check digit/.test(w.message))).toHaveLength(1);
    expect(findProduct(store.ctx, '8710161004251')?.name).toBe('Sambal Oelek');
  });

  it('the full Dutch set: the four bad check digits are warnings, the barcode that comes twice is refused', async () => {
    const bad = readFileSync(join(FIX, 'products', 'off_nl_full_bad_check_digits.txt'), 'utf8').match(/\d{8,14}/g)!;
    expect(bad).toHaveLength(4);
    const path = join(FIX, 'products', 'off_nl_full.csv');
    const map = { barcode: 'barcode_id', name: 'product_name' };
    const aborted = await run(path, { map });
    expect(aborted).toMatchObject({ rows: 14970, rejected: 1, committed: false });
    expect(aborted.errors[0]!.message).toContain('appears twice');
    expect(count('SELECT count(*) FROM products')).toBe(0);
    const r = await run(path, { map, onError: 'skip' });
    expect(r).toMatchObject({ created: 14969, rejected: 1, committed: true });
    const warned = r.warningList.filter((w) => /check digit/.test(w.message)).map((w) => w.value);
    expect(warned.sort()).toEqual([...bad].sort());
  });

  it('an Excel-damaged export: every barcode in scientific notation is refused', async () => {
    const r = await run(join(FIX, 'products', 'openfoodfacts_excel_damaged.csv'), { map: { barcode: 'code', name: 'product_name' } });
    expect(r.committed).toBe(false);
    expect(r.rejected).toBeGreaterThanOrEqual(1253);
    expect(r.errors[0]!.message).toContain('scientific notation');
    expect(count('SELECT count(*) FROM products')).toBe(0);
  });

  it('the 164-column TSV export', async () => {
    const r = await run(join(FIX, 'products', 'openfoodfacts_export_2019.tsv'), {
      map: { barcode: 'code', name: 'product_name' },
      onError: 'skip',
    });
    expect(r.rows).toBe(1541);
    expect(r.created).toBeGreaterThan(1000);
    expect(r.created + r.rejected + r.unchanged + r.updated).toBeLessThanOrEqual(1541);
  });
});

describe('rows the importer must not guess at', () => {
  it('new products without a price: one warning for all of them, created at 0.00', async () => {
    const r = await run(file('np.csv', 'sku,name\nNP1,Zonder prijs\nNP2,Ook zonder\n'), { map: { sku: 'sku', name: 'name' } });
    expect(r).toMatchObject({ created: 2, warnings: 1 });
    expect(r.warningList[0]).toMatchObject({ line: 2, column: 'price' });
    expect(r.warningList[0]!.message).toContain('2 new products have no price');
    expect(findProduct(store.ctx, 'NP2')?.priceCents).toBe(0);
  });

  it.each(['constructor', 'toString', 'liter'])('a unit "%s" is refused', async (unit) => {
    const r = await run(file('u.csv', `sku,name,price,unit\nU1,Ding,1.00,${unit}\n`));
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ column: 'unit', value: unit });
  });
});

describe('what the review found', () => {
  it('a product known only by its barcode gets its SKU from a later file', async () => {
    await run(file('supplier.csv', 'barcode,name,price\n8712439011619,Pindakaas,3.29\n'));
    const r = await run(file('own.csv', 'sku,barcode,name,price\nBELEG-001,8712439011619,Pindakaas,3.49\n'));
    expect(r).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    expect(findProduct(store.ctx, 'BELEG-001')).toMatchObject({ priceCents: 349, barcodes: ['8712439011619'] });
    expect(count('SELECT count(*) FROM products')).toBe(1);
  });

  it('a barcode of a product with another SKU is still refused, naming that SKU', async () => {
    await run(file('a.csv', 'sku,barcode,name,price\nX1,8712439011619,Een,1.00\n'));
    const r = await run(file('b.csv', 'sku,barcode,name,price\nX2,8712439011619,Twee,1.00\n'));
    expect(r.rejected).toBe(1);
    expect(r.errors[0]!.message).toBe('already belongs to SKU X1');
  });

  it('"1.500" pieces is refused as a fraction of a piece; 1.500 kg is fine', async () => {
    const r = await run(file('q.csv', 'sku,name,price,unit,stock\nQ1,Bier,1.00,piece,1.500\nQ2,Kaas,9.95,kg,1.500\n'));
    expect(r.rejected).toBe(1);
    expect(r.errors[0]).toMatchObject({ line: 2, column: 'stock', value: '1.500' });
    expect(r.errors[0]!.message).toContain('for 1500 pieces write it without a separator');
  });

  it('--map also overrides single fields of a recognised format', async () => {
    const r = await run(join(FIX, 'formats', 'woocommerce__sample_products.csv'), { map: { sku: 'ID' } });
    expect(r.format).toBe('woocommerce');
    expect(r.rejected).toBe(0);
    expect(findProduct(store.ctx, '741')).toBeUndefined(); // the variable parent is not sold itself
    expect(count("SELECT count(*) FROM products WHERE sku GLOB '[0-9]*'")).toBe(r.created);
  });

  it('the rejects file never overwrites the input or the store, and nothing is written when it cannot be made', async () => {
    const path = file('in.csv', 'sku,name,price\nR1,Goed,1.00\nR2,Fout,x\n');
    const before = snapshot(store.db);
    for (const target of [path, store.path, `${store.path}-wal`]) {
      await expect(run(path, { onError: 'skip', rejectsPath: target })).rejects.toThrow(/would overwrite/);
    }
    await expect(run(path, { onError: 'skip', rejectsPath: join(store.dir, 'no', 'such', 'dir.csv') })).rejects.toThrow(/cannot write/);
    expect(snapshot(store.db)).toBe(before);
    expect(readFileSync(path, 'utf8')).toContain('R2,Fout,x');
  });

  it('a rejects file from an earlier run is replaced even when nothing is rejected', async () => {
    const rejects = join(store.dir, 'rej.csv');
    await run(file('a.csv', 'sku,name,price\nR1,Fout,x\n'), { onError: 'skip', rejectsPath: rejects });
    expect(readFileSync(rejects, 'utf8')).toContain('R1,Fout,x');
    await run(file('b.csv', 'sku,name,price\nR2,Goed,1.00\n'), { onError: 'skip', rejectsPath: rejects });
    expect(readFileSync(rejects, 'utf8')).toBe('sku,name,price,reason\n');
  });

  it('a CSV syntax error names the file', async () => {
    await expect(run(file('broken.csv', 'sku,name,price\nB1,"Kaas"x,1.00\n'))).rejects.toThrow(/broken\.csv: line 2/);
  });

  it('export never overwrites the store', async () => {
    await expect(exportProducts(store.ctx, store.path)).rejects.toThrow(/would overwrite/);
    expect(count('SELECT count(*) FROM vat_rates')).toBe(4);
  });
});

describe('headers', () => {
  it('a column the import uses that appears twice is refused, naming both', async () => {
    await expect(run(file('dup-head.csv', 'sku,name,price,price\nD1,Dup,1.00,2.00\n'))).rejects.toThrow(
      /column "price" twice \(columns 3 and 4\)/,
    );
  });
});

describe('late Windows-1252', () => {
  it('an Excel export whose first accent comes after 64 KiB imports, and its rejects read back', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `L${i},Product number ${i} plain ascii text,1.00`).join('\r\n');
    const tail = Buffer.from([...Buffer.from('\r\nLAST,Caf'), 0xe9, ...Buffer.from(' cr'), 0xe8, ...Buffer.from('me,2.50\r\nBAD,Fout,x\r\n')]);
    const path = file('late.csv', Buffer.concat([Buffer.from('sku,name,price\r\n' + rows), tail]));
    const rejects = join(store.dir, 'late-rejects.csv');
    const r = await run(path, { onError: 'skip', rejectsPath: rejects });
    expect(r).toMatchObject({ created: 3001, rejected: 1 });
    expect(findProduct(store.ctx, 'LAST')?.name).toBe('Café crème');
    expect(readFileSync(rejects, 'utf8')).toContain('BAD,Fout,x');
  });
});
