/**
 * Odoo product export/import (Sales → Products → Export), by field labels
 * (`Internal Reference`) or, from an "import-compatible" export, technical
 * names (`default_code`). Odoo writes numbers with a '.' decimal mark.
 */
import { statelessReader, type FormatSpec } from '../reader.js';

export const odoo: FormatSpec = {
  format: 'odoo',
  label: 'Odoo',
  decimal: '.',
  detect: (h) =>
    (h.has('name') && h.has('internal reference') && h.has('sales price')) ||
    (h.has('name') && h.has('default_code') && h.has('list_price')),
  create(ctx) {
    const h = ctx.header;
    const nameCol = ctx.require('name', 'Name');
    const priceCol = ctx.require('price', 'Sales Price', 'list_price');
    ctx.requireSkuOrBarcode(['Internal Reference', 'default_code'], ['Barcode']);
    const skuCol = h.find('Internal Reference', 'default_code');
    const barcodeCol = h.find('Barcode');
    const costCol = h.find('Cost', 'standard_price');
    const categoryCol = h.find('Product Category', 'categ_id');

    return statelessReader((fields, line) => {
      const barcode = h.cell(fields, barcodeCol);
      return ctx.record(fields, line, {
        sku: h.cell(fields, skuCol),
        barcodes: barcode ? [barcode] : [],
        name: h.cell(fields, nameCol),
        category: h.cell(fields, categoryCol),
        price: h.cell(fields, priceCol),
        cost: h.cell(fields, costCol),
      });
    });
  },
};
