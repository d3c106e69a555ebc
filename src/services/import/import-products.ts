import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatCsvRow } from '../../core/csv.js';
import type { CatalogueFormat, ImportedProduct, RowIssue } from '../../core/catalogue/types.js';
import { CatalogueWriter, type NewProductRow, type StoredProduct } from '../../db/catalogue-writer.js';
import { longTransaction } from '../../db/database.js';
import { catalogueIsEmpty, maxProductId } from '../../db/products.js';
import type { Ctx } from '../context.js';
import { appendJournal } from '../journal.js';
import { OutputFile, storeFiles } from '../output-file.js';
import { vatRates } from '../config.js';
import { openDecoded, type TextEncodingName } from './decode.js';
import { LineRuns, TouchedLines } from './product-lines.js';
import { ProductBatch } from './product-batch.js';
import { parseRecords, type CatalogueHead, type ReadOptions } from './read-catalogue.js';
import { readCatalogueThreaded, type ReadThread } from './read-threaded.js';

export interface ImportOptions extends Omit<ReadOptions, 'vatRates' | 'defaultVatCode'> {
  onError?: 'abort' | 'skip';
  rejectsPath?: string;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
  /** Where the file is read and mapped: a worker thread for large files by default (read-threaded.ts). */
  thread?: ReadThread;
}

export interface ImportResult {
  file: string;
  format: CatalogueFormat | null;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  skipped: number;
  warnings: number;
  committed: boolean;
  dryRun: boolean;
  /** the first MAX_LISTED errors and warnings, in file order */
  errors: RowIssue[];
  warningList: RowIssue[];
}

export const MAX_LISTED = 50;

/**
 * Import a catalogue in one transaction: upsert by SKU (else by barcode),
 * stock from the file recorded as movements. With onError 'abort' (the default)
 * any bad row means nothing is written.
 */
export async function importProducts(ctx: Ctx, path: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const { db, clock } = ctx;
  const onError = opts.onError ?? 'abort';
  const rates = vatRates(ctx);
  const defaultVatCode = rates.find((r) => r.code === 'high')?.code ?? rates[0]?.code ?? 'high';
  const at = clock.now().toISOString();

  const result: ImportResult = {
    file: path,
    format: null,
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    skipped: 0,
    warnings: 0,
    committed: false,
    dryRun: opts.dryRun ?? false,
    errors: [],
    warningList: [],
  };
  // The rejects file is checked (never the input, never the store) and created
  // before anything is written, so that it cannot fail after the commit.
  const rejectsFile = opts.rejectsPath ? new OutputFile(opts.rejectsPath, [path, ...storeFiles(db)], 'the rejects file') : null;
  const rejectedLines = new Set<number>();
  // Reasons are kept only for the rejects file: a file of a million bad rows must not fill memory.
  const reasons = rejectsFile ? new Map<number, string>() : null;
  const reject = (issue: RowIssue): void => {
    if (!rejectedLines.has(issue.line)) {
      result.rejected++;
      rejectedLines.add(issue.line);
    }
    if (reasons) {
      const prev = reasons.get(issue.line);
      reasons.set(issue.line, prev ? `${prev}; ${describeIssue(issue)}` : describeIssue(issue));
    }
    if (result.errors.length < MAX_LISTED) result.errors.push(issue);
  };
  // New products without a price: one warning for all of them, not one per row.
  const unpriced = { count: 0, firstLine: 0 };
  const warn = (issue: RowIssue): void => {
    result.warnings++;
    if (result.warningList.length < MAX_LISTED) result.warningList.push(issue);
  };

  let head: CatalogueHead | undefined;
  let writer: CatalogueWriter | undefined;
  let importId = 0;
  let nextId = 0;
  let firstNewId = 0;
  // Lines of the rows that created products or touched existing ones,
  // to name the first line when a SKU or barcode comes twice.
  let createdLines = new LineRuns(0);
  let touchedLines = new TouchedLines(0);
  const lineOfProduct = (id: number): number | undefined =>
    id >= firstNewId ? createdLines.get(id) : touchedLines.get(id);

  // Batches come in pieces (read-threaded.ts). The rows a piece's writing rejects
  // wait for the end of their batch, to be reported after the rows the batch's
  // reading rejected, in the order whole batches always reported them (which
  // decides the MAX_LISTED errors listed).
  let heldBack: RowIssue[] = [];
  const endBatch = (): void => {
    for (const issue of heldBack) reject(issue);
    heldBack = [];
  };

  // Reused for every new product: the writer copies the values.
  const row: NewProductRow = [0, null, '', null, 'piece', 0, '', null, 0, null, null, null];
  const newCodes: string[] = [];

  /**
   * Apply one piece of a batch: look up the SKUs and barcodes the store may
   * hold in (at most) two queries, decide per row (create, update, unchanged,
   * or reject), then write the new rows in bulk. A new product, the common
   * row, costs no allocation here beyond its entries in the two maps.
   */
  const applyPiece = (b: ProductBatch, lookupSkus: string, lookupCodes: string): void => {
    const w = writer!;
    // sku → stored product, and below → { id } of the products this piece creates.
    const stored = new Map<string, StoredProduct>();
    if (lookupSkus !== '[]') for (const s of w.findBySkus(lookupSkus)) stored.set(s.sku!, s);
    const owners = lookupCodes !== '[]' ? w.barcodeOwners(lookupCodes) : new Map<string, number>();

    for (let i = 0; i < b.count; i++) {
      const line = b.line(i);
      const sku = b.sku(i);
      let existing = sku !== null ? stored.get(sku) : undefined;
      let issues: RowIssue[] | undefined;
      if (existing) {
        const first = lineOfProduct(existing.id);
        if (first !== undefined) {
          (issues ??= []).push(rowIssue(line, 'sku', sku, `appears twice in the file (first at line ${first})`));
        }
      }
      newCodes.length = 0;
      for (let k = 0, n = b.barcodeCount(i); k < n; k++) {
        const code = b.barcode(i, k);
        const owner = owners.get(code);
        if (owner === undefined) {
          if (!newCodes.includes(code)) newCodes.push(code);
          continue;
        }
        if (existing && owner === existing.id) continue;
        const first = lineOfProduct(owner);
        if (first !== undefined) {
          (issues ??= []).push(rowIssue(line, 'barcode', code, `appears twice in the file (first at line ${first})`));
          continue;
        }
        const ownerProduct = w.findById(owner);
        if (!existing && (sku === null || ownerProduct?.sku === null)) {
          // No SKU in the row, or a product known only by its barcode (from a
          // supplier's list) that now gets its SKU: the barcode finds the product.
          existing = ownerProduct;
          if (existing && sku !== null) stored.set(sku, existing);
          continue;
        }
        const ownerSku = ownerProduct?.sku;
        (issues ??= []).push(
          rowIssue(line, 'barcode', code, `already belongs to ${ownerSku ? `SKU ${ownerSku}` : `another product (#${owner}, without SKU)`}`),
        );
      }
      if (issues) {
        for (const issue of issues) heldBack.push(issue);
        continue;
      }
      if (!existing) {
        const id = nextId++;
        row[0] = id;
        row[1] = sku;
        row[2] = b.name(i);
        row[3] = b.category(i);
        row[4] = b.unit(i) ?? 'piece';
        const priceCents = b.priceCents(i);
        if (priceCents === null && unpriced.count++ === 0) unpriced.firstLine = line;
        row[5] = priceCents ?? 0;
        row[6] = b.vatCode(i) ?? defaultVatCode;
        row[7] = b.costCents(i);
        row[8] = b.stockMilli(i) ?? 0;
        row[9] = b.reorderPointMilli(i);
        row[10] = b.reorderQtyMilli(i);
        row[11] = b.supplier(i);
        w.create(row, newCodes);
        for (const c of newCodes) owners.set(c, id);
        if (sku !== null) stored.set(sku, { id } as StoredProduct);
        createdLines.add(id, line);
        result.created++;
        continue;
      }
      touchedLines.set(existing.id, line);
      const p = b.product(i);
      const next = merge(existing, p);
      const fieldsChanged = !sameProduct(existing, next);
      const stockDelta = p.stockMilli === null ? 0 : p.stockMilli - existing.stockMilli;
      if (fieldsChanged) w.update(next);
      if (newCodes.length > 0) {
        w.addBarcodes(existing.id, newCodes);
        for (const c of newCodes) owners.set(c, existing.id);
      }
      if (stockDelta !== 0) w.moveStock(existing.id, stockDelta);
      if (fieldsChanged || newCodes.length > 0 || stockDelta !== 0) result.updated++;
      else result.unchanged++;
    }
    // The next piece's lookups must see this piece's rows.
    w.flush();
  };

  longTransaction.begin(db);
  try {
    await readCatalogueThreaded(
      path,
      { ...opts, vatRates: rates, defaultVatCode },
      opts.thread ?? 'auto',
      catalogueIsEmpty(db),
      (h) => {
        head = h;
        result.format = h.format;
        writer = new CatalogueWriter(db);
        importId = writer.beginImport(at, h.file, h.format);
        firstNewId = nextId = maxProductId(db) + 1;
        createdLines = new LineRuns(firstNewId);
        touchedLines = new TouchedLines(firstNewId);
      },
      (piece) => {
        for (const i of piece.issues) reject(i);
        for (const w of piece.warnings) warn(w);
        applyPiece(new ProductBatch(piece.products), piece.lookupSkus, piece.lookupCodes);
        if (piece.endsBatch) endBatch();
        result.rows = piece.rows;
        result.skipped = piece.skipped;
        opts.onProgress?.(piece.progressBytes, head?.totalBytes ?? 0);
      },
    );
    endBatch(); // the last batch
    result.errors.sort((a, b) => a.line - b.line);
    if (unpriced.count > 0) {
      const n = unpriced.count;
      warn(
        rowIssue(
          unpriced.firstLine,
          'price',
          null,
          `${n === 1 ? 'a new product has' : `${n} new products have`} no price (the first on this line): created at 0.00; set the price before selling`,
        ),
      );
    }
    result.warningList.sort((a, b) => a.line - b.line);
    if (rejectsFile && head) await writeRejects(path, head, reasons!, rejectsFile.partial, opts.encoding);
    const failed = result.rejected > 0 && onError === 'abort';
    if (failed || result.dryRun) {
      longTransaction.rollback(db);
    } else {
      writer!.indexNames(firstNewId);
      writer!.finishImport(importId, result);
      appendJournal(ctx, 'catalogue.imported', {
        importId,
        file: head!.file,
        format: head!.format,
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected,
      });
      longTransaction.commit(db);
      result.committed = true;
    }
  } catch (e) {
    longTransaction.rollback(db);
    rejectsFile?.discard();
    throw e;
  }
  rejectsFile?.commit();
  return result;
}

export function describeIssue(i: RowIssue): string {
  const col = i.column !== null ? `${i.column} ` : '';
  const val = i.value !== null && !i.message.includes(`"${i.value}"`) ? `"${i.value}" ` : '';
  return `${col}${val}${i.message}`.trim();
}

function rowIssue(line: number, column: string, value: string | null, message: string): RowIssue {
  return { line, column, columnNo: null, value, message };
}

/** The stored product with what the file says laid over it. */
function merge(s: StoredProduct, p: ImportedProduct): StoredProduct {
  return {
    id: s.id,
    sku: p.sku ?? s.sku,
    name: p.name,
    category: p.category ?? s.category,
    unit: p.unit ?? s.unit,
    priceCents: p.priceCents ?? s.priceCents,
    vatCode: p.vatCode ?? s.vatCode,
    costCents: p.costCents ?? s.costCents,
    stockMilli: s.stockMilli,
    reorderPointMilli: p.reorderPointMilli ?? s.reorderPointMilli,
    reorderQtyMilli: p.reorderQtyMilli ?? s.reorderQtyMilli,
    supplier: p.supplier ?? s.supplier,
  };
}

function sameProduct(a: StoredProduct, b: StoredProduct): boolean {
  return (
    a.sku === b.sku &&
    a.name === b.name &&
    a.category === b.category &&
    a.unit === b.unit &&
    a.priceCents === b.priceCents &&
    a.vatCode === b.vatCode &&
    a.costCents === b.costCents &&
    a.reorderPointMilli === b.reorderPointMilli &&
    a.reorderQtyMilli === b.reorderQtyMilli &&
    a.supplier === b.supplier
  );
}

/** Write the rejected records as they were, with a `reason` column, re-reading the file. */
async function writeRejects(
  path: string,
  head: CatalogueHead,
  rejected: Map<number, string>,
  out: string,
  encoding: TextEncodingName | undefined,
): Promise<void> {
  // Decode as the import did: the given encoding, else detected again the same way.
  const source = await openDecoded(path, encoding ? { encoding } : {});
  const ws = createWriteStream(out, { encoding: 'utf8' });
  let headerSeen = false;
  const lines: string[] = [];
  const onRecord = (fields: string[], line: number): void => {
    if (!headerSeen) {
      headerSeen = true;
      lines.push(formatCsvRow([...fields, 'reason'], head.delimiter));
      return;
    }
    const reason = rejected.get(line);
    if (reason !== undefined) lines.push(formatCsvRow([...fields, `line ${line}: ${reason}`], head.delimiter));
  };
  await parseRecords(source.chunks, head.delimiter, () => {}, onRecord, async () => {
    if (lines.length > 0 && !ws.write(lines.splice(0).join('\n') + '\n')) await once(ws, 'drain');
  });
  if (lines.length > 0) ws.write(lines.join('\n') + '\n');
  ws.end();
  await once(ws, 'finish');
}

