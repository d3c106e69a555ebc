/**
 * Kassa's own format (docs/import-formats.md), and `mapped`: any header with a
 * `--map` saying which column holds which of our fields.
 */
import type { Header } from '../header.js';
import { statelessReader, type FormatSpec } from '../reader.js';
import { emptyRecord } from '../row.js';
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
    // Filled in place rather than through ctx.record's parts object: this is the
    // format of million-row files, and each object less per row shows.
    return statelessReader((fields, line) => {
      const r = emptyRecord(line);
      const barcode = h.cell(fields, col.barcode);
      if (barcode) r.barcodes.push(barcode);
      r.sku = h.cell(fields, col.sku);
      r.name = h.cell(fields, col.name);
      r.category = h.cell(fields, col.category);
      r.unit = h.cell(fields, col.unit);
      r.price = h.cell(fields, col.price);
      r.vat = h.cell(fields, col.vat);
      r.cost = h.cell(fields, col.cost);
      r.stock = h.cell(fields, col.stock);
      r.reorderPoint = h.cell(fields, col.reorder_point);
      r.reorderQty = h.cell(fields, col.reorder_qty);
      r.supplier = h.cell(fields, col.supplier);
      return ctx.withOverrides(fields, r);
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
