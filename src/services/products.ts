import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { KASSA_COLUMNS } from '../core/catalogue/types.js';
import { formatCsvRow } from '../core/csv.js';
import { decodeEmbedded } from '../core/embedded-barcode.js';
import { KassaError } from '../core/errors.js';
import { normalizeBarcode } from '../core/gtin.js';
import {
  iterateProducts,
  productByBarcode,
  productForScan,
  productBySku,
  productsByIds,
  searchProductIds,
  type ListFilter,
  type Product,
} from '../db/products.js';
import { embeddedLayouts } from './config.js';
import type { Ctx } from './context.js';
import { OutputFile, storeFiles } from './output-file.js';

export type { Product };

/** A product by SKU, else by any of its barcodes (UPC-A and EAN-13 alike). */
export function findProduct(ctx: Ctx, code: string): Product | undefined {
  const c = code.trim();
  return productBySku(ctx.db, c) ?? productByBarcode(ctx.db, normalizeBarcode(c));
}

export interface ScannedItem {
  product: Omit<Product, 'barcodes'>;
  /** The code as scanned (trimmed), with its embedded price or weight. */
  code: string;
  /** A weight-embedded code: the weight in grams (thousandths of a kg); else null. */
  qtyMilli: number | null;
  /**
   * A price-embedded code: the line total the label says, in cents; else null.
   * The line is then 1 × this price, whatever the product's unit: for a kg
   * product the weight is not derived from price ÷ unit price, as shops print
   * the price they weighed at (the unit price may have changed since, or been
   * marked down).
   */
  priceCents: number | null;
}

/**
 * What a scan sells: the product with this SKU or barcode, else — for a GS1
 * price- or weight-embedded EAN-13 (prefixes 20–29) whose prefix has a layout
 * (`barcode.2x`) — the product whose barcode is the item digits with the value
 * zeroed and its check digit (`lookupCode`), with the price or weight read from
 * the code. Null when nothing matches, also for a wrong check digit.
 */
export function resolveScan(ctx: Ctx, code: string): ScannedItem | null {
  const c = code.trim();
  const direct = productForScan(ctx.db, c, normalizeBarcode(c));
  if (direct) return { product: direct, code: c, qtyMilli: null, priceCents: null };
  const embedded = decodeEmbedded(normalizeBarcode(c), embeddedLayouts(ctx));
  if (!embedded) return null;
  const product = productByBarcode(ctx.db, embedded.lookupCode);
  if (!product) return null;
  return { product, code: c, qtyMilli: embedded.qtyMilli ?? null, priceCents: embedded.priceCents ?? null };
}

export function showProduct(ctx: Ctx, code: string): Product {
  const p = findProduct(ctx, code);
  if (!p) {
    throw new KassaError(
      'PRODUCT_NOT_FOUND',
      `no product with SKU or barcode "${code}"`,
      'look it up by name with `kassa products search TEXT`',
    );
  }
  return p;
}

export function listProducts(ctx: Ctx, filter: ListFilter = {}): Iterable<Product> {
  return iterateProducts(ctx.db, filter);
}

/**
 * Search names: every word must match the start of a word in the name,
 * accents ignored. Results best first: names that start with the query,
 * then shorter names.
 */
export function searchProducts(ctx: Ctx, text: string, limit = 50): Product[] {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return [];
  const query = words.map((w) => `"${w}"*`).join(' ');
  const ids = searchProductIds(ctx.db, query, Math.max(limit * 4, 200));
  const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  const q = fold(words.join(' '));
  return productsByIds(ctx.db, ids)
    .map((p) => ({ p, starts: fold(p.name).startsWith(q) ? 0 : 1 }))
    .sort((a, b) => a.starts - b.starts || a.p.name.length - b.p.name.length || a.p.name.localeCompare(b.p.name))
    .slice(0, limit)
    .map((x) => x.p);
}

/** Amounts and quantities in the export use '.' and no grouping, so any locale reads them back. */
function plainAmount(cents: number | null): string {
  if (cents === null) return '';
  const sign = cents < 0 ? '-' : '';
  const a = Math.abs(cents);
  return `${sign}${Math.trunc(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function plainQty(milli: number | null): string {
  if (milli === null) return '';
  const sign = milli < 0 ? '-' : '';
  const a = Math.abs(milli);
  const frac = a % 1000;
  return frac === 0 ? `${sign}${a / 1000}` : `${sign}${Math.trunc(a / 1000)}.${String(frac).padStart(3, '0')}`;
}

export function productToKassaRow(p: Product): string[] {
  return [
    p.sku ?? '',
    p.barcodes.join('|'),
    p.name,
    p.category ?? '',
    p.unit,
    plainAmount(p.priceCents),
    p.vatCode,
    plainAmount(p.costCents),
    plainQty(p.stockMilli),
    plainQty(p.reorderPointMilli),
    plainQty(p.reorderQtyMilli),
    p.supplier ?? '',
  ];
}

/** Write the catalogue in the kassa format: what `products import` reads back unchanged. */
export async function exportProducts(ctx: Ctx, out: string | Writable): Promise<number> {
  const file = typeof out === 'string' ? new OutputFile(out, storeFiles(ctx.db), 'the export') : null;
  const ws: Writable = file ? createWriteStream(file.partial, { encoding: 'utf8' }) : (out as Writable);
  try {
    const n = await writeCatalogue(ctx, ws, file !== null);
    file?.commit();
    return n;
  } catch (e) {
    file?.discard();
    throw e;
  } finally {
    if (file && !ws.destroyed) ws.destroy();
  }
}

async function writeCatalogue(ctx: Ctx, ws: Writable, ownStream: boolean): Promise<number> {
  let buf = formatCsvRow(KASSA_COLUMNS, ',') + '\n';
  let n = 0;
  for (const p of iterateProducts(ctx.db)) {
    buf += formatCsvRow(productToKassaRow(p), ',') + '\n';
    n++;
    if (buf.length > 1 << 16) {
      if (!ws.write(buf)) await once(ws, 'drain');
      buf = '';
    }
  }
  if (ownStream) {
    ws.end(buf);
    await once(ws, 'finish');
  } else if (buf) {
    if (!ws.write(buf)) await once(ws, 'drain');
  }
  return n;
}
