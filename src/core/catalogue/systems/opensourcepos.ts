/**
 * Open Source Point of Sale item import/export CSV (Items → CSV import).
 * Three generations: 2018 (`location_id`, `quantity`), 2019 (no stock), and
 * the current one (`Id` first, a `location_<name>` column per stock location).
 */
import { statelessReader, type FormatSpec } from '../reader.js';
import { percentToBp, rowIssue } from '../row.js';

export const opensourcepos: FormatSpec = {
  format: 'opensourcepos',
  label: 'Open Source POS',
  detect: (h) => h.has('barcode') && h.has('item name') && h.has('unit price'),
  create(ctx) {
    const h = ctx.header;
    const nameCol = ctx.require('name', 'Item Name');
    const priceCol = ctx.require('price', 'Unit Price');
    ctx.requireSkuOrBarcode(['Id'], ['Barcode']);
    const idCol = h.find('Id');
    const barcodeCol = h.find('Barcode');
    const categoryCol = h.find('Category');
    const costCol = h.find('Cost Price');
    const tax1Col = h.find('Tax 1 Percent');
    const tax2Col = h.find('Tax 2 Percent');
    const reorderCol = h.find('Reorder Level');
    const stockCol = h.has('quantity') ? h.find('quantity') : h.findPrefix('location_', ['location_id']);

    return statelessReader((fields, line) => {
      const barcode = h.cell(fields, barcodeCol);
      const r = ctx.record(fields, line, {
        sku: h.cell(fields, idCol),
        barcodes: barcode ? [barcode] : [],
        name: h.cell(fields, nameCol),
        category: h.cell(fields, categoryCol),
        price: h.cell(fields, priceCol),
        vat: h.cell(fields, tax1Col),
        cost: h.cell(fields, costCol),
        stock: h.cell(fields, stockCol),
        reorderPoint: h.cell(fields, reorderCol),
      });
      const tax2 = h.text(fields, tax2Col);
      if (tax2 !== '' && percentToBp(tax2) !== 0) {
        r.warnings.push(
          rowIssue(line, h.cell(fields, tax2Col), 'is a second tax, which Kassa does not add: only Tax 1 Percent is used'),
        );
      }
      return r;
    });
  },
};
