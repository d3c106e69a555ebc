/** Each system's export: real sample files where we have them, hand-written rows under real headers where we have only those. */
import { describe, expect, test } from 'vitest';
import type { ImportedProduct, VatRate } from '../../../src/core/catalogue/types.js';
import { csv, fixture, headerOf, product, RATES, rowsFor, run, runRecords } from './helpers.js';


describe('woocommerce', () => {
  test('sample_products.csv: simple products, variations named from their parent, the rest skipped', () => {
    const r = run('woocommerce', fixture('woocommerce__sample_products.csv'));
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
    // 24 rows: 2 variable parents (their 9 variations are imported), 1 grouped, 1 external
    expect(r.products).toHaveLength(20);
    expect(r.skipped).toBe(4);
    const skus = r.products.map((p) => p.sku);
    for (const gone of ['cc-tee', 'cc-hoodie', 'cc-logo-collection', 'cp-donation']) expect(skus).not.toContain(gone);

    const bySku = (sku: string) => r.products.find((p) => p.sku === sku);
    // sale price wins over the regular price; first category path as it is
    expect(bySku('cc-beanie')).toEqual(
      product({ line: 5, sku: 'cc-beanie', name: 'Beanie', category: 'Clothing > Accessories', priceCents: 1800 }),
    );
    expect(bySku('cc-sunglasses')).toEqual(
      product({ line: 8, sku: 'cc-sunglasses', name: 'Sunglasses', category: 'Clothing > Accessories', priceCents: 9000 }),
    );
    // "simple, downloadable, virtual" is simple
    expect(bySku('cc-single')).toEqual(product({ line: 11, sku: 'cc-single', name: 'Single', category: 'Music', priceCents: 200 }));
    // variations: parent name + attribute values; category from the parent
    expect(bySku('cc-hoodie-red')).toEqual(
      product({ line: 12, sku: 'cc-hoodie-red', name: 'Hoodie - Red, No', category: 'Clothing > Hoodies', priceCents: 4200 }),
    );
    expect(bySku('cc-hoodie-green-logo')).toEqual(
      product({ line: 25, sku: 'cc-hoodie-green-logo', name: 'Hoodie - Green, Yes', category: 'Clothing > Hoodies', priceCents: 4500 }),
    );
    // a blank attribute value ("any size") is left out
    expect(bySku('cc-t-shirt-blue')).toEqual(
      product({ line: 19, sku: 'cc-t-shirt-blue', name: 'T-Shirt - Blue', category: 'Clothing > Tshirts', priceCents: 2500 }),
    );
  });

  test('importer sample.csv: stock, "A, A > B" categories, variations without SKU are issues', () => {
    const r = run('woocommerce', fixture('woocommerce__importer_sample.csv'));
    expect(r.products).toEqual([
      product({ line: 2, sku: 'WOOLOGO', name: 'Woo Logo', category: 'Clothing', priceCents: 1800, stockMilli: 5000 }),
      product({ line: 3, sku: 'WOOALBUM', name: 'Woo Album #1', category: 'Music > Albums', priceCents: 500 }),
    ]);
    // external (line 4), the variable parent WOOIDEA (its variations refer to it), grouped (line 8)
    expect(r.skipped).toBe(3);
    expect(r.issues.map((i) => [i.line, i.column, i.message])).toEqual([
      [6, 'SKU', expect.stringContaining('has neither sku nor barcode')],
      [7, 'SKU', expect.stringContaining('has neither sku nor barcode')],
    ]);
  });

  test('the header-only exports are accepted', () => {
    for (const f of ['woocommerce__header_sample_products_current.csv', 'woocommerce__header_wc_exporter_2024_with_bom.csv']) {
      const header = headerOf(f);
      const r = runRecords(
        'woocommerce',
        header,
        rowsFor(header, [{ Type: 'simple', SKU: 'S1', Name: 'Mok', 'Regular price': '8.95', 'Sale price': '', Stock: '4' }]),
      );
      expect(r.products).toEqual([product({ line: 2, sku: 'S1', name: 'Mok', priceCents: 895, stockMilli: 4000 })]);
    }
    const header = headerOf('woocommerce__header_wc_exporter_2024_with_bom.csv');
    const r = runRecords('woocommerce', header, rowsFor(header, [{ Type: 'simple', SKU: 'S2', Name: 'Vaas', 'Regular price': '20', 'Low stock amount': '2' }]));
    expect(r.products[0]?.reorderPointMilli).toBe(2000);
  });

  test('parents by id:, a variation before its parent, a variable product without variations, a missing parent', () => {
    const r = run(
      'woocommerce',
      csv(
        'ID,Type,SKU,Name,Regular price,Sale price,Categories,Parent,Attribute 1 value(s),Attribute 2 value(s)',
        '10,variation,mug-blue,,8.50,,,id:20,Blue,',
        '20,variable,mug,Mug,,,"Kitchen > Mugs, Gifts",,"Blue, Red",',
        '30,variable,vase,Vase,,,"Home\\, Garden",,,',
        '40,variation,,,,,,lamp,Green,',
        '41,variation,orphan-1,Orphan lamp,12,,,lamp,Green,',
        '50,variation,mug-red,,8.50,7.50,Sale,mug,Red,Large',
      ),
    );
    // the first five rows wait for the end of the file; the last one finds its parent at once
    expect(r.results.slice(0, 5).every((x) => x.product === null && x.issues.length === 0)).toBe(true);
    expect(r.products).toEqual([
      product({ line: 7, sku: 'mug-red', name: 'Mug - Red, Large', category: 'Sale', priceCents: 750 }),
      product({ line: 2, sku: 'mug-blue', name: 'Mug - Blue', category: 'Kitchen > Mugs', priceCents: 850 }),
      product({ line: 4, sku: 'vase', name: 'Vase', category: 'Home, Garden' }),
      product({ line: 6, sku: 'orphan-1', name: 'Orphan lamp', priceCents: 1200 }),
    ]);
    expect(r.skipped).toBe(1); // mug: its variations are the products
    expect(r.warnings).toEqual([
      { line: 6, column: 'Parent', columnNo: 8, value: 'lamp', message: 'refers to parent "lamp", which is not in this file: imported under its own name' },
    ]);
    expect(r.issues.map((i) => i.message)).toEqual([
      'refers to parent "lamp", which is not in this file, and has no name of its own',
      'has no name: every product needs one',
      expect.stringContaining('has neither sku nor barcode'),
    ]);
  });
});

describe('opensourcepos', () => {
  const WITH_8: readonly VatRate[] = [...RATES, { code: 'special', bp: 800, label: '8 %' }];

  test('2018 template: 8 % tax is no rate of a Dutch store; Tax 2 and the check digit are warnings', () => {
    const r = run('opensourcepos', fixture('opensourcepos__import_items_2018.csv'));
    expect(r.products).toEqual([]);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({ line: 2, column: 'Tax 1 Percent', columnNo: 8, value: '8' });
    expect(r.issues[0]?.message).toContain('is not a VAT rate of this store: use one of high 21%, low 9%, zero 0%, exempt (no VAT)');
    expect(r.warnings.map((w) => [w.column, w.message])).toEqual([
      ['Tax 2 Percent', 'is a second tax, which Kassa does not add: only Tax 1 Percent is used'],
      ['Barcode', expect.stringContaining('has a wrong check digit for an EAN-8: expected 5, found 4')],
    ]);
  });

  test('2018 template in a store with an 8 % rate: every field', () => {
    const r = run('opensourcepos', fixture('opensourcepos__import_items_2018.csv'), { vatRates: WITH_8 });
    expect(r.issues).toEqual([]);
    expect(r.products).toEqual([
      product({
        line: 2,
        barcodes: ['33333334'],
        name: 'Apple iMac',
        category: 'Computers',
        priceCents: 120000,
        vatCode: 'special',
        costCents: 80000,
        stockMilli: 100000,
        reorderPointMilli: 1000,
      }),
    ]);
  });

  test('2019 template: no stock column', () => {
    const r = run('opensourcepos', fixture('opensourcepos__import_items_2019.csv'), { vatRates: WITH_8 });
    expect(r.products).toEqual([
      product({
        line: 2,
        barcodes: ['33333334'],
        name: 'Apple iMac',
        category: 'Computers',
        priceCents: 120000,
        vatCode: 'special',
        costCents: 80000,
        reorderPointMilli: 1000,
      }),
    ]);
  });

  test('current layout: Id is the sku, location_<name> the stock; OSPOS writes percentages with 3 decimals', () => {
    const header = headerOf('opensourcepos__header_import_items_current_with_bom.csv');
    const r = runRecords(
      'opensourcepos',
      header,
      rowsFor(header, [
        { Id: '7', Barcode: '8712345678906', 'Item Name': 'Stroopwafels', 'Unit Price': '2,49', 'Tax 1 Percent': '9.000', location_stock: '40' },
        { Id: '', Barcode: '4006381333931', 'Item Name': 'Pen', 'Unit Price': '1.10', 'Tax 1 Percent': '21', 'Tax 2 Percent': '0' },
      ]),
    );
    expect(r.warnings).toEqual([]);
    expect(r.products).toEqual([
      product({ line: 2, sku: '7', barcodes: ['8712345678906'], name: 'Stroopwafels', priceCents: 249, vatCode: 'low', stockMilli: 40000 }),
      product({ line: 3, barcodes: ['4006381333931'], name: 'Pen', priceCents: 110, vatCode: 'high' }),
    ]);
  });
});

describe('prestashop', () => {
  test('products_import.csv: tax-excluded prices converted with rule 1 = the default rate, one warning per file', () => {
    const r = run('prestashop', fixture('prestashop__products_import.csv'), { delimiter: ';' });
    expect(r.products).toHaveLength(6);
    expect(r.products[0]).toEqual({
      line: 2,
      sku: 'RP-demo_1',
      barcodes: ['1234567890123'],
      name: 'iPod Nano',
      category: 'iPods',
      unit: null,
      priceCents: 12100, // 100 excl. × 1.21
      vatCode: 'high',
      costCents: 8000,
      stockMilli: 160000,
      reorderPointMilli: 0,
      reorderQtyMilli: null,
      supplier: 'Applestore',
    });
    expect(r.products.map((p) => [p.sku, p.priceCents])).toEqual([
      ['RP-demo_1', 12100],
      ['RP-demo_2', 7260],
      ['RP-demo_3', 181500],
      ['RP-demo_4', 139150],
      ['RP-demo_5', 29040],
      ['RP-demo_6', 3025],
    ]);
    const assumption = r.warnings.filter((w) => w.column === 'Tax rules ID');
    expect(assumption).toHaveLength(1);
    expect(assumption[0]?.line).toBe(2);
    expect(assumption[0]?.message).toContain("Tax rules ID 1 is taken as this store's default rate high (21%)");
    expect(assumption[0]?.message).toContain("PrestaShop prices exclude VAT and Kassa's include it");
    // every row has the same bad EAN13: a warning, not an issue
    const ean = r.warnings.filter((w) => w.column === 'EAN13');
    expect(ean).toHaveLength(7);
    expect(ean[0]?.message).toContain('has a wrong check digit for an EAN-13: expected 8, found 3');
    // rule 2: its rate is unknown
    expect(r.issues).toEqual([
      expect.objectContaining({ line: 8, column: 'Tax rules ID', columnNo: 6, value: '2', message: expect.stringContaining('is a tax rule Kassa cannot map') }),
    ]);
  });

  test('another default rate, rule 0, and rounding half up', () => {
    const header = headerOf('prestashop__products_import.csv', ';');
    const rows = rowsFor(header, [
      { 'Name *': 'Appel', 'Reference #': 'A', 'Price tax excluded': '1', 'Tax rules ID': '1' },
      { 'Name *': 'Boek', 'Reference #': 'B', 'Price tax excluded': '10', 'Tax rules ID': '0' },
      { 'Name *': 'Peer', 'Reference #': 'C', 'Price tax excluded': '0.50', 'Tax rules ID': '1' },
    ]);
    expect(runRecords('prestashop', header, rows, { defaultVatCode: 'low' }).products.map((p) => [p.priceCents, p.vatCode])).toEqual([
      [109, 'low'],
      [1000, 'zero'],
      [55, 'low'], // 54.5 → 55
    ]);
    expect(runRecords('prestashop', header, rows).products.map((p) => p.priceCents)).toEqual([121, 1000, 61]); // 60.5 → 61
  });
});

describe('shopify', () => {
  const header = headerOf('shopify__header_product_template_2023.csv');

  test('variants carry the product’s title, vendor and type; image rows, gift cards and archived products are skipped', () => {
    const r = runRecords(
      'shopify',
      header,
      rowsFor(header, [
        {
          Handle: 'gouda',
          Title: 'Gouda',
          Vendor: 'Frico',
          'Product Category': 'Food, Beverages & Tobacco > Food Items',
          Type: 'Kaas',
          'Option1 Name': 'Size',
          'Option1 Value': 'Small',
          'Variant SKU': 'G-S',
          'Variant Inventory Qty': '10',
          'Variant Price': '4.50',
          'Variant Barcode': "'8712345678906",
          'Image Src': 'https://cdn.example/gouda.jpg',
          'Cost per item': '2.10',
          Status: 'active',
        },
        { Handle: 'gouda', 'Option1 Value': 'Large', 'Variant SKU': 'G-L', 'Variant Inventory Qty': '3', 'Variant Price': '8.00' },
        { Handle: 'gouda', 'Image Src': 'https://cdn.example/gouda-2.jpg', 'Image Position': '2' },
        { Handle: 'gouda', 'Option1 Value': 'Huge', 'Variant SKU': 'G-H', 'Variant Price': '12.00', 'Variant Barcode': '4006381333931' },
        {
          Handle: 'brood',
          Title: 'Brood',
          'Product Category': 'Food > Bakery',
          'Option1 Name': 'Title',
          'Option1 Value': 'Default Title',
          'Variant SKU': '',
          'Variant Price': '2.95',
          'Variant Barcode': '8712345678910',
        },
        { Handle: 'bon', Title: 'Cadeaubon', 'Gift Card': 'TRUE', 'Variant SKU': 'GC', 'Variant Price': '25.00' },
        { Handle: 'oud', Title: 'Oud', Status: 'archived', 'Variant SKU': 'O-1', 'Variant Price': '1.00' },
      ]),
    );
    expect(r.issues).toEqual([]);
    expect(r.products).toEqual([
      product({
        line: 2,
        sku: 'G-S',
        barcodes: ['8712345678906'],
        name: 'Gouda - Small',
        category: 'Kaas',
        priceCents: 450,
        costCents: 210,
        stockMilli: 10000,
        supplier: 'Frico',
      }),
      product({ line: 3, sku: 'G-L', name: 'Gouda - Large', category: 'Kaas', priceCents: 800, stockMilli: 3000, supplier: 'Frico' }),
      product({ line: 5, sku: 'G-H', barcodes: ['4006381333931'], name: 'Gouda - Huge', category: 'Kaas', priceCents: 1200, supplier: 'Frico' }),
      product({ line: 6, barcodes: ['8712345678910'], name: 'Brood', category: 'Food > Bakery', priceCents: 295 }),
    ]);
    expect(r.skipped).toBe(3);
    expect(r.results[2]).toEqual({ product: null, issues: [], warnings: [] });
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining('wrong check digit for an EAN-13: expected 3, found 0')]);
  });

  test('2017 template (no Cost per item), several options', () => {
    const h2017 = headerOf('shopify__header_product_template_2017.csv');
    const r = runRecords(
      'shopify',
      h2017,
      rowsFor(h2017, [
        { Handle: 'shirt', Title: 'Shirt', Type: 'Kleding', 'Option1 Value': 'Blue', 'Option2 Value': 'L', 'Variant SKU': 'SH-BL', 'Variant Price': '25' },
      ]),
    );
    expect(r.products).toEqual([product({ line: 2, sku: 'SH-BL', name: 'Shirt - Blue / L', category: 'Kleding', priceCents: 2500 })]);
  });
});

describe('square', () => {
  const header = headerOf('square__header_item_library_export_2025.csv');

  test('item and variation names, first location’s stock and alert, archived and not-sellable rows skipped', () => {
    const r = runRecords(
      'square',
      header,
      rowsFor(header, [
        {
          Token: 'T1',
          'Item Name': 'Koffie',
          'Variation Name': 'Regular',
          SKU: 'K-1',
          Categories: 'Dranken, Warm',
          'Reporting Category': 'Dranken',
          Price: '2.80',
          'Default Unit Cost': '0.40',
          'Default Vendor Name': 'Bonen BV',
          'Current Quantity RRV Richmond': '100',
          'Stock Alert Count RRV Richmond': '20',
          'Current Quantity TVM McHenry': '5',
          'Stock Alert Count TVM McHenry': '1',
        },
        { Token: 'T2', 'Item Name': 'Thee', 'Variation Name': 'Groot', GTIN: '0036000291452', Categories: 'Warm, Dranken', Price: '3.10' },
        { Token: 'T3', 'Item Name': 'Taart', SKU: 'TA-1', Price: '' },
        { Token: 'T4', 'Item Name': 'Oud', SKU: 'O-1', Price: '1', Archived: 'Y' },
        { Token: 'T5', 'Item Name': 'Melk (ingrediënt)', SKU: 'M-1', Price: '1', Sellable: 'N' },
      ]),
    );
    expect(r.issues).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.products).toEqual([
      product({
        line: 2,
        sku: 'K-1',
        name: 'Koffie',
        category: 'Dranken',
        priceCents: 280,
        costCents: 40,
        stockMilli: 100000,
        reorderPointMilli: 20000,
        supplier: 'Bonen BV',
      }),
      product({ line: 3, barcodes: ['0036000291452'], name: 'Thee - Groot', category: 'Warm', priceCents: 310 }),
      product({ line: 4, sku: 'TA-1', name: 'Taart' }),
    ]);
    expect(r.skipped).toBe(2);
  });
});

describe('lightspeed', () => {
  const header = headerOf('lightspeed__header_rseries_item_export.csv');

  test('Custom SKU else System ID; EAN and UPC both; the category path', () => {
    const r = runRecords(
      'lightspeed',
      header,
      rowsFor(header, [
        {
          'System ID': '210000000001',
          UPC: '036000291452',
          EAN: '0036000291452',
          Item: 'Chips',
          'Qty.': '12',
          Price: '1.99',
          'Default Cost': '0.80',
          Vendor: 'Lays',
          Category: 'Snacks',
          'Subcategory 1': 'Zout',
        },
        { 'System ID': '210000000002', 'Custom SKU': 'CHOC-1', 'Manufact. SKU': 'M-9', EAN: '4006381333931', Item: 'Chocola', Price: '2.50' },
        { 'System ID': '210000000003', UPC: '036000291453', EAN: '8712345678906', Item: 'Drop', Price: '3' },
      ]),
    );
    expect(r.issues).toEqual([]);
    expect(r.products).toEqual([
      product({
        line: 2,
        sku: '210000000001',
        barcodes: ['0036000291452'],
        name: 'Chips',
        category: 'Snacks > Zout',
        priceCents: 199,
        costCents: 80,
        stockMilli: 12000,
        supplier: 'Lays',
      }),
      product({ line: 3, sku: 'CHOC-1', barcodes: ['4006381333931'], name: 'Chocola', priceCents: 250 }),
      product({ line: 4, sku: '210000000003', barcodes: ['8712345678906', '0036000291453'], name: 'Drop', priceCents: 300 }),
    ]);
    expect(r.warnings).toEqual([
      expect.objectContaining({ line: 4, column: 'UPC', value: '036000291453', message: expect.stringContaining('for a UPC-A: expected 2') }),
    ]);
  });
});

describe('loyverse', () => {
  const header = headerOf('loyverse__header_items_export.csv');

  test('sold by weight → kg, variants carry the item, first store’s price and stock, composite component rows skipped', () => {
    const r = runRecords(
      'loyverse',
      header,
      rowsFor(header, [
        {
          Handle: 'kaas',
          SKU: '1001',
          Name: 'Kaas',
          Category: 'Zuivel',
          'Sold by weight': 'Y',
          'Option 1 name': 'Soort',
          'Option 1 value': 'Jong',
          Cost: '9.00',
          'Price [STORE]': '12.50',
          'In stock [STORE]': '3.250',
          'Low stock [STORE]': '1',
        },
        { Handle: 'kaas', SKU: '1002', 'Option 1 value': 'Belegen', 'Price [STORE]': '14,00', 'In stock [STORE]': '0,5' },
        { Handle: 'plank', SKU: '2001', Name: 'Kaasplank', 'Sold by weight': 'N', 'Price [STORE]': '15', 'SKU of included item': '1001', 'Quantity of included item': '0.2' },
        { Handle: 'plank', 'SKU of included item': '1002', 'Quantity of included item': '0.2' },
        { Handle: 'mes', SKU: '3001', Name: 'Kaasmes', 'Sold by weight': 'soms', 'Price [STORE]': '5' },
      ]),
    );
    expect(r.products).toEqual([
      product({
        line: 2,
        sku: '1001',
        name: 'Kaas - Jong',
        category: 'Zuivel',
        unit: 'kg',
        priceCents: 1250,
        costCents: 900,
        stockMilli: 3250,
        reorderPointMilli: 1000,
      }),
      product({ line: 3, sku: '1002', name: 'Kaas - Belegen', category: 'Zuivel', unit: 'kg', priceCents: 1400, stockMilli: 500 }),
      product({ line: 4, sku: '2001', name: 'Kaasplank', unit: 'piece', priceCents: 1500 }),
    ]);
    expect(r.skipped).toBe(1);
    expect(r.issues).toEqual([{ line: 6, column: 'Sold by weight', columnNo: 6, value: 'soms', message: 'is not Y or N' }]);
  });
});

describe('odoo', () => {
  const header = headerOf('odoo__header_product_template_import.csv');

  test('Internal Reference → sku, Sales Price, Cost; numbers with a . decimal mark', () => {
    const r = runRecords(
      'odoo',
      header,
      rowsFor(header, [
        { 'External ID': '__export__.product_template_1', Name: 'Koffiebonen', 'Product Type': 'Storable Product', 'Internal Reference': 'KB-1', Barcode: '8712345678906', 'Sales Price': '18.50', Cost: '9.25', Weight: '1.00' },
        { Name: 'Suiker', 'Internal Reference': 'SU-1', 'Sales Price': '1.250' },
        { Name: 'Zout', 'Internal Reference': 'ZO-1', 'Sales Price': '1,250.00' },
        { Name: '', 'Internal Reference': 'X', 'Sales Price': '1' },
      ]),
    );
    expect(r.products).toEqual([
      product({ line: 2, sku: 'KB-1', barcodes: ['8712345678906'], name: 'Koffiebonen', priceCents: 1850, costCents: 925 }),
      product({ line: 3, sku: 'SU-1', name: 'Suiker', priceCents: 125 }), // ambiguous elsewhere; Odoo means 1.25
      product({ line: 4, sku: 'ZO-1', name: 'Zout', priceCents: 125000 }),
    ]);
    expect(r.issues).toEqual([{ line: 5, column: 'Name', columnNo: 2, value: '', message: 'has no name: every product needs one' }]);
  });

  test('the caller’s decimal mark wins over Odoo’s', () => {
    const r = runRecords('odoo', header, rowsFor(header, [{ Name: 'Thee', 'Internal Reference': 'T', 'Sales Price': '3,95' }]), { decimal: ',' });
    expect(r.products[0]?.priceCents).toBe(395);
  });
});
