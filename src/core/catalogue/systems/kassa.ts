/**
 * Kassa's own format (docs/import-formats.md), and `mapped`: any header with a
 * `--map` saying which column holds which of our fields.
 */
import type { Header } from '../header.js';
import { statelessReader, type FormatSpec } from '../reader.js';
import { KASSA_COLUMNS } from '../types.js';

export const kassa: FormatSpec = {
  format: 'kassa',
  label: 'Kassa',
  detect: (h: Header) => h.has('name') && h.has('price') && h.has('sku', 'barcode'),
  create(ctx) {
    const h = ctx.header;
    ctx.require('name', 'name');
    ctx.require('price', 'price');
    ctx.requireSkuOrBarcode(['sku'], ['barcode']);
    const col = Object.fromEntries(KASSA_COLUMNS.map((c) => [c, h.find(c)])) as Record<(typeof KASSA_COLUMNS)[number], number>;
    return statelessReader((fields, line) => {
      const barcode = h.cell(fields, col.barcode);
      return ctx.record(fields, line, {
        sku: h.cell(fields, col.sku),
        barcodes: barcode ? [barcode] : [],
        name: h.cell(fields, col.name),
        category: h.cell(fields, col.category),
        unit: h.cell(fields, col.unit),
        price: h.cell(fields, col.price),
        vat: h.cell(fields, col.vat),
        cost: h.cell(fields, col.cost),
        stock: h.cell(fields, col.stock),
        reorderPoint: h.cell(fields, col.reorder_point),
        reorderQty: h.cell(fields, col.reorder_qty),
        supplier: h.cell(fields, col.supplier),
      });
    });
  },
};

/** Every field comes from `--map` (the checks that it names name, price and sku or barcode are in formats.ts). */
export const mapped: FormatSpec = {
  format: 'mapped',
  label: 'mapped',
  detect: () => false,
  create(ctx) {
    return statelessReader((fields, line) => ctx.record(fields, line, {}));
  },
};
