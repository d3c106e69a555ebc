/**
 * What every format module implements: pick the cells of one record
 * (RawRecord), decide what is not a sellable item, and hold rows back when a
 * later row decides about them. The value rules live in row.ts.
 */
import { KassaError } from '../errors.js';
import type { DecimalMark } from '../money.js';
import { Header, type Cell } from './header.js';
import { emptyRecord, type RawRecord, type RowEnv } from './row.js';
import type { CatalogueFormat, KassaColumn } from './types.js';

export interface RecordReader {
  /** The record's cells; null when the row is skipped (counted in `skipped`) or held back for finish(). */
  read(fields: readonly string[], line: number): RawRecord | null;
  /** Rows held back, now decided. */
  finish(): RawRecord[];
  readonly skipped: number;
}

export interface FormatSpec {
  format: CatalogueFormat;
  label: string; // 'Shopify'
  /** The decimal mark the system always writes, used when the caller does not give one. */
  decimal?: DecimalMark;
  /** From the header row, trimmed and lower-cased cells. */
  detect(header: Header): boolean;
  /** Throws when a required column is missing; returns the reader. */
  create(ctx: ReadContext): RecordReader;
}

type CellParts = Partial<Omit<RawRecord, 'line' | 'issues' | 'warnings'>>;

/** A field name of the kassa format → the RawRecord slot it fills. */
const SLOT: Record<KassaColumn, keyof CellParts> = {
  sku: 'sku',
  barcode: 'barcodes',
  name: 'name',
  category: 'category',
  unit: 'unit',
  price: 'price',
  vat: 'vat',
  cost: 'cost',
  stock: 'stock',
  reorder_point: 'reorderPoint',
  reorder_qty: 'reorderQty',
  supplier: 'supplier',
};

/**
 * The header, and the `--map` overrides resolved to column indexes. A field
 * given in `--map` always comes from its column, parsed as in the kassa format,
 * whatever the format would have done for it.
 */
export class ReadContext {
  readonly #overrides: ReadonlyMap<KassaColumn, number>;

  constructor(
    readonly header: Header,
    readonly spec: FormatSpec,
    overrides: ReadonlyMap<KassaColumn, number>,
    readonly env: RowEnv,
  ) {
    this.#overrides = overrides;
  }

  overridden(field: KassaColumn): boolean {
    return this.#overrides.has(field);
  }

  /** Index of the first of `names` present; throws IMPORT_FORMAT_UNKNOWN naming `names[0]` when none is and `field` is not mapped. */
  require(field: KassaColumn, ...names: string[]): number {
    const i = this.header.find(...names);
    if (i === -1 && !this.overridden(field)) {
      throw new KassaError(
        'IMPORT_FORMAT_UNKNOWN',
        `this ${this.spec.label} file has no "${names[0]}" column for the ${field} (header found: ${this.header.describe()})`,
        `check the file is a ${this.spec.label} export, or say which column holds the ${field} with --map ${field}=COLUMN`,
      );
    }
    return i;
  }

  /** At least one of the columns for sku or barcode (or either mapped). */
  requireSkuOrBarcode(skuNames: readonly string[], barcodeNames: readonly string[]): void {
    if (this.overridden('sku') || this.overridden('barcode')) return;
    if (this.header.has(...skuNames) || this.header.has(...barcodeNames)) return;
    const all = [...skuNames, ...barcodeNames].map((n) => `"${n}"`).join(' or ');
    throw new KassaError(
      'IMPORT_FORMAT_UNKNOWN',
      `this ${this.spec.label} file has no ${all} column, so its products cannot be matched (header found: ${this.header.describe()})`,
      'say which column holds the sku or the barcode with --map sku=COLUMN or --map barcode=COLUMN',
    );
  }

  /** A RawRecord from the format's cells, with the `--map` overrides applied on top. */
  record(fields: readonly string[], line: number, parts: CellParts): RawRecord {
    // Assigned onto one fresh record rather than spread into a third object: once per row.
    return this.withOverrides(fields, Object.assign(emptyRecord(line), parts));
  }

  /** `r` with the `--map` overrides applied on top (for readers that fill a record themselves). */
  withOverrides(fields: readonly string[], r: RawRecord): RawRecord {
    if (this.#overrides.size === 0) return r;
    for (const [field, index] of this.#overrides) {
      const cell = this.header.cell(fields, index) as Cell;
      switch (field) {
        case 'barcode':
          r.barcodes = [cell];
          break;
        case 'unit':
          r.unit = cell;
          r.unitStyle = 'kassa';
          break;
        case 'vat':
          r.vat = cell;
          r.vatStyle = 'codeOrPercent';
          break;
        case 'price':
          r.price = cell;
          r.priceExcludesVat = false;
          break;
        default:
          (r as unknown as Record<string, Cell | null>)[SLOT[field]] = cell;
      }
    }
    return r;
  }
}

/** A reader without state: one record in, one RawRecord (or a skip) out. */
export function statelessReader(read: (fields: readonly string[], line: number) => RawRecord | 'skip'): RecordReader {
  let skipped = 0;
  return {
    read(fields, line) {
      const r = read(fields, line);
      if (r === 'skip') {
        skipped++;
        return null;
      }
      return r;
    },
    finish: () => [],
    get skipped() {
      return skipped;
    },
  };
}
