import type { Unit } from '../core/catalogue/types.js';
import type { Db } from './database.js';
import { stmt } from './statements.js';

/** A product as the rest of Kassa sees it. */
export interface Product {
  id: number;
  sku: string | null;
  name: string;
  barcodes: string[];
  category: string | null;
  unit: Unit;
  priceCents: number;
  vatCode: string;
  vatBp: number | null;
  costCents: number | null;
  stockMilli: number;
  reorderPointMilli: number | null;
  reorderQtyMilli: number | null;
  supplier: string | null;
}

/** The stored columns of a product, without its barcodes. */
export type ProductRow = Omit<Product, 'barcodes' | 'vatBp'>;

const COLUMNS = `p.id, p.sku, p.name, p.category, p.unit, p.price_cents AS priceCents, p.vat_code AS vatCode,
  v.bp AS vatBp, p.cost_cents AS costCents, p.stock_milli AS stockMilli,
  p.reorder_point_milli AS reorderPointMilli, p.reorder_qty_milli AS reorderQtyMilli, p.supplier`;
const FROM = 'FROM products p JOIN vat_rates v ON v.code = p.vat_code';

type ProductNoBarcodes = Omit<Product, 'barcodes'>;

function withBarcodes(db: Db, p: ProductNoBarcodes | undefined): Product | undefined {
  if (!p) return undefined;
  return { ...p, barcodes: barcodesOf(db, p.id) };
}

export function barcodesOf(db: Db, productId: number): string[] {
  return stmt(db, 'SELECT code FROM barcodes WHERE product_id = ? ORDER BY position, code')
    .pluck()
    .all(productId) as string[];
}

export function productBySku(db: Db, sku: string): Product | undefined {
  return withBarcodes(db, stmt(db, `SELECT ${COLUMNS} ${FROM} WHERE p.sku = ?`).get(sku) as ProductNoBarcodes);
}

export function productByBarcode(db: Db, code: string): Product | undefined {
  return withBarcodes(
    db,
    stmt(db, `SELECT ${COLUMNS} ${FROM} JOIN barcodes b ON b.product_id = p.id WHERE b.code = ?`).get(code) as
      | ProductNoBarcodes
      | undefined,
  );
}

/** The product a scanned code names, SKU first, without its barcode list: the scan path of every sale. */
export function productForScan(db: Db, code: string, barcode: string): ProductNoBarcodes | undefined {
  return stmt(
    db,
    `SELECT * FROM (SELECT ${COLUMNS} ${FROM} WHERE p.sku = ?)
     UNION ALL SELECT * FROM (SELECT ${COLUMNS} ${FROM} JOIN barcodes b ON b.product_id = p.id WHERE b.code = ?)
     LIMIT 1`,
  ).get(code, barcode) as ProductNoBarcodes | undefined;
}

export type { ProductNoBarcodes };

export interface ListFilter {
  category?: string;
  lowStock?: boolean;
}

/** All products in SKU order, streamed (a store may hold millions). */
export function* iterateProducts(db: Db, filter: ListFilter = {}): Generator<Product> {
  const where: string[] = ['p.active = 1'];
  const params: unknown[] = [];
  if (filter.category !== undefined) {
    where.push('p.category = ?');
    params.push(filter.category);
  }
  if (filter.lowStock) where.push('p.reorder_point_milli IS NOT NULL AND p.stock_milli <= p.reorder_point_milli');
  // Barcodes come from a correlated group_concat so that one pass streams everything.
  const sql = `SELECT ${COLUMNS},
      (SELECT group_concat(code, char(31)) FROM (SELECT code FROM barcodes WHERE product_id = p.id ORDER BY position, code)) AS codes
    ${FROM} WHERE ${where.join(' AND ')} ORDER BY p.sku IS NULL, p.sku, p.id`;
  for (const row of db.prepare(sql).iterate(...params) as Iterable<ProductNoBarcodes & { codes: string | null }>) {
    const { codes, ...p } = row;
    yield { ...p, barcodes: codes ? codes.split('\x1f') : [] };
  }
}

/**
 * Full-text search on names. `query` is an FTS5 expression built by the caller
 * from plain words. Results in rowid order, at most `limit`.
 */
export function searchProductIds(db: Db, ftsQuery: string, limit: number): number[] {
  return stmt(db, 'SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT ?').pluck().all(ftsQuery, limit) as number[];
}

export function productsByIds(db: Db, ids: number[]): Product[] {
  if (ids.length === 0) return [];
  const rows = stmt(db, `SELECT ${COLUMNS} ${FROM} WHERE p.id IN (SELECT value FROM json_each(?))`).all(
    JSON.stringify(ids),
  ) as ProductNoBarcodes[];
  return rows.map((p) => ({ ...p, barcodes: barcodesOf(db, p.id) }));
}

export function countProducts(db: Db): number {
  return stmt(db, 'SELECT count(*) FROM products').pluck().get() as number;
}

/** No products and no barcodes. */
export function catalogueIsEmpty(db: Db): boolean {
  return stmt(db, 'SELECT NOT EXISTS (SELECT 1 FROM products) AND NOT EXISTS (SELECT 1 FROM barcodes)').pluck().get() === 1;
}

export function maxProductId(db: Db): number {
  return stmt(db, 'SELECT coalesce(max(id), 0) FROM products').pluck().get() as number;
}
