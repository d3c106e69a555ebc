/**
 * Kassa's CSV parser against csv-parse, the reference, on real exports: every
 * file decoded by openDecoded must give the same records from both.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvParser, detectDelimiter, splitFirstLine, type Delimiter } from '../../../src/core/csv.js';
import { KassaError } from '../../../src/core/errors.js';
import { openDecoded } from '../../../src/services/import/decode.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');

const files = [
  ...readdirSync(join(FIXTURES, 'quirks')).map((f) => `quirks/${f}`),
  ...readdirSync(join(FIXTURES, 'formats')).map((f) => `formats/${f}`),
  'products/off_nl_sample1000.csv',
  'products/off_nl_full.csv',
  'products/openfoodfacts_excel_damaged.csv',
  'products/openfoodfacts_export_2019.tsv',
].filter((f) => /\.(csv|tsv)$/.test(f));

/** Files that are not valid CSV and must be rejected, with the message. */
const REJECTED: Record<string, string> = {
  'quirks/null_byte.csv': 'line 2: NUL character',
};

/** Delimiters a person would name for these files; the rest use ','. */
const DELIMITERS: Record<string, Delimiter> = {
  'quirks/shopware5_prices_semicolon_decimal_comma.csv': ';',
  'quirks/shopware5_prices_windows1252.csv': ';',
  'formats/prestashop__products_import.csv': ';',
  'formats/shopware__header_sw6_default_product_profile.csv': ';',
  'products/openfoodfacts_export_2019.tsv': '\t',
};

async function decode(file: string, highWaterMark?: number): Promise<string[]> {
  const source = await openDecoded(join(FIXTURES, file), highWaterMark ? { highWaterMark } : {});
  const chunks: string[] = [];
  for await (const chunk of source.chunks) chunks.push(chunk);
  return chunks;
}

function kassaParse(chunks: readonly string[], delimiter: Delimiter): string[][] {
  const records: string[][] = [];
  const parser = new CsvParser({ delimiter });
  const onRecord = (fields: string[]): void => {
    records.push(fields);
  };
  for (const chunk of chunks) parser.push(chunk, onRecord);
  parser.end(onRecord);
  return records;
}

function referenceParse(text: string, delimiter: Delimiter): string[][] {
  return parse(text, {
    delimiter,
    relax_column_count: true, // ragged rows are data (bad.csv), not errors
    relax_quotes: true, // a quote inside an unquoted field is literal (openfoodfacts_export_2019.tsv)
    skip_empty_lines: true,
    bom: true,
  });
}

describe('the CSV parser agrees with csv-parse on the fixture files', () => {
  it('covers the files', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(files).toContain('quirks/mac_newlines.csv');
    expect(files).toContain('products/off_nl_sample1000.csv');
  });

  it.each(files.filter((f) => !(f in REJECTED)))('%s', async (file) => {
    const chunks = await decode(file);
    const text = chunks.join('');
    const delimiter = detectDelimiter(splitFirstLine(text));
    expect(delimiter).toBe(DELIMITERS[file] ?? ',');

    const expected = referenceParse(text, delimiter);
    expect(expected.length).toBeGreaterThan(0);
    expect(kassaParse(chunks, delimiter)).toEqual(expected);
    // Again in odd-sized chunks that end inside fields, quotes and characters.
    const highWaterMark = file.startsWith('products/') ? 4099 : 61;
    expect(kassaParse(await decode(file, highWaterMark), delimiter)).toEqual(expected);
  });

  it.each(Object.entries(REJECTED))('%s is rejected: %s', async (file, message) => {
    const chunks = await decode(file);
    const error = (() => {
      try {
        kassaParse(chunks, ',');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(KassaError);
    expect(error).toMatchObject({ code: 'CSV_MALFORMED', message });
  });
});
