/** Test helpers: CSV text → records with their physical line, and a mapper run over all of them. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { createMapper, type MapperOptions, type RowResult } from '../../../src/core/catalogue/formats.js';
import type { CatalogueFormat, ImportedProduct, RowIssue, VatRate } from '../../../src/core/catalogue/types.js';

export const RATES: readonly VatRate[] = [
  { code: 'high', bp: 2100, label: 'hoog' },
  { code: 'low', bp: 900, label: 'laag' },
  { code: 'zero', bp: 0, label: 'nul' },
  { code: 'exempt', bp: null, label: 'vrijgesteld' },
];

export interface Rec {
  fields: string[];
  line: number;
}

const FIXTURES = new URL('../../../fixtures/formats/', import.meta.url);

export function fixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** Records with the line each starts on (csv-parse reports the line each ends on). */
export function records(text: string, delimiter = ','): Rec[] {
  const rows = parse(text, { delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  return rows.map(({ record, info }) => ({
    fields: record,
    line: info.lines - (record.join('').match(/\r\n|\r|\n/g)?.length ?? 0),
  }));
}

export interface Run {
  header: string[];
  results: RowResult[];
  products: ImportedProduct[];
  issues: RowIssue[];
  warnings: RowIssue[];
  skipped: number;
}

export type RunOptions = Partial<Omit<MapperOptions, 'format' | 'header'>> & { delimiter?: string };

export function run(format: CatalogueFormat, text: string, opts: RunOptions = {}): Run {
  const [head, ...rest] = records(text, opts.delimiter);
  if (!head) throw new Error('no header');
  return runRecords(format, head.fields, rest, opts);
}

/** The header row of a fixture file. */
export function headerOf(name: string, delimiter = ','): string[] {
  const first = records(fixture(name), delimiter)[0];
  if (!first) throw new Error(`${name} has no header`);
  return first.fields;
}

/** Records for `header` from objects keyed by header name (missing columns are blank); lines 2, 3, … */
export function rowsFor(header: readonly string[], rows: Record<string, string>[]): Rec[] {
  const names = header.map((h) => h.replace(/^\uFEFF/, '').trim());
  return rows.map((row, i) => {
    for (const k of Object.keys(row)) if (!names.includes(k)) throw new Error(`no column "${k}" in the header`);
    return { fields: names.map((n) => row[n] ?? ''), line: i + 2 };
  });
}

export function runRecords(format: CatalogueFormat, header: readonly string[], rest: readonly Rec[], opts: RunOptions = {}): Run {
  const head = { fields: [...header] };
  const mapper = createMapper({
    format,
    header: head.fields,
    decimal: opts.decimal ?? null,
    vatRates: opts.vatRates ?? RATES,
    defaultVatCode: opts.defaultVatCode ?? 'high',
    ...(opts.map ? { map: opts.map } : {}),
  });
  const results = rest.map((r) => mapper.map(r.fields, r.line));
  results.push(...mapper.finish());
  return {
    header: head.fields,
    results,
    products: results.flatMap((r) => (r.product ? [r.product] : [])),
    issues: results.flatMap((r) => r.issues),
    warnings: results.flatMap((r) => r.warnings),
    skipped: mapper.skipped,
  };
}

/** Lines joined into a CSV text. */
export function csv(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

/** A product with every field null/empty, for toEqual with only what a test is about. */
export function product(p: Partial<ImportedProduct> & { line: number; name: string }): ImportedProduct {
  return {
    sku: null,
    barcodes: [],
    category: null,
    unit: null,
    priceCents: null,
    vatCode: null,
    costCents: null,
    stockMilli: null,
    reorderPointMilli: null,
    reorderQtyMilli: null,
    supplier: null,
    ...p,
  };
}
