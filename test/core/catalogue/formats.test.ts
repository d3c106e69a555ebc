import { readdirSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { createMapper, detectFormat, parseMapSpec } from '../../../src/core/catalogue/formats.js';
import type { CatalogueFormat, ImportedProduct } from '../../../src/core/catalogue/types.js';
import { KassaError } from '../../../src/core/errors.js';
import { csv, fixture, headerOf, product, RATES, records, run } from './helpers.js';

const KASSA_HEADER = 'sku,barcode,name,category,unit,price,vat,cost,stock,reorder_point,reorder_qty,supplier';


function thrown(fn: () => unknown): KassaError {
  try {
    fn();
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

describe('detectFormat', () => {
  const FILES: [file: string, format: CatalogueFormat | null, delimiter: string][] = [
    ['lightspeed__header_rseries_item_export.csv', 'lightspeed', ','],
    ['loyverse__header_items_export.csv', 'loyverse', ','],
    ['odoo__header_product_template_import.csv', 'odoo', ','],
    ['opensourcepos__header_import_items_current_with_bom.csv', 'opensourcepos', ','],
    ['opensourcepos__import_items_2018.csv', 'opensourcepos', ','],
    ['opensourcepos__import_items_2019.csv', 'opensourcepos', ','],
    ['prestashop__products_import.csv', 'prestashop', ';'],
    ['shopify__header_product_template_2017.csv', 'shopify', ','],
    ['shopify__header_product_template_2023.csv', 'shopify', ','],
    ['shopware__header_sw6_default_product_profile.csv', null, ';'],
    ['square__header_item_library_export_2025.csv', 'square', ','],
    ['woocommerce__header_sample_products_current.csv', 'woocommerce', ','],
    ['woocommerce__header_wc_exporter_2024_with_bom.csv', 'woocommerce', ','],
    ['woocommerce__importer_sample.csv', 'woocommerce', ','],
    ['woocommerce__sample_products.csv', 'woocommerce', ','],
  ];

  test('every CSV in fixtures/formats is in the table', () => {
    const files = readdirSync(new URL('../../../fixtures/formats/', import.meta.url)).filter((f) => f.endsWith('.csv'));
    expect(files.sort()).toEqual(FILES.map(([f]) => f).sort());
  });

  test.each(FILES)('%s → %s', (file, format, delimiter) => {
    const header = headerOf(file, delimiter);
    expect(detectFormat(header)).toBe(format);
    // and the mapper for it accepts the header: every required column is there
    if (format) expect(createMapper({ format, header, decimal: null, vatRates: RATES, defaultVatCode: 'high' }).format).toBe(format);
  });

  test('a byte order mark still on the first cell is ignored, there and when mapping', () => {
    const [head] = parse(fixture('opensourcepos__header_import_items_current_with_bom.csv'), { bom: false }) as string[][];
    expect(head?.[0]).toBe('\uFEFFId');
    expect(detectFormat(head ?? [])).toBe('opensourcepos');
    expect(detectFormat(['\uFEFFsku', 'name', 'price'])).toBe('kassa');
    const mapper = createMapper({ format: 'opensourcepos', header: head ?? [], decimal: null, vatRates: RATES, defaultVatCode: 'high' });
    const fields = (head ?? []).map(() => '');
    fields[0] = '12';
    fields[2] = 'Kaas';
    fields[6] = '4,50';
    fields[17] = '7';
    expect(head?.[17]).toBe('location_stock');
    expect(mapper.map(fields, 2).product).toEqual(
      product({ line: 2, sku: '12', name: 'Kaas', priceCents: 450, stockMilli: 7000 }),
    );
  });

  test('header cells are compared trimmed and case-insensitively', () => {
    expect(detectFormat([' SKU ', 'NAME', 'Price '])).toBe('kassa');
    expect(detectFormat(['Barcode', 'name', 'PRICE', 'vat'])).toBe('kassa');
    expect(detectFormat(['BARCODE', 'ITEM NAME', ' unit price', 'Tax 2 Name  '])).toBe('opensourcepos');
  });

  test('kassa needs name, price and sku or barcode; other headers are no format', () => {
    expect(detectFormat(KASSA_HEADER.split(','))).toBe('kassa');
    expect(detectFormat(['price', 'name', 'barcode'])).toBe('kassa');
    expect(detectFormat(['sku', 'name'])).toBeNull();
    expect(detectFormat(['ordernumber', '_name', 'price'])).toBeNull(); // needs --map: never 'mapped'
    expect(detectFormat([])).toBeNull();
  });

  test('a PrestaShop file split on the wrong delimiter is not recognised', () => {
    expect(detectFormat(headerOf('prestashop__products_import.csv', ','))).toBeNull();
  });

  test('Odoo import-compatible exports use technical field names', () => {
    const header = ['id', 'name', 'default_code', 'barcode', 'list_price', 'standard_price', 'categ_id'];
    expect(detectFormat(header)).toBe('odoo');
    const r = run('odoo', csv(header.join(','), '__export__.p_1,Thee,TH-1,,3.95,1.20,All / Dranken'));
    expect(r.products).toEqual([
      product({ line: 2, sku: 'TH-1', name: 'Thee', priceCents: 395, costCents: 120, category: 'All / Dranken' }),
    ]);
  });
});

describe('createMapper: required columns', () => {
  test('a missing required column names the column and lists the header found', () => {
    const e = thrown(() =>
      createMapper({ format: 'kassa', header: ['sku', 'name'], decimal: null, vatRates: RATES, defaultVatCode: 'high' }),
    );
    expect(e.code).toBe('IMPORT_FORMAT_UNKNOWN');
    expect(e.message).toContain('no "price" column');
    expect(e.message).toContain('header found: "sku", "name"');
    expect(e.hint).toContain('--map price=COLUMN');
  });

  test('kassa without sku and barcode', () => {
    const e = thrown(() =>
      createMapper({ format: 'kassa', header: ['name', 'price'], decimal: null, vatRates: RATES, defaultVatCode: 'high' }),
    );
    expect(e.code).toBe('IMPORT_FORMAT_UNKNOWN');
    expect(e.message).toContain('no "sku" or "barcode" column');
  });

  test('a Shopify file without Variant Price; --map can name another column', () => {
    const header = headerOf('shopify__header_product_template_2023.csv').filter((h) => h !== 'Variant Price');
    const e = thrown(() => createMapper({ format: 'shopify', header, decimal: null, vatRates: RATES, defaultVatCode: 'high' }));
    expect(e.code).toBe('IMPORT_FORMAT_UNKNOWN');
    expect(e.message).toContain('Shopify file has no "Variant Price" column');
    expect(e.message).toContain('"Handle", "Title", "Body (HTML)"');
    const m = createMapper({
      format: 'shopify',
      header,
      decimal: null,
      vatRates: RATES,
      defaultVatCode: 'high',
      map: { price: 'Price / International' },
    });
    expect(m.format).toBe('shopify');
  });

  test('WooCommerce without Regular price, PrestaShop without a price, Square without Item Name', () => {
    const cases: [CatalogueFormat, string[], string][] = [
      ['woocommerce', ['Type', 'SKU', 'Name'], '"Regular price"'],
      ['prestashop', ['Name *', 'Reference #'], '"Price tax excluded"'],
      ['square', ['Token', 'SKU', 'Price'], '"Item Name"'],
      ['lightspeed', ['System ID', 'Price'], '"Item"'],
      ['loyverse', ['Handle', 'SKU', 'Name'], '"Price [STORE]"'],
    ];
    for (const [format, header, column] of cases) {
      const e = thrown(() => createMapper({ format, header, decimal: null, vatRates: RATES, defaultVatCode: 'high' }));
      expect(e.code).toBe('IMPORT_FORMAT_UNKNOWN');
      expect(e.message).toContain(column);
    }
  });
});

describe('kassa format', () => {
  test('every column', () => {
    const r = run(
      'kassa',
      csv(KASSA_HEADER, `A-1,8712345678906|'4006381333931,Kaas jong,Zuivel,kg,"12,50",low,"8,00","3,250",1,5,Frico`),
    );
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.products).toEqual([
      {
        line: 2,
        sku: 'A-1',
        barcodes: ['8712345678906', '4006381333931'],
        name: 'Kaas jong',
        category: 'Zuivel',
        unit: 'kg',
        priceCents: 1250,
        vatCode: 'low',
        costCents: 800,
        stockMilli: 3250,
        reorderPointMilli: 1000,
        reorderQtyMilli: 5000,
        supplier: 'Frico',
      },
    ]);
  });

  test('order is free, optional columns may be absent, blanks are null, unknown columns ignored', () => {
    const r = run('kassa', csv('Price,Name,Barcode,notes', '2.95,  Brood  ,,vers', '1.00,Zak,4006381333931,'));
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringContaining('has neither sku nor barcode')]);
    expect(r.products).toEqual([product({ line: 3, name: 'Zak', barcodes: ['4006381333931'], priceCents: 100 })]);
  });

  test.each([
    ['piece', 'piece'],
    ['pcs', 'piece'],
    ['Stuk', 'piece'],
    ['st', 'piece'],
    ['kg', 'kg'],
    ['KG', 'kg'],
    ['', null],
  ])('unit %j → %j', (text, unit) => {
    const r = run('kassa', csv('sku,name,price,unit', `X,Ding,1,${text}`));
    expect(r.products[0]?.unit).toBe(unit);
  });

  test('an unknown unit is an issue', () => {
    const r = run('kassa', csv('sku,name,price,unit', 'X,Ding,1,doos'));
    expect(r.products).toEqual([]);
    expect(r.issues).toEqual([{ line: 2, column: 'unit', columnNo: 4, value: 'doos', message: 'is not a unit: use piece or kg' }]);
  });

  test.each([
    ['high', 'high'],
    ['HIGH', 'high'],
    ['21', 'high'],
    ['21%', 'high'],
    ['21 %', 'high'],
    ['21.00', 'high'],
    ['9,0', 'low'],
    ['9', 'low'],
    ['0', 'zero'],
    ['exempt', 'exempt'],
    ['', null],
  ])('vat %j → %j', (text, code) => {
    const r = run('kassa', csv('sku,name,price,vat', `X,Ding,1,"${text}"`));
    expect(r.issues).toEqual([]);
    expect(r.products[0]?.vatCode).toBe(code);
  });

  test.each(['8', '6 %', 'hoog', '21,5'])('vat %j is not a rate of this store: the issue lists the store rates', (text) => {
    const r = run('kassa', csv('sku,name,price,vat', `X,Ding,1,"${text}"`));
    expect(r.products).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 2, column: 'vat', columnNo: 4, value: text });
    expect(r.issues[0]?.message).toContain('is not a VAT rate of this store');
    expect(r.issues[0]?.message).toContain('high 21%, low 9%, zero 0%, exempt (no VAT)');
  });

  test.each([
    ['12.50', 1250],
    ['12,50', 1250],
    ['€ 12,50', 1250],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['0', 0],
    ['7', 700],
  ])('price %j → %i cents', (text, cents) => {
    const r = run('kassa', csv('sku,name,price', `X,Ding,"${text}"`));
    expect(r.products[0]?.priceCents).toBe(cents);
  });

  test('a bad amount: column name and number, value, and why', () => {
    const r = run('kassa', csv(KASSA_HEADER, 'X,,Ding,,,"12,5O",,,,,,'));
    expect(r.products).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 2, column: 'price', columnNo: 6, value: '12,5O' });
    expect(r.issues[0]?.message).toContain("is not an amount: 'O' is not a digit");
    expect(r.issues[0]?.message).toContain('(expected e.g. 12.50 or 12,50)');
  });

  test('12.345 is ambiguous unless the file’s decimal mark is given', () => {
    const text = csv('sku,name,price', 'X,Ding,12.345');
    expect(run('kassa', text).issues[0]?.message).toContain('is not an amount: ambiguous');
    expect(run('kassa', text, { decimal: ',' }).products[0]?.priceCents).toBe(1234500);
    expect(run('kassa', csv('sku,name,price', 'X,Ding,"12,5"'), { decimal: '.' }).issues[0]?.message).toContain(
      'is not an amount',
    );
  });

  test('a negative price or cost is an issue', () => {
    const r = run('kassa', csv('sku,name,price,cost', 'X,Ding,-1.00,2', 'Y,Ding,1,-0.50'));
    expect(r.products).toEqual([]);
    expect(r.issues.map((i) => [i.column, i.message])).toEqual([
      ['price', 'is negative: a price cannot be below 0'],
      ['cost', 'is negative: a cost cannot be below 0'],
    ]);
  });

  test('quantities: in kg for kg, pieces otherwise; a bad one is an issue', () => {
    const r = run('kassa', csv('sku,name,price,unit,stock,reorder_point', 'A,Kaas,1,kg,"0,350",2', 'B,Ding,1,piece,12,', 'C,X,1,,veel,'));
    expect(r.products.map((p) => [p.sku, p.stockMilli, p.reorderPointMilli])).toEqual([
      ['A', 350, 2000],
      ['B', 12000, null],
    ]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 4, column: 'stock', columnNo: 5, value: 'veel' });
    expect(r.issues[0]?.message).toContain('is not a quantity');
  });

  test('a blank name is an issue', () => {
    const r = run('kassa', csv('sku,name,price', 'X,  ,1'));
    expect(r.products).toEqual([]);
    expect(r.issues).toEqual([{ line: 2, column: 'name', columnNo: 2, value: '  ', message: 'has no name: every product needs one' }]);
  });

  test('a row with neither sku nor barcode is an issue', () => {
    const r = run('kassa', csv('sku,barcode,name,price', ' , ,Ding,1'));
    expect(r.products).toEqual([]);
    expect(r.issues[0]?.message).toContain('has neither sku nor barcode');
  });

  test('a barcode in scientific notation is refused: the real code is lost', () => {
    const r = run('kassa', csv('sku,barcode,name,price', 'X,8.71E+12,Ding,1', 'Y,"8,71234E+12",Ding,1'));
    expect(r.products).toEqual([]);
    expect(r.issues[0]).toEqual({
      line: 2,
      column: 'barcode',
      columnNo: 2,
      value: '8.71E+12',
      message:
        '"8.71E+12" looks like a number mangled by a spreadsheet (scientific notation); the real barcode is lost — re-export the column as text',
    });
    expect(r.issues[1]?.message).toContain('looks like a number mangled by a spreadsheet');
    expect(r.issues).toHaveLength(2); // not also "has neither sku nor barcode"
  });

  test('a wrong check digit is a warning; the row is imported', () => {
    const r = run('kassa', csv('sku,barcode,name,price', 'X,8712345678901,Ding,1', 'Y,33333334,Ding,1', 'Z,036000291453,Ding,1'));
    expect(r.issues).toEqual([]);
    expect(r.products.map((p) => p.barcodes)).toEqual([['8712345678901'], ['33333334'], ['0036000291453']]);
    expect(r.warnings.map((w) => [w.line, w.column, w.value])).toEqual([
      [2, 'barcode', '8712345678901'],
      [3, 'barcode', '33333334'],
      [4, 'barcode', '036000291453'],
    ]);
    expect(r.warnings[0]?.message).toContain('has a wrong check digit for an EAN-13: expected 6, found 1');
    expect(r.warnings[1]?.message).toContain('for an EAN-8: expected 5');
    expect(r.warnings[2]?.message).toContain('for a UPC-A: expected 2');
  });

  test('barcodes: trimmed, apostrophe stripped, normalised, deduplicated; other codes as they are', () => {
    const r = run(
      'kassa',
      csv(
        'sku,barcode,name,price',
        `A," '8712345678906 ",Ding,1`,
        'B,036000291452|0036000291452|00036000291452,Ding,1',
        'C,ABC-123|12345||,Ding,1',
      ),
    );
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.products.map((p) => p.barcodes)).toEqual([['8712345678906'], ['0036000291452'], ['ABC-123', '12345']]);
  });

  test('blank records are passed over without an issue and are not counted as skipped', () => {
    const mapper = createMapper({ format: 'kassa', header: ['sku', 'name', 'price'], decimal: null, vatRates: RATES, defaultVatCode: 'high' });
    expect(mapper.map(['', ' ', ''], 2)).toEqual({ product: null, issues: [], warnings: [] });
    expect(mapper.map([''], 3)).toEqual({ product: null, issues: [], warnings: [] });
    expect(mapper.skipped).toBe(0);
    expect(mapper.finish()).toEqual([]);
  });

  test('a short record reads its missing cells as blank', () => {
    const mapper = createMapper({ format: 'kassa', header: KASSA_HEADER.split(','), decimal: null, vatRates: RATES, defaultVatCode: 'high' });
    expect(mapper.map(['X', '', 'Ding', '', '', '1'], 7).product).toEqual(product({ line: 7, sku: 'X', name: 'Ding', priceCents: 100 }));
  });
});

describe('--map', () => {
  test('parseMapSpec', () => {
    expect(parseMapSpec('sku=ordernumber,price=price,name=_name')).toEqual({ sku: 'ordernumber', price: 'price', name: '_name' });
    expect(parseMapSpec(' SKU = Artikel nr , reorder_point=min,')).toEqual({ sku: 'Artikel nr', reorder_point: 'min' });
  });

  test('an unknown field is a usage error listing the fields', () => {
    const e = thrown(() => parseMapSpec('sku=a,prijs=b'));
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain('"prijs" is not a Kassa field');
    expect(e.hint).toContain('sku, barcode, name, category, unit, price, vat, cost, stock, reorder_point, reorder_qty, supplier');
  });

  test.each([
    ['', '--map is empty'],
    ['sku', 'say which column holds the sku'],
    ['sku=', 'say which column holds the sku'],
    ['sku=a,sku=b', 'names the sku twice'],
  ])('parseMapSpec(%j) is a usage error', (spec, message) => {
    const e = thrown(() => parseMapSpec(spec));
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain(message);
  });

  const SHOPWARE5 = 'ordernumber;mainnumber;_name;price;ean;btw;voorraad';

  test('mapped: any header, values parsed as in the kassa format', () => {
    const r = run('mapped', csv(SHOPWARE5, 'SW1;SW1;Bier;"1,95";8712345678906|4006381333931;9%;24', 'SW2;SW1;Wijn;"7,50";;21;'), {
      delimiter: ';',
      map: parseMapSpec('sku=ordernumber,price=price,name=_name,barcode=ean,vat=btw,stock=voorraad'),
    });
    expect(r.issues).toEqual([]);
    expect(r.products).toEqual([
      product({ line: 2, sku: 'SW1', name: 'Bier', priceCents: 195, barcodes: ['8712345678906', '4006381333931'], vatCode: 'low', stockMilli: 24000 }),
      product({ line: 3, sku: 'SW2', name: 'Wijn', priceCents: 750, vatCode: 'high' }),
    ]);
  });

  test('mapped without a name or a key is a usage error; without a price it is not', () => {
    const e = thrown(() =>
      createMapper({ format: 'mapped', header: SHOPWARE5.split(';'), decimal: null, vatRates: RATES, defaultVatCode: 'high', map: { price: 'price' } }),
    );
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain('--map does not say which column holds the name, the sku or barcode');
    const mapper = createMapper({
      format: 'mapped',
      header: SHOPWARE5.split(';'),
      decimal: null,
      vatRates: RATES,
      defaultVatCode: 'high',
      map: { sku: 'ordernumber', name: '_name' },
    });
    const r = mapper.map(['SW1', 'SW1', 'Bier', '1,95', '', '', ''], 2);
    expect(r.issues).toEqual([]);
    expect(r.product).toMatchObject({ sku: 'SW1', name: 'Bier', priceCents: null });
  });

  test('a mapped column missing from the file is a usage error listing the header', () => {
    const e = thrown(() =>
      createMapper({
        format: 'mapped',
        header: SHOPWARE5.split(';'),
        decimal: null,
        vatRates: RATES,
        defaultVatCode: 'high',
        map: { sku: 'ordernumber', name: '_name', price: 'Prijs' },
      }),
    );
    expect(e.code).toBe('USAGE');
    expect(e.message).toContain('the file has no column "Prijs"');
    expect(e.hint).toContain('"ordernumber", "mainnumber", "_name"');
  });

  test('an override on a known format replaces that field only', () => {
    const r = run('woocommerce', fixture('woocommerce__sample_products.csv'), { map: { sku: 'ID', vat: 'Tax status' } });
    // 'taxable' is no VAT rate: the override is parsed as in the kassa format
    expect(r.issues[0]?.message).toContain('is not a VAT rate of this store');
    const r2 = run('woocommerce', fixture('woocommerce__sample_products.csv'), { map: { sku: 'ID' } });
    expect(r2.issues).toEqual([]);
    expect(r2.products[0]).toMatchObject({ sku: '743', name: 'Hoodie with Pocket and  Logo' });
    expect(r2.products.find((p) => p.sku === '758')).toMatchObject({ name: 'Hoodie - Red, No', priceCents: 4200 });
  });
});

test('records() reports the line each record starts on', () => {
  expect(records('a,b\n1,"x\ny"\n\n2,3\n').map((r) => r.line)).toEqual([1, 2, 5]);
});

describe('ragged records', () => {
  test('a record with more fields than the header is refused, naming the line', () => {
    const mapper = createMapper({ format: 'kassa', header: ['sku', 'name', 'price'], decimal: null, vatRates: RATES, defaultVatCode: 'high' });
    const r = mapper.map(['A1', 'Kaas', ' jong', '4.50'], 9);
    expect(r.product).toBeNull();
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 9 });
    expect(r.issues[0]!.message).toContain('has 4 fields where the header has 3');
  });
});
