import type Database from 'better-sqlite3';
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
 * Rows per multi-row INSERT: 256 measured a little faster than 128 or 512 (and
 * 256 × 12 product columns stays far below SQLite's 32,766 parameters). A
 * power of two: see BulkInsert.write.
 */
const CHUNK = 256;

/**
 * One INSERT fed a row at a time and written many rows per statement:
 * `INSERT ... VALUES (?,?,?), (?,?,?), ...` with CHUNK rows is one call into
 * SQLite instead of CHUNK. For a million products with a barcode and an
 * opening stock each, that took the three inserts from 5.3 s to 3.3 s
 * (measured against the real schema). A remainder goes in power-of-two
 * pieces (100 rows: 64 + 32 + 4), so at most log2(CHUNK) + 1 statements are
 * ever prepared per table.
 */
class BulkInsert {
  /** The waiting rows, `width` values each in column order: push them here. */
  readonly values: unknown[] = [];
  readonly #statements = new Map<number, Database.Statement>();

  /**
   * @param sql the statement for n rows
   * @param lead values bound once per statement, before the rows' (they come first in `sql`)
   */
  constructor(
    private readonly db: Db,
    private readonly width: number,
    private readonly sql: (rows: number) => string,
    private readonly lead: readonly unknown[] = [],
  ) {}

  /** Write the waiting rows: whole chunks only, or (all) every one. */
  write(all: boolean): void {
    const values = this.values;
    const total = values.length / this.width;
    let done = 0;
    for (let n = CHUNK; n >= 1; n >>= 1) {
      if (n < CHUNK && !all) break;
      while (total - done >= n) {
        const start = done * this.width;
        this.#statement(n).run(this.lead, values.slice(start, start + n * this.width));
        done += n;
      }
    }
    values.splice(0, done * this.width);
  }

  #statement(rows: number): Database.Statement {
    let s = this.#statements.get(rows);
    if (!s) {
      s = this.db.prepare(this.sql(rows));
      this.#statements.set(rows, s);
    }
    return s;
  }
}

/** `(?,?,?),(?,?,?)` for n rows of width values. */
function tuples(n: number, width: number): string {
  const one = `(${Array<string>(width).fill('?').join(',')})`;
  return Array<string>(n).fill(one).join(',');
}

/**
 * The statements a catalogue import runs, prepared once per import. All of it
 * runs inside the import's one transaction; the service decides what to write.
 *
 * New rows (products, barcodes, stock movements, from `create`, `addBarcodes`
 * and `moveStock`) wait in BulkInserts and reach the tables on `flush`, in the
 * order they were made: products before the barcodes and movements that refer
 * to them, movements numbered in file order. Reads of those tables (the
 * lookups, `indexNames`) must come after a `flush`; updates of stored rows go
 * straight to SQLite.
 */
export class CatalogueWriter {
  private readonly byId;
  private readonly updateProductStmt;
  private readonly maxPositionStmt;
  private readonly setStockStmt;
  private readonly insertImportStmt;
  private readonly bySkus;
  private readonly ownersOf;
  private readonly indexNamesStmt;
  readonly #newProducts: BulkInsert;
  readonly #newBarcodes: BulkInsert;
  #newMovements: BulkInsert | undefined;

  constructor(private readonly db: Db) {
    const cols = `id, sku, name, category, unit, price_cents AS priceCents, vat_code AS vatCode,
      cost_cents AS costCents, stock_milli AS stockMilli, reorder_point_milli AS reorderPointMilli,
      reorder_qty_milli AS reorderQtyMilli, supplier`;
    this.byId = db.prepare(`SELECT ${cols} FROM products WHERE id = ?`);
    this.updateProductStmt = db.prepare(
      `UPDATE products SET sku = ?, name = ?, category = ?, unit = ?, price_cents = ?, vat_code = ?, cost_cents = ?,
        reorder_point_milli = ?, reorder_qty_milli = ?, supplier = ? WHERE id = ?`,
    );
    this.maxPositionStmt = db.prepare('SELECT coalesce(max(position) + 1, 0) FROM barcodes WHERE product_id = ?').pluck();
    this.setStockStmt = db.prepare('UPDATE products SET stock_milli = stock_milli + ? WHERE id = ?');
    // Set-based statements: a batch of thousands of rows crosses into SQLite as one
    // JSON text per statement instead of one call per row.
    this.bySkus = db.prepare(`SELECT ${cols} FROM products WHERE sku IN (SELECT value FROM json_each(?))`);
    this.ownersOf = db.prepare('SELECT code, product_id AS productId FROM barcodes WHERE code IN (SELECT value FROM json_each(?))');
    this.#newProducts = new BulkInsert(
      db,
      12,
      (n) => `INSERT INTO products (id, sku, name, category, unit, price_cents, vat_code, cost_cents, stock_milli,
        reorder_point_milli, reorder_qty_milli, supplier) VALUES ${tuples(n, 12)}`,
    );
    this.#newBarcodes = new BulkInsert(db, 3, (n) => `INSERT INTO barcodes (code, product_id, position) VALUES ${tuples(n, 3)}`);
    this.indexNamesStmt = db.prepare('INSERT INTO products_fts (rowid, name) SELECT id, name FROM products WHERE id >= ?');
    this.insertImportStmt = db.prepare(
      `INSERT INTO imports (at, file, format, rows, created, updated, unchanged, rejected)
       VALUES (?, ?, ?, 0, 0, 0, 0, 0)`,
    );
  }

  /** Record the import (its counts come with finishImport); its movements are `import:ID` at `at`. */
  beginImport(at: string, file: string, format: string): number {
    const id = Number(this.insertImportStmt.run(at, file, format).lastInsertRowid);
    // Reference and time are the same for every movement of the import: bound
    // once per statement rather than once per row (a third faster).
    this.#newMovements = new BulkInsert(
      this.db,
      2,
      (n) => `INSERT INTO stock_movements (product_id, delta_milli, reason, reference, at)
        SELECT column1, column2, 'import', ?, ? FROM (VALUES ${tuples(n, 2)})`,
      [`import:${id}`, at],
    );
    return id;
  }

  finishImport(id: number, counts: { rows: number; created: number; updated: number; unchanged: number; rejected: number }): void {
    this.db
      .prepare('UPDATE imports SET rows = ?, created = ?, updated = ?, unchanged = ?, rejected = ? WHERE id = ?')
      .run(counts.rows, counts.created, counts.updated, counts.unchanged, counts.rejected, id);
  }

  /** The stored products with these SKUs (a JSON array of strings). */
  findBySkus(skusJson: string): StoredProduct[] {
    return this.bySkus.all(skusJson) as StoredProduct[];
  }

  /** code → product id, for the codes (a JSON array of strings) that are taken. */
  barcodeOwners(codesJson: string): Map<string, number> {
    const owners = new Map<string, number>();
    for (const r of this.ownersOf.all(codesJson) as { code: string; productId: number }[]) owners.set(r.code, r.productId);
    return owners;
  }

  /**
   * A new product with the id the caller chose, its barcodes and its opening
   * stock, written on the next flush. The values are copied: the caller may
   * reuse `row` and `codes`.
   */
  create(row: NewProductRow, codes: readonly string[]): void {
    const id = row[0];
    // Spelled out, not spread: this runs once per row of a million-row file.
    this.#newProducts.values.push(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10], row[11]);
    this.#pushBarcodes(id, codes, 0);
    const stockMilli = row[8];
    if (stockMilli !== 0) this.#movements().values.push(id, stockMilli);
    if (this.#newProducts.values.length >= 12 * CHUNK) this.#write(false);
  }

  /** Write everything waiting. */
  flush(): void {
    this.#write(true);
  }

  /** Products first: the barcodes and movements refer to them. */
  #write(all: boolean): void {
    this.#newProducts.write(all);
    // Rows kept back here refer only to products written above, so they may wait.
    this.#newBarcodes.write(all);
    this.#newMovements?.write(all);
  }

  #movements(): BulkInsert {
    if (!this.#newMovements) throw new Error('CatalogueWriter: beginImport first');
    return this.#newMovements;
  }

  #pushBarcodes(productId: number, codes: readonly string[], firstPosition: number): void {
    const values = this.#newBarcodes.values;
    for (let i = 0; i < codes.length; i++) values.push(codes[i], productId, firstPosition + i);
  }

  /** Add the names of products from `fromId` on to the search index (once per import, after a flush). */
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

  /** Add barcodes to a stored product, after the ones it has. */
  addBarcodes(productId: number, codes: readonly string[]): void {
    // Only products that were stored before this import get here, so none of
    // their barcodes is still waiting in the buffer.
    this.#pushBarcodes(productId, codes, this.maxPositionStmt.get(productId) as number);
  }

  /** Stock changes only through a movement, so stock always equals their sum. */
  moveStock(productId: number, deltaMilli: number): void {
    this.#movements().values.push(productId, deltaMilli);
    this.setStockStmt.run(deltaMilli, productId);
  }
}
