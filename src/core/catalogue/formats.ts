/**
 * Catalogue formats: recognise a file by its header row and map its records
 * to ImportedProducts. One module per system under ./systems; the value rules
 * every format shares are in ./row.ts. What each format's columns become is
 * documented in docs/import-formats.md.
 */
import { KassaError } from '../errors.js';
import type { DecimalMark } from '../money.js';
import { Header } from './header.js';
import type { FormatSpec, RecordReader } from './reader.js';
import { ReadContext } from './reader.js';
import { buildRow, type RowResult } from './row.js';
import { kassa, mapped } from './systems/kassa.js';
import { lightspeed } from './systems/lightspeed.js';
import { loyverse } from './systems/loyverse.js';
import { odoo } from './systems/odoo.js';
import { opensourcepos } from './systems/opensourcepos.js';
import { prestashop } from './systems/prestashop.js';
import { shopify } from './systems/shopify.js';
import { square } from './systems/square.js';
import { woocommerce } from './systems/woocommerce.js';
import { CATALOGUE_FORMATS, KASSA_COLUMNS, type CatalogueFormat, type KassaColumn, type VatRate } from './types.js';

export type { RowResult } from './row.js';

/** In the order detection tries them: the most specific headers first, our own last. */
const SPECS: readonly FormatSpec[] = [
  prestashop,
  shopify,
  loyverse,
  woocommerce,
  square,
  opensourcepos,
  lightspeed,
  odoo,
  kassa,
  mapped,
];

function specOf(format: CatalogueFormat): FormatSpec {
  const spec = SPECS.find((s) => s.format === format);
  if (!spec) {
    throw new KassaError('USAGE', `unknown catalogue format "${String(format)}"`, `use one of ${CATALOGUE_FORMATS.join(', ')}`);
  }
  return spec;
}

/**
 * The format of a file from its header row (cells compared trimmed and
 * case-insensitively), or null when it is none we know. Never `mapped`: that
 * one needs `--map`.
 */
export function detectFormat(header: readonly string[]): CatalogueFormat | null {
  const h = new Header(header);
  return SPECS.find((s) => s.detect(h))?.format ?? null;
}

export interface MapperOptions {
  format: CatalogueFormat;
  header: readonly string[];
  /** null: detect per value (or the format's own mark, e.g. Odoo's '.'). */
  decimal: DecimalMark | null;
  /** The store's rates, e.g. [{code:'high',bp:2100,…},{code:'low',bp:900,…},…]. */
  vatRates: readonly VatRate[];
  defaultVatCode: string;
  /** kassa field → header name; for `mapped`, and an override for any format. */
  map?: Record<string, string>;
}

export interface CatalogueMapper {
  format: CatalogueFormat;
  /**
   * Map one CSV record. Stateful across calls (a Shopify product's later
   * variant rows carry only the Handle; WooCommerce variations refer to their
   * parent). Rows that are not sellable items (Shopify image rows, WooCommerce
   * variable parents whose variations are imported, grouped and external
   * products, …) give product null and no issue, and count in `skipped`.
   * Blank records give product null and are not counted.
   */
  map(fields: readonly string[], line: number): RowResult;
  /** At the end of the file: the rows held back, decided (e.g. a WooCommerce parent with no variations is sellable). */
  finish(): RowResult[];
  readonly skipped: number;
}

export function createMapper(opts: MapperOptions & { delimiterHint?: string }): CatalogueMapper {
  const spec = specOf(opts.format);
  const header = new Header(opts.header);
  const overrides = resolveMap(opts.map ?? {}, header);
  if (opts.format === 'mapped') requireMapped(overrides, header);
  const env = { decimal: opts.decimal ?? spec.decimal ?? null, vatRates: opts.vatRates, defaultVatCode: opts.defaultVatCode };
  const ctx = new ReadContext(header, spec, overrides, env);
  const reader: RecordReader = spec.create(ctx);
  let finished = false;

  return {
    format: opts.format,
    map(fields, line) {
      if (fields.every((f) => f.trim() === '')) return { product: null, issues: [], warnings: [] };
      if (fields.length > header.length) {
        // Misaligned values would land in the wrong columns: refuse the row rather than guess.
        // (Fewer fields are fine: some exporters drop trailing blanks.)
        const message = `has ${fields.length} fields where the header has ${header.length}: a value may hold an unquoted "${opts.delimiterHint ?? ','}"`;
        return { product: null, issues: [{ line, column: null, columnNo: null, value: null, message }], warnings: [] };
      }
      const raw = reader.read(fields, line);
      return raw ? buildRow(raw, env) : { product: null, issues: [], warnings: [] };
    },
    finish() {
      if (finished) return [];
      finished = true;
      return reader.finish().map((raw) => buildRow(raw, env));
    },
    get skipped() {
      return reader.skipped;
    },
  };
}

function resolveMap(map: Record<string, string>, header: Header): Map<KassaColumn, number> {
  const out = new Map<KassaColumn, number>();
  for (const [field, column] of Object.entries(map)) {
    if (!isKassaColumn(field)) throw unknownField(field);
    const i = header.find(column);
    if (i === -1) {
      throw new KassaError(
        'USAGE',
        `--map ${field}=${column}: the file has no column "${column}"`,
        `columns found: ${header.describe()}`,
      );
    }
    out.set(field, i);
  }
  return out;
}

function requireMapped(overrides: ReadonlyMap<KassaColumn, number>, header: Header): void {
  const missing: string[] = [];
  if (!overrides.has('name')) missing.push('name');
  // No price column is allowed (a supplier's or Open Food Facts' list of barcodes
  // and names): new products then come in at 0.00 with a warning.
  if (!overrides.has('sku') && !overrides.has('barcode')) missing.push('sku or barcode');
  if (missing.length > 0) {
    throw new KassaError(
      'USAGE',
      `--map does not say which column holds the ${missing.join(', the ')}`,
      `add e.g. ${missing.map((m) => `${m.split(' ')[0] ?? m}=COLUMN`).join(',')} to --map; columns found: ${header.describe()}`,
    );
  }
}

function isKassaColumn(s: string): s is KassaColumn {
  return (KASSA_COLUMNS as readonly string[]).includes(s);
}

function unknownField(field: string): KassaError {
  return new KassaError(
    'USAGE',
    `--map: "${field}" is not a Kassa field`,
    `map one of ${KASSA_COLUMNS.join(', ')} to a column, e.g. --map sku=ordernumber,price=price,name=_name`,
  );
}

/** `sku=ordernumber,price=price,name=_name` → `{ sku: 'ordernumber', price: 'price', name: '_name' }`. */
export function parseMapSpec(spec: string): Record<string, string> {
  const out: Record<string, string> = {};
  const parts = spec.split(',').filter((p) => p.trim() !== '');
  if (parts.length === 0) {
    throw new KassaError('USAGE', '--map is empty', `give FIELD=COLUMN pairs, e.g. --map sku=ordernumber,price=price,name=_name; fields: ${KASSA_COLUMNS.join(', ')}`);
  }
  for (const part of parts) {
    const eq = part.indexOf('=');
    const field = (eq === -1 ? part : part.slice(0, eq)).trim().toLowerCase();
    const column = eq === -1 ? '' : part.slice(eq + 1).trim();
    if (!isKassaColumn(field)) throw unknownField(field);
    if (column === '') {
      throw new KassaError('USAGE', `--map ${part.trim()}: say which column holds the ${field}`, `write it as ${field}=COLUMN`);
    }
    if (field in out) {
      throw new KassaError('USAGE', `--map names the ${field} twice`, `keep one ${field}=COLUMN`);
    }
    out[field] = column;
  }
  return out;
}
