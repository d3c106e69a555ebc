import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { CsvParser, detectDelimiter, formatCsvRow, splitFirstLine } from '../../core/csv.js';
import type { CatalogueFormat, ImportedProduct, RowIssue } from '../../core/catalogue/types.js';
import { CatalogueWriter, type NewProductRow, type StoredProduct } from '../../db/catalogue-writer.js';
import { maxProductId } from '../../db/products.js';
import type { Ctx } from '../context.js';
import { vatRates } from '../config.js';
import { openDecoded } from './decode.js';
import { readCatalogue, type CatalogueHead, type ReadOptions } from './read-catalogue.js';

export interface ImportOptions extends Omit<ReadOptions, 'vatRates' | 'defaultVatCode'> {
  onError?: 'abort' | 'skip';
  rejectsPath?: string;
  dryRun?: boolean;
  onProgress?: (done: number, total: number) => void;
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
  const rejectedLines = new Map<number, string>();
  const reject = (issue: RowIssue): void => {
    if (!rejectedLines.has(issue.line)) result.rejected++;
    const prev = rejectedLines.get(issue.line);
    rejectedLines.set(issue.line, prev ? `${prev}; ${describeIssue(issue)}` : describeIssue(issue));
    if (result.errors.length < MAX_LISTED) result.errors.push(issue);
  };
  const warn = (issue: RowIssue): void => {
    result.warnings++;
    if (result.warningList.length < MAX_LISTED) result.warningList.push(issue);
  };

  let head: CatalogueHead | undefined;
  let writer: CatalogueWriter | undefined;
  let ref = '';
  let nextId = 0;
  let firstNewId = 0;
  // Lines of the rows that created products (by id - firstNewId) or touched existing ones,
  // to name the first line when a SKU or barcode comes twice.
  const createdLines: number[] = [];
  const touchedLines = new Map<number, number>();
  const lineOfProduct = (id: number): number | undefined =>
    id >= firstNewId ? createdLines[id - firstNewId] : touchedLines.get(id);

  /**
   * Apply one batch: look up its SKUs and barcodes in two queries, decide per row
   * (create, update, unchanged, or reject), then insert the new products in bulk.
   */
  const applyBatch = (rows: ImportedProduct[]): void => {
    const w = writer!;
    const skus = new Set<string>();
    const allCodes = new Set<string>();
    for (const p of rows) {
      if (p.sku !== null) skus.add(p.sku);
      for (const c of p.barcodes) allCodes.add(c);
    }
    const stored = new Map(w.findBySkus([...skus]).map((s) => [s.sku!, s]));
    const owners = w.barcodeOwners([...allCodes]);

    for (const p of rows) {
      let existing = p.sku !== null ? stored.get(p.sku) : undefined;
      const issues: RowIssue[] = [];
      if (existing) {
        const first = lineOfProduct(existing.id);
        if (first !== undefined) {
          issues.push(rowIssue(p.line, 'sku', p.sku, `SKU "${p.sku}" appears twice in the file (first at line ${first})`));
        }
      }
      const newCodes: string[] = [];
      for (const code of p.barcodes) {
        const owner = owners.get(code);
        if (owner === undefined) {
          if (!newCodes.includes(code)) newCodes.push(code);
          continue;
        }
        if (existing && owner === existing.id) continue;
        const first = lineOfProduct(owner);
        if (first !== undefined) {
          issues.push(rowIssue(p.line, 'barcode', code, `barcode ${code} appears twice in the file (first at line ${first})`));
          continue;
        }
        if (!existing && p.sku === null) {
          // No SKU: the barcode is how the row finds its product.
          existing = w.findById(owner);
          continue;
        }
        const ownerSku = w.findById(owner)?.sku;
        issues.push(
          rowIssue(p.line, 'barcode', code, `barcode ${code} already belongs to ${ownerSku ? `SKU ${ownerSku}` : `product #${owner}`}`),
        );
      }
      if (issues.length > 0) {
        for (const i of issues) reject(i);
        continue;
      }
      if (!existing) {
        const id = nextId++;
        const stockMilli = p.stockMilli ?? 0;
        const row: NewProductRow = [
          id,
          p.sku,
          p.name,
          p.category,
          p.unit ?? 'piece',
          p.priceCents ?? 0,
          p.vatCode ?? defaultVatCode,
          p.costCents,
          stockMilli,
          p.reorderPointMilli,
          p.reorderQtyMilli,
          p.supplier,
        ];
        w.create(row, newCodes, ref, at);
        for (const c of newCodes) owners.set(c, id);
        if (p.sku !== null) stored.set(p.sku, { id } as StoredProduct);
        createdLines[id - firstNewId] = p.line;
        result.created++;
        continue;
      }
      touchedLines.set(existing.id, p.line);
      const next = merge(existing, p);
      const fieldsChanged = !sameProduct(existing, next);
      const stockDelta = p.stockMilli === null ? 0 : p.stockMilli - existing.stockMilli;
      if (fieldsChanged) w.update(next);
      if (newCodes.length > 0) {
        w.addBarcodes(existing.id, newCodes);
        for (const c of newCodes) owners.set(c, existing.id);
      }
      if (stockDelta !== 0) w.moveStock(existing.id, stockDelta, ref, at);
      if (fieldsChanged || newCodes.length > 0 || stockDelta !== 0) result.updated++;
      else result.unchanged++;
    }
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    await readCatalogue(
      path,
      { ...opts, vatRates: rates, defaultVatCode },
      (h) => {
        head = h;
        result.format = h.format;
        writer = new CatalogueWriter(db);
        const importId = writer.beginImport(at, h.file, h.format);
        ref = `import:${importId}`;
        firstNewId = nextId = maxProductId(db) + 1;
      },
      (batch) => {
        for (const i of batch.issues) reject(i);
        for (const w of batch.warnings) warn(w);
        applyBatch(batch.products);
        result.rows = batch.rows;
        result.skipped = batch.skipped;
        opts.onProgress?.(batch.progressBytes, head?.totalBytes ?? 0);
      },
    );
    result.errors.sort((a, b) => a.line - b.line);
    result.warningList.sort((a, b) => a.line - b.line);
    const failed = result.rejected > 0 && onError === 'abort';
    if (failed || result.dryRun) {
      db.exec('ROLLBACK');
    } else {
      writer!.indexNames(firstNewId);
      writer!.finishImport(Number(ref.slice('import:'.length)), result);
      db.exec('COMMIT');
      result.committed = true;
    }
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw e;
  }
  if (opts.rejectsPath && rejectedLines.size > 0 && head) {
    await writeRejects(path, head, rejectedLines, opts.rejectsPath, opts);
  }
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
  opts: ImportOptions,
): Promise<void> {
  const source = await openDecoded(path, opts.encoding ? { encoding: opts.encoding } : {});
  const ws = createWriteStream(out, { encoding: 'utf8' });
  let parser: CsvParser | undefined;
  let pending = '';
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
  for await (const chunk of source.chunks) {
    if (!parser) {
      pending += chunk;
      if (splitFirstLine(pending).length === pending.length && pending.length < 1 << 20) continue;
      parser = new CsvParser({ delimiter: head.delimiter ?? detectDelimiter(splitFirstLine(pending)) });
      parser.push(pending, onRecord);
    } else parser.push(chunk, onRecord);
    if (lines.length > 0 && !ws.write(lines.splice(0).join('\n') + '\n')) await once(ws, 'drain');
  }
  if (!parser) {
    parser = new CsvParser({ delimiter: head.delimiter });
    parser.push(pending, onRecord);
  }
  parser.end(onRecord);
  if (lines.length > 0) ws.write(lines.join('\n') + '\n');
  ws.end();
  await once(ws, 'finish');
}

