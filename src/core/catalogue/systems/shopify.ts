/**
 * Shopify product CSV (https://help.shopify.com/en/manual/products/import-export/using-csv).
 * One row per variant; a product's first row carries its Title, Vendor and
 * Type, later rows of the same Handle only the variant columns. Rows with no
 * variant data at all only add images.
 */
import { withText, type Cell } from '../header.js';
import type { RecordReader, FormatSpec } from '../reader.js';

interface ShopifyProduct {
  title: Cell | null;
  vendor: Cell | null;
  category: Cell | null;
  archived: boolean;
  giftCard: boolean;
}

export const shopify: FormatSpec = {
  format: 'shopify',
  label: 'Shopify',
  detect: (h) => h.has('handle') && h.has('title') && h.has('variant price'),
  create(ctx): RecordReader {
    const h = ctx.header;
    const handleCol = ctx.require('name', 'Handle');
    const titleCol = ctx.require('name', 'Title');
    const priceCol = ctx.require('price', 'Variant Price');
    ctx.requireSkuOrBarcode(['Variant SKU'], ['Variant Barcode']);
    const skuCol = h.find('Variant SKU');
    const barcodeCol = h.find('Variant Barcode');
    const qtyCol = h.find('Variant Inventory Qty');
    const costCol = h.find('Cost per item');
    const vendorCol = h.find('Vendor');
    const typeCol = h.find('Type');
    const productCategoryCol = h.find('Product Category');
    const statusCol = h.find('Status');
    const giftCardCol = h.find('Gift Card');
    const optionCols = [h.find('Option1 Value'), h.find('Option2 Value'), h.find('Option3 Value')];
    const variantCols = [skuCol, priceCol, barcodeCol, qtyCol, ...optionCols];

    const products = new Map<string, ShopifyProduct>();
    let skipped = 0;

    return {
      read(fields, line) {
        const handle = h.text(fields, handleCol);
        const title = h.cell(fields, titleCol);
        let product = products.get(handle);
        if (!product || h.text(fields, titleCol) !== '') {
          const type = h.cell(fields, typeCol);
          product = {
            title,
            vendor: h.cell(fields, vendorCol),
            category: h.text(fields, typeCol) !== '' ? type : h.cell(fields, productCategoryCol),
            archived: h.text(fields, statusCol).toLowerCase() === 'archived',
            giftCard: h.text(fields, giftCardCol).toLowerCase() === 'true',
          };
          products.set(handle, product);
        }
        // An image row, an archived product, or a gift card (a liability, not an item for sale).
        if (variantCols.every((c) => h.text(fields, c) === '') || product.archived || product.giftCard) {
          skipped++;
          return null;
        }
        const options = optionCols.map((c) => h.text(fields, c)).filter((v) => v !== '' && v !== 'Default Title');
        const titleText = product.title?.text.trim() ?? '';
        const name = titleText !== '' && options.length > 0 ? `${titleText} - ${options.join(' / ')}` : titleText;
        const barcode = h.cell(fields, barcodeCol);
        return ctx.record(fields, line, {
          sku: h.cell(fields, skuCol),
          barcodes: barcode ? [barcode] : [],
          name: withText(product.title ?? title, name),
          category: product.category,
          price: h.cell(fields, priceCol),
          cost: h.cell(fields, costCol),
          stock: h.cell(fields, qtyCol),
          supplier: product.vendor,
        });
      },
      finish: () => [],
      get skipped() {
        return skipped;
      },
    };
  },
};
