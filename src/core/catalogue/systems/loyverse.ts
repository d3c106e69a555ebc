/**
 * Loyverse items export (Items → Export). One row per variant: the item's
 * first row carries Name, Category and Sold by weight; its later rows may
 * leave them blank (same Handle). Price and stock columns exist per store
 * (`Price [Store name]`): the first store's are used. Rows of a composite item
 * that only list a further component (`SKU of included item`) are skipped.
 */
import { withText, type Cell } from '../header.js';
import type { FormatSpec, RecordReader } from '../reader.js';

interface LoyverseItem {
  name: Cell | null;
  category: Cell | null;
  soldByWeight: Cell | null;
}

export const loyverse: FormatSpec = {
  format: 'loyverse',
  label: 'Loyverse',
  detect: (h) => h.has('handle') && h.has('name') && h.has('sold by weight'),
  create(ctx): RecordReader {
    const h = ctx.header;
    const nameCol = ctx.require('name', 'Name');
    const priceCol = h.findPrefix('Price [');
    if (priceCol === -1) ctx.require('price', 'Price [STORE]');
    ctx.requireSkuOrBarcode(['SKU'], ['Barcode']);
    const handleCol = h.find('Handle');
    const skuCol = h.find('SKU');
    const barcodeCol = h.find('Barcode');
    const categoryCol = h.find('Category');
    const weightCol = h.find('Sold by weight');
    const costCol = h.find('Cost');
    const stockCol = h.findPrefix('In stock [');
    const lowCol = h.findPrefix('Low stock [');
    const optionCols = h.findNumbered(/^option (\d+) value$/);
    const variantCols = [skuCol, barcodeCol, priceCol, ...optionCols];

    const items = new Map<string, LoyverseItem>();
    let skipped = 0;

    return {
      read(fields, line) {
        const handle = h.text(fields, handleCol);
        let item = items.get(handle);
        if (!item || h.text(fields, nameCol) !== '') {
          item = {
            name: h.cell(fields, nameCol),
            category: h.cell(fields, categoryCol),
            soldByWeight: h.cell(fields, weightCol),
          };
          items.set(handle, item);
        } else if (variantCols.every((c) => h.text(fields, c) === '')) {
          skipped++; // a further component of a composite item
          return null;
        }
        const options = optionCols.map((c) => h.text(fields, c)).filter((v) => v !== '');
        const base = item.name?.text.trim() ?? '';
        const name = base !== '' && options.length > 0 ? `${base} - ${options.join(' / ')}` : base;
        const barcode = h.cell(fields, barcodeCol);
        return ctx.record(fields, line, {
          sku: h.cell(fields, skuCol),
          barcodes: barcode ? [barcode] : [],
          name: withText(item.name ?? h.cell(fields, nameCol), name),
          category: item.category,
          unit: item.soldByWeight,
          unitStyle: 'soldByWeight',
          price: h.cell(fields, priceCol),
          cost: h.cell(fields, costCol),
          stock: h.cell(fields, stockCol),
          reorderPoint: h.cell(fields, lowCol),
        });
      },
      finish: () => [],
      get skipped() {
        return skipped;
      },
    };
  },
};
