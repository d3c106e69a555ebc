/**
 * Lightspeed Retail (R-Series) item export. The sku is the Custom SKU, else
 * the System ID (always filled, stable across exports); EAN and UPC both
 * become barcodes. Category and its Subcategory 1-9 columns form one path.
 */
import { withText } from '../header.js';
import { statelessReader, type FormatSpec } from '../reader.js';

export const lightspeed: FormatSpec = {
  format: 'lightspeed',
  label: 'Lightspeed Retail',
  detect: (h) => h.has('system id') && h.has('custom sku') && h.has('item'),
  create(ctx) {
    const h = ctx.header;
    const nameCol = ctx.require('name', 'Item');
    const priceCol = ctx.require('price', 'Price');
    ctx.requireSkuOrBarcode(['Custom SKU', 'System ID'], ['EAN', 'UPC']);
    const systemIdCol = h.find('System ID');
    const customSkuCol = h.find('Custom SKU');
    const eanCol = h.find('EAN');
    const upcCol = h.find('UPC');
    const qtyCol = h.find('Qty.', 'Qty');
    const costCol = h.find('Default Cost');
    const vendorCol = h.find('Vendor');
    const categoryCols = [h.find('Category'), ...h.findNumbered(/^subcategory (\d+)$/)].filter((c) => c !== -1);

    return statelessReader((fields, line) => {
      const custom = h.cell(fields, customSkuCol);
      const sku = custom && custom.text.trim() !== '' ? custom : h.cell(fields, systemIdCol);
      const path = categoryCols.map((c) => h.text(fields, c)).filter((t) => t !== '');
      const barcodes = [h.cell(fields, eanCol), h.cell(fields, upcCol)].filter((c) => c !== null);
      return ctx.record(fields, line, {
        sku,
        barcodes,
        name: h.cell(fields, nameCol),
        category: categoryCols.length > 0 ? withText(h.cell(fields, categoryCols[0] ?? -1), path.join(' > ')) : null,
        price: h.cell(fields, priceCol),
        cost: h.cell(fields, costCol),
        stock: h.cell(fields, qtyCol),
        supplier: h.cell(fields, vendorCol),
      });
    });
  },
};
