import type { ImportedProduct } from '../core/catalogue/types.js';
import type { Db } from './database.js';
import type { ProductRow } from './products.js';

/** The stored values an import compares against, in column order. */
export type StoredProduct = ProductRow;

/**
 * The statements a catalogue import runs, prepared once per import. All of it
 * runs inside the import's one transaction; the service decides what to write.
 */
export class CatalogueWriter {
  private readonly bySku;
  private readonly byId;
  private readonly barcodeOwner;
  private readonly insertProductStmt;
  private readonly updateProductStmt;
  private readonly insertBarcodeStmt;
  private readonly maxPositionStmt;
  private readonly insertMovementStmt;
  private readonly setStockStmt;
  private readonly insertImportStmt;

  constructor(private readonly db: Db) {
    const cols = `id, sku, name, category, unit, price_cents AS priceCents, vat_code AS vatCode,
      cost_cents AS costCents, stock_milli AS stockMilli, reorder_point_milli AS reorderPointMilli,
      reorder_qty_milli AS reorderQtyMilli, supplier`;
    this.bySku = db.prepare(`SELECT ${cols} FROM products WHERE sku = ?`);
    this.byId = db.prepare(`SELECT ${cols} FROM products WHERE id = ?`);
    this.barcodeOwner = db.prepare('SELECT product_id FROM barcodes WHERE code = ?').pluck();
    this.insertProductStmt = db.prepare(
      `INSERT INTO products (id, sku, name, category, unit, price_cents, vat_code, cost_cents, stock_milli,
        reorder_point_milli, reorder_qty_milli, supplier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
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

  findBySku(sku: string): StoredProduct | undefined {
    return this.bySku.get(sku) as StoredProduct | undefined;
  }

  findById(id: number): StoredProduct | undefined {
    return this.byId.get(id) as StoredProduct | undefined;
  }

  barcodeProductId(code: string): number | undefined {
    return this.barcodeOwner.get(code) as number | undefined;
  }

  /** Insert a new product with the id the caller chose, its barcodes and its opening stock. */
  create(id: number, p: ImportedProduct, defaults: { vatCode: string }, ref: string, at: string): void {
    this.insertProductStmt.run(
      id,
      p.sku,
      p.name,
      p.category,
      p.unit ?? 'piece',
      p.priceCents ?? 0,
      p.vatCode ?? defaults.vatCode,
      p.costCents,
      p.stockMilli ?? 0,
      p.reorderPointMilli,
      p.reorderQtyMilli,
      p.supplier,
    );
    for (let i = 0; i < p.barcodes.length; i++) this.insertBarcodeStmt.run(p.barcodes[i], id, i);
    if (p.stockMilli) this.insertMovementStmt.run(id, p.stockMilli, ref, at);
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
