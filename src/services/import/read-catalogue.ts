import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { CsvParser, detectDelimiter, splitFirstLine, type Delimiter } from '../../core/csv.js';
import { KassaError } from '../../core/errors.js';
import { createMapper, detectFormat } from '../../core/catalogue/formats.js';
import type { CatalogueFormat, ImportedProduct, RowIssue, VatRate } from '../../core/catalogue/types.js';
import type { DecimalMark } from '../../core/money.js';
import { openDecoded, type TextEncodingName } from './decode.js';

export interface ReadOptions {
  format?: CatalogueFormat;
  map?: Record<string, string>;
  delimiter?: Delimiter;
  encoding?: TextEncodingName;
  decimal?: DecimalMark;
  vatRates: readonly VatRate[];
  defaultVatCode: string;
  batchSize?: number;
}

export interface CatalogueHead {
  file: string;
  format: CatalogueFormat;
  encoding: TextEncodingName;
  delimiter: Delimiter;
  header: string[];
  totalBytes: number;
}

export interface CatalogueBatch {
  products: ImportedProduct[];
  issues: RowIssue[];
  warnings: RowIssue[];
  /** data records read so far (not counting the header), and skipped non-item rows */
  rows: number;
  skipped: number;
  /** characters decoded so far, for progress */
  progressBytes: number;
}

/**
 * Read a catalogue file: decode, parse CSV, recognise the format from the header,
 * and map each record to an ImportedProduct, in batches. Pure reading: nothing
 * here touches the store, so it can run on another thread.
 */
export async function readCatalogue(
  path: string,
  opts: ReadOptions,
  onHead: (head: CatalogueHead) => void,
  onBatch: (batch: CatalogueBatch) => void | Promise<void>,
): Promise<void> {
  const file = basename(path);
  const totalBytes = statSafe(path);
  const source = await openDecoded(path, opts.encoding ? { encoding: opts.encoding } : {});
  const batchSize = opts.batchSize ?? 2000;

  let delimiter: Delimiter | undefined;
  let header: string[] | undefined;
  let mapper: ReturnType<typeof createMapper> | undefined;
  let rows = 0;
  let progress = 0;
  let batch: CatalogueBatch = newBatch();
  const full: CatalogueBatch[] = [];

  function newBatch(): CatalogueBatch {
    return { products: [], issues: [], warnings: [], rows: 0, skipped: 0, progressBytes: 0 };
  }

  const onRecord = (fields: string[], line: number): void => {
    if (!header) {
      header = fields;
      // --map overrides fields of a recognised format, or maps an unknown one whole.
      const format = opts.format ?? detectFormat(header) ?? (opts.map ? 'mapped' : null);
      if (!format) {
        throw new KassaError(
          'IMPORT_FORMAT_UNKNOWN',
          `${file}: the columns (${header.slice(0, 8).join(', ')}${header.length > 8 ? ', …' : ''}) are not a catalogue format kassa knows`,
          'pass --format (kassa, shopify, woocommerce, square, opensourcepos, lightspeed, loyverse, odoo, prestashop), or --map sku=COLUMN,name=COLUMN,price=COLUMN,...',
        );
      }
      mapper = createMapper({
        format,
        header,
        decimal: opts.decimal ?? null,
        vatRates: opts.vatRates,
        defaultVatCode: opts.defaultVatCode,
        delimiterHint: delimiter === '\t' ? 'tab' : delimiter!,
        ...(opts.map ? { map: opts.map } : {}),
      });
      onHead({ file, format, encoding: source.encoding, delimiter: delimiter!, header, totalBytes });
      return;
    }
    rows++;
    collect(mapper!.map(fields, line));
    // Rejected rows count too: a file of bad rows must not pile its issues up in one batch.
    if (batch.products.length + batch.issues.length >= batchSize) flush();
  };

  function collect(r: { product: ImportedProduct | null; issues: RowIssue[]; warnings: RowIssue[] }): void {
    if (r.issues.length > 0) batch.issues.push(...r.issues);
    else if (r.product) batch.products.push(r.product);
    if (r.warnings.length > 0) batch.warnings.push(...r.warnings);
  }

  function flush(): void {
    batch.rows = rows;
    batch.skipped = mapper?.skipped ?? 0;
    batch.progressBytes = progress;
    full.push(batch);
    batch = newBatch();
  }

  await parseRecordsOf(
    file,
    source.chunks,
    opts.delimiter,
    (d) => (delimiter = d),
    onRecord,
    async (chunkLength) => {
      progress += chunkLength;
      for (const b of full.splice(0)) await onBatch(b);
    },
  );
  if (!header) {
    throw new KassaError('IMPORT_FILE_UNREADABLE', `${file} is empty`, 'a catalogue starts with a header row');
  }
  for (const r of mapper!.finish()) collect(r);
  flush();
  for (const b of full.splice(0)) await onBatch(b);
}

/**
 * Parse decoded text as CSV, choosing the delimiter from the header line unless
 * one is given. `afterChunk` runs (and is awaited) after each chunk's records.
 */
export async function parseRecords(
  chunks: AsyncIterable<string>,
  given: Delimiter | undefined,
  onDelimiter: (d: Delimiter) => void,
  onRecord: (fields: string[], line: number) => void,
  afterChunk: (chunkLength: number) => void | Promise<void> = () => {},
): Promise<void> {
  let parser: CsvParser | undefined;
  let pending = '';
  const start = (): CsvParser => {
    const delimiter = given ?? detectDelimiter(splitFirstLine(pending));
    onDelimiter(delimiter);
    const p = new CsvParser({ delimiter });
    p.push(pending, onRecord);
    pending = '';
    return p;
  };
  for await (const chunk of chunks) {
    if (parser) parser.push(chunk, onRecord);
    else {
      pending += chunk;
      // Wait for the whole header line (or 1 MiB of it) before choosing the delimiter.
      if (splitFirstLine(pending).length < pending.length || pending.length >= 1 << 20) parser = start();
    }
    await afterChunk(chunk.length);
  }
  (parser ?? start()).end(onRecord);
}

/** parseRecords, with the file named in CSV errors. */
async function parseRecordsOf(file: string, ...args: Parameters<typeof parseRecords>): Promise<void> {
  try {
    await parseRecords(...args);
  } catch (e) {
    if (e instanceof KassaError && e.code === 'CSV_MALFORMED') throw new KassaError(e.code, `${file}: ${e.message}`, e.hint);
    throw e;
  }
}

function statSafe(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
