/**
 * PrestaShop product import CSV (Catalog → Import, `;` separated).
 *
 * Its prices exclude tax; ours include it. The file says only a tax rules
 * group id, whose rate lives in the shop's database, so: rule 1 (on a Dutch
 * install the standard rate) is taken as this store's default VAT code, 0 as
 * no VAT, and the price becomes round_half_up(excl × (10000 + bp) / 10000).
 * One warning per file says so. A `Price tax included` column, when present,
 * is used as it is.
 */
import { withText } from '../header.js';
import type { FormatSpec, RecordReader } from '../reader.js';
import { describeRates, formatBp, rateByCode, rowIssue } from '../row.js';

export const prestashop: FormatSpec = {
  format: 'prestashop',
  label: 'PrestaShop',
  detect: (h) => h.has('name *') && (h.has('price tax excluded') || h.has('reference #')),
  create(ctx): RecordReader {
    const h = ctx.header;
    const nameCol = ctx.require('name', 'Name *', 'Name');
    const inclCol = h.find('Price tax included');
    const exclCol = inclCol === -1 ? ctx.require('price', 'Price tax excluded') : -1;
    ctx.requireSkuOrBarcode(['Reference #', 'Reference'], ['EAN13', 'UPC']);
    const skuCol = h.find('Reference #', 'Reference');
    const eanCol = h.find('EAN13');
    const upcCol = h.find('UPC');
    const taxRuleCol = h.find('Tax rules ID');
    const costCol = h.find('Wholesale price');
    const qtyCol = h.find('Quantity');
    const lowCol = h.find('Low stock level');
    const supplierCol = h.find('Supplier');
    const categoriesCol = h.find('Categories (x,y,z...)', 'Categories');
    const excluded = inclCol === -1 && !ctx.overridden('price');
    const { vatRates, defaultVatCode } = ctx.env;
    let warned = false;

    return {
      read(fields, line) {
        const categories = h.cell(fields, categoriesCol);
        const r = ctx.record(fields, line, {
          sku: h.cell(fields, skuCol),
          barcodes: [h.cell(fields, eanCol), h.cell(fields, upcCol)].filter((c) => c !== null),
          name: h.cell(fields, nameCol),
          category: categories && withText(categories, categories.text.split(',')[0] ?? ''),
          price: h.cell(fields, inclCol !== -1 ? inclCol : exclCol),
          priceExcludesVat: excluded,
          vat: h.cell(fields, taxRuleCol),
          vatStyle: 'prestashopTaxRule',
          cost: h.cell(fields, costCol),
          stock: h.cell(fields, qtyCol),
          reorderPoint: h.cell(fields, lowCol),
          supplier: h.cell(fields, supplierCol),
        });
        if (!warned && r.vatStyle === 'prestashopTaxRule') {
          warned = true;
          const rate = rateByCode(vatRates, defaultVatCode);
          const pct = rate ? (rate.bp === null ? 'no VAT' : formatBp(rate.bp)) : 'unknown';
          r.warnings.push(
            rowIssue(
              line,
              h.cell(fields, taxRuleCol),
              `PrestaShop names a tax rules group, not a rate: Tax rules ID 1 is taken as this store's default rate ` +
                `${defaultVatCode} (${pct}) and 0 as no VAT; other ids are refused (the store's rates: ${describeRates(vatRates)}).` +
                (excluded
                  ? " PrestaShop prices exclude VAT and Kassa's include it: prices are converted with that rate, rounded half up."
                  : '') +
                ' Check the VAT and prices after the import.',
            ),
          );
        }
        return r;
      },
      finish: () => [],
      skipped: 0,
    };
  },
};
