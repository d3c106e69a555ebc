/**
 * Finding columns in a catalogue's header row. Header cells are compared
 * trimmed, case-insensitively and with runs of spaces collapsed: OSPOS writes
 * `Tax 2 Name ` with a trailing space, PrestaShop `Acessories  (x,y,z...)`
 * with two, and a byte order mark may still sit on the first cell.
 */

import { KassaError } from '../errors.js';

/** One value of a record and where it came from, for messages. */
export interface Cell {
  text: string;
  column: string | null; // header name as written (trimmed)
  columnNo: number | null; // 1-based
}

export function headerKey(cell: string): string {
  return cell.replace(/^\uFEFF/, '').trim().replace(/\s+/g, ' ').toLowerCase();
}

export class Header {
  /** The cells as written, trimmed, without a byte order mark. */
  readonly names: readonly string[];
  readonly #keys: readonly string[];

  constructor(cells: readonly string[]) {
    this.names = cells.map((c) => c.replace(/^\uFEFF/, '').trim());
    this.#keys = cells.map(headerKey);
  }

  get length(): number {
    return this.names.length;
  }

  /** Index of the first of `names` present in the header (earlier names win), or -1. */
  find(...names: string[]): number {
    for (const n of names) {
      const key = headerKey(n);
      const i = this.#keys.indexOf(key);
      if (i === -1) continue;
      const j = this.#keys.indexOf(key, i + 1);
      if (j !== -1) {
        // Which of the two is meant? Refuse rather than take the first silently.
        throw new KassaError(
          'IMPORT_FORMAT_UNKNOWN',
          `the header has the column "${this.names[i]}" twice (columns ${i + 1} and ${j + 1})`,
          'rename or remove one of them',
        );
      }
      return i;
    }
    return -1;
  }

  has(...names: string[]): boolean {
    return this.find(...names) !== -1;
  }

  /** Index of the first column whose name starts with `prefix` (and is not one of `except`), or -1. */
  findPrefix(prefix: string, except: readonly string[] = []): number {
    const p = headerKey(prefix);
    const ex = except.map(headerKey);
    return this.#keys.findIndex((k) => k.startsWith(p) && k.length > p.length && !ex.includes(k));
  }

  /** Indexes of columns matching `re` (tested on the lower-case key), ordered by the number in group 1. */
  findNumbered(re: RegExp): number[] {
    const found: { i: number; n: number }[] = [];
    this.#keys.forEach((k, i) => {
      const m = re.exec(k);
      if (m) found.push({ i, n: Number(m[1] ?? 0) });
    });
    return found.sort((a, b) => a.n - b.n).map((f) => f.i);
  }

  /** The cell of column `index` in a record; null when the header has no such column. */
  cell(fields: readonly string[], index: number): Cell | null {
    if (index < 0) return null;
    return { text: fields[index] ?? '', column: this.names[index] ?? null, columnNo: index + 1 };
  }

  /** The trimmed text of column `index` ('' when absent). */
  text(fields: readonly string[], index: number): string {
    return index < 0 ? '' : (fields[index] ?? '').trim();
  }

  /** The header for a message: `"Handle", "Title", …`. */
  describe(): string {
    return this.names.map((n) => JSON.stringify(n)).join(', ');
  }
}

/** A cell with other text (a name composed from several columns) keeping the column it is reported under. */
export function withText(cell: Cell | null, text: string): Cell {
  return { text, column: cell?.column ?? null, columnNo: cell?.columnNo ?? null };
}

export function isBlank(cell: Cell | null | undefined): boolean {
  return !cell || cell.text.trim() === '';
}
