/**
 * Square item library export (Items → Export library). One row per variation.
 * Stock and alert columns exist per location (`Current Quantity <location>`):
 * the first location's are used.
 */
import { withText } from '../header.js';
import { statelessReader, type FormatSpec } from '../reader.js';
import { firstCategory } from './woocommerce.js';

export const square: FormatSpec = {
  format: 'square',
  label: 'Square',
  detect: (h) => h.has('token') && h.has('item name') && h.has('variation name'),
  create(ctx) {
    const h = ctx.header;
    const itemCol = ctx.require('name', 'Item Name');
    const priceCol = ctx.require('price', 'Price');
    ctx.requireSkuOrBarcode(['SKU'], ['GTIN']);
    const variationCol = h.find('Variation Name');
    const skuCol = h.find('SKU');
    const gtinCol = h.find('GTIN');
    const reportingCol = h.find('Reporting Category');
    const categoriesCol = h.find('Categories', 'Category');
    const costCol = h.find('Default Unit Cost');
    const vendorCol = h.find('Default Vendor Name');
    const stockCol = h.findPrefix('Current Quantity ');
    const alertCol = h.findPrefix('Stock Alert Count ');
    const archivedCol = h.find('Archived');
    const sellableCol = h.find('Sellable');

    return statelessReader((fields, line) => {
      // Archived items are deleted ones; not-sellable ones are ingredients and supplies.
      if (h.text(fields, archivedCol).toUpperCase() === 'Y' || h.text(fields, sellableCol).toUpperCase() === 'N') {
        return 'skip';
      }
      const item = h.text(fields, itemCol);
      const variation = h.text(fields, variationCol);
      const name = item !== '' && variation !== '' && variation.toLowerCase() !== 'regular' ? `${item} - ${variation}` : item;
      const reporting = h.cell(fields, reportingCol);
      const categories = h.cell(fields, categoriesCol);
      const gtin = h.cell(fields, gtinCol);
      return ctx.record(fields, line, {
        sku: h.cell(fields, skuCol),
        barcodes: gtin ? [gtin] : [],
        name: withText(h.cell(fields, itemCol), name),
        category:
          reporting && reporting.text.trim() !== ''
            ? reporting
            : categories && withText(categories, firstCategory(categories.text)),
        price: h.cell(fields, priceCol),
        cost: h.cell(fields, costCol),
        stock: h.cell(fields, stockCol),
        reorderPoint: h.cell(fields, alertCol),
        supplier: h.cell(fields, vendorCol),
      });
    });
  },
};
