import type { Db } from './database.js';
import type { ProductRow } from './products.js';

/** [id, sku, name, category, unit, priceCents, vatCode, costCents, stockMilli, reorderPointMilli, reorderQtyMilli, supplier] */
export type NewProductRow = [
  number,
  string | null,
  string,
  string | null,
  string,
  number,
  string,
  number | null,
  number,
  number | null,
  number | null,
  string | null,
];

/** The stored values an import compares against, in column order. */
export type StoredProduct = ProductRow;

/**
 * The statements a catalogue import runs, prepared once per import. All of it
 * runs inside the import's one transaction; the service decides what to write.
 */
export class CatalogueWriter {
  private readonly byId;
  private readonly updateProductStmt;
  private readonly insertBarcodeStmt;
  private readonly maxPositionStmt;
  private readonly insertMovementStmt;
  private readonly setStockStmt;
  private readonly insertImportStmt;
  private readonly bySkus;
  private readonly ownersOf;
  private readonly insertProductStmt;
  private readonly indexNamesStmt;

  constructor(private readonly db: Db) {
    const cols = `id, sku, name, category, unit, price_cents AS priceCents, vat_code AS vatCode,
      cost_cents AS costCents, stock_milli AS stockMilli, reorder_point_milli AS reorderPointMilli,
      reorder_qty_milli AS reorderQtyMilli, supplier`;
    this.byId = db.prepare(`SELECT ${cols} FROM products WHERE id = ?`);
    this.updateProductStmt = db.prepare(
      `UPDATE products SET sku = ?, name = ?, category = ?, unit = ?, price_cents = ?, vat_code = ?, cost_cents = ?,
        reorder_point_milli = ?, reorder_qty_milli = ?, supplier = ? WHERE id = ?`,
    );
    this.insertBarcodeStmt = db.prepare('INSERT INTO barcodes (code, product_id, position) VALUES (?, ?, ?)');
    this.maxPositionStmt = db.prepare('SELECT coalesce(max(position) + 1, 0) FROM barcodes WHERE product_id = ?').pluck();
    this.insertMovementStmt = db.prepare(
      `INSERT INTO stock_movements (product_id, delta_milli, reason, reference, at) VALUES (?, ?, 'import', ?, ?)`,
    );
    this.setStockStmt = db.prepare('UPDATE products SET stock_milli = stock_milli + ? WHERE id = ?');
    // Set-based statements: a batch of thousands of rows crosses into SQLite as one
    // JSON text per statement instead of one call per row (see docs/PERFORMANCE.md).
    this.bySkus = db.prepare(`SELECT ${cols} FROM products WHERE sku IN (SELECT value FROM json_each(?))`);
    this.ownersOf = db.prepare('SELECT code, product_id AS productId FROM barcodes WHERE code IN (SELECT value FROM json_each(?))');
    this.insertProductStmt = db.prepare(
      `INSERT INTO products (id, sku, name, category, unit, price_cents, vat_code, cost_cents, stock_milli,
        reorder_point_milli, reorder_qty_milli, supplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.indexNamesStmt = db.prepare('INSERT INTO products_fts (rowid, name) SELECT id, name FROM products WHERE id >= ?');
    this.insertImportStmt = db.prepare(
      `INSERT INTO imports (at, file, format, rows, created, updated, unchanged, rejected)
       VALUES (?, ?, ?, 0, 0, 0, 0, 0)`,
    );
  }

  beginImport(at: string, file: string, format: string): number {
    return Number(this.insertImportStmt.run(at, file, format).lastInsertRowid);
  }

  finishImport(id: number, counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number }): void {
    this.db
      .prepare('UPDATE imports SET rows = ?, created = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?')
      .run(counts.rows, counts.created, counts.updated, counts.unchanged, counts.rejected, id);
  }

  /** The stored products with these SKUs. */
  findBySkus(skus: string[]): StoredProduct[] {
    return skus.length === 0 ? [] : (this.bySkus.all(JSON.stringify(skus)) as StoredProduct[]);
  }

  /** code → product id, for the codes that are taken. */
  barcodeOwners(codes: string[]): Map<string, number> {
    const rows = codes.length === 0 ? [] : (this.ownersOf.all(JSON.stringify(codes)) as { code: string; productId: number }[]);
    return new Map(rows.map((r) => [r.code, r.productId]));
  }

  /** Insert a new product with the id the caller chose, its barcodes and its opening stock. */
  create(row: NewProductRow, codes: readonly string[], ref: string, at: string): void {
    this.insertProductStmt.run(row);
    const id = row[0];
    for (let i = 0; i < codes.length; i++) this.insertBarcodeStmt.run(codes[i], id, i);
    const stockMilli = row[8];
    if (stockMilli !== 0) this.insertMovementStmt.run(id, stockMilli, ref, at);
  }

  /** Add the names of products from `fromId` on to the search index (once per import). */
  indexNames(fromId: number): void {
    this.indexNamesStmt.run(fromId);
  }

  findById(id: number): StoredProduct | undefined {
    return this.byId.get(id) as StoredProduct | undefined;
  }

  update(next: StoredProduct): void {
    this.updateProductStmt.run(
      next.sku,
      next.name,
      next.category,
      next.unit,
      next.priceCents,
      next.vatCode,
      next.costCents,
      next.reorderPointMilli,
      next.reorderQtyMilli,
      next.supplier,
      next.id,
    );
  }

  addBarcodes(productId: number, codes: string[]): void {
    let pos = this.maxPositionStmt.get(productId) as number;
    for (const code of codes) this.insertBarcodeStmt.run(code, productId, pos++);
  }

  /** Stock changes only through a movement, so stock always equals their sum. */
  moveStock(productId: number, deltaMilli: number, ref: string, at: string): void {
    this.insertMovementStmt.run(productId, deltaMilli, ref, at);
    this.setStockStmt.run(deltaMilli, productId);
  }
}
