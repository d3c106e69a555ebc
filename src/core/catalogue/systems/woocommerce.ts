/**
 * WooCommerce product CSV (the built-in exporter and importer,
 * https://github.com/woocommerce/woocommerce/wiki/Product-CSV-Import-Schema).
 *
 * - Type `simple` (also "simple, downloadable, virtual"): one product.
 * - `variable`: the parent of variations. Its variations are the items sold;
 *   the parent is skipped, unless no variation refers to it by the end of the
 *   file: then it is a product itself.
 * - `variation`: a product named "Parent name - Blue, L" (attribute values of
 *   the row in order; blank ones mean "any" and are left out); category from
 *   the parent when its own is blank. `Parent` is the parent's SKU or `id:123`
 *   (its ID column). A variation that comes before its parent waits for it.
 * - `grouped` and `external`: not items a till sells; skipped.
 */
import { withText, type Cell, type Header } from '../header.js';
import type { RecordReader, FormatSpec, ReadContext } from '../reader.js';
import { rowIssue, type RawRecord } from '../row.js';

interface Parent {
  name: string;
  nameCell: Cell | null;
  category: Cell | null;
  record: RawRecord;
  hasVariations: boolean;
}

/** `Clothing, Clothing > T-shirts` → `Clothing`; `\,` is a comma inside a name. */
export function firstCategory(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === ',') {
      out += ',';
      i++;
    } else if (c === ',') {
      break;
    } else {
      out += c;
    }
  }
  return out.trim();
}

function kinds(type: string): string[] {
  return type
    .toLowerCase()
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

export const woocommerce: FormatSpec = {
  format: 'woocommerce',
  label: 'WooCommerce',
  detect: (h) => h.has('type') && h.has('sku') && h.has('name') && h.has('regular price'),
  create(ctx: ReadContext): RecordReader {
    const h: Header = ctx.header;
    const typeCol = h.find('Type');
    const nameCol = ctx.require('name', 'Name');
    const regularCol = ctx.require('price', 'Regular price');
    const skuCol = ctx.require('sku', 'SKU');
    const idCol = h.find('ID');
    const saleCol = h.find('Sale price');
    const stockCol = h.find('Stock');
    const lowStockCol = h.find('Low stock amount');
    const categoriesCol = h.find('Categories');
    const parentCol = h.find('Parent');
    const attributeCols = h.findNumbered(/^attribute (\d+) value\(s\)$/);

    const parents = new Map<string, Parent>(); // by SKU and by `id:<ID>`
    const parentList: Parent[] = [];
    let waiting: { fields: readonly string[]; line: number }[] = [];
    let skipped = 0;

    const category = (fields: readonly string[]): Cell | null => {
      const cell = h.cell(fields, categoriesCol);
      return cell && withText(cell, firstCategory(cell.text));
    };

    const common = (fields: readonly string[], line: number, name: Cell | null, cat: Cell | null): RawRecord => {
      const sale = h.cell(fields, saleCol);
      return ctx.record(fields, line, {
        sku: h.cell(fields, skuCol),
        name,
        category: cat,
        // Keep it simple: a sale price in the file is the price now, whatever its dates say.
        price: sale && sale.text.trim() !== '' ? sale : h.cell(fields, regularCol),
        stock: h.cell(fields, stockCol),
        reorderPoint: h.cell(fields, lowStockCol),
      });
    };

    /** A variation whose parent is known: its record; undefined when the parent is not (yet) in the file. */
    const variation = (fields: readonly string[], line: number, final: boolean): RawRecord | undefined => {
      const ref = h.text(fields, parentCol);
      const parent = ref === '' ? undefined : parents.get(ref.toLowerCase().startsWith('id:') ? `id:${ref.slice(3).trim()}` : ref);
      const own = h.cell(fields, nameCol);
      if (parent) {
        parent.hasVariations = true;
        const values = attributeCols.map((c) => h.text(fields, c)).filter((v) => v !== '');
        const name = values.length > 0 ? `${parent.name} - ${values.join(', ')}` : h.text(fields, nameCol) || parent.name;
        const cat = h.text(fields, categoriesCol) !== '' ? category(fields) : parent.category;
        return common(fields, line, withText(own ?? parent.nameCell, name), cat);
      }
      if (!final) return undefined;
      const r = common(fields, line, own, category(fields));
      const at = h.cell(fields, parentCol);
      const why = ref === '' ? 'is a variation without a Parent' : `refers to parent "${ref}", which is not in this file`;
      if (h.text(fields, nameCol) === '') r.issues.push(rowIssue(line, at, `${why}, and has no name of its own`));
      else r.warnings.push(rowIssue(line, at, `${why}: imported under its own name`));
      return r;
    };

    return {
      read(fields, line) {
        const k = kinds(h.text(fields, typeCol));
        if (k.includes('grouped') || k.includes('external')) {
          skipped++;
          return null;
        }
        if (k.includes('variable')) {
          const nameCell = h.cell(fields, nameCol);
          const p: Parent = {
            name: h.text(fields, nameCol),
            nameCell,
            category: category(fields),
            record: common(fields, line, nameCell, category(fields)),
            hasVariations: false,
          };
          parentList.push(p);
          const sku = h.text(fields, skuCol);
          if (sku !== '') parents.set(sku, p);
          const id = h.text(fields, idCol);
          if (id !== '') parents.set(`id:${id}`, p);
          return null; // decided in finish(): skipped when it has variations
        }
        if (k.includes('variation')) {
          const r = variation(fields, line, false);
          if (!r) waiting.push({ fields: [...fields], line });
          return r ?? null;
        }
        return common(fields, line, h.cell(fields, nameCol), category(fields));
      },
      finish() {
        const out: RawRecord[] = [];
        for (const w of waiting) out.push(variation(w.fields, w.line, true) as RawRecord);
        waiting = [];
        for (const p of parentList) {
          if (p.hasVariations) skipped++;
          else out.push(p.record);
        }
        parentList.length = 0;
        return out.sort((a, b) => a.line - b.line);
      },
      get skipped() {
        return skipped;
      },
    };
  },
};
