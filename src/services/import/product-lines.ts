/**
 * Where in the file the products an import created or touched came from, for
 * "appears twice in the file (first at line N)", kept in little memory.
 */

/**
 * The file line of each product an import created, for "appears twice in the
 * file (first at line N)". Products are created with consecutive ids in file
 * order, so line − id stays the same along a stretch of rows and changes only
 * where rows were rejected or skipped, a record spans lines, or blank lines
 * come between. Storing one entry per stretch keeps this a few bytes for a
 * clean million-row file where an array of lines took 8 MB (more while it grew).
 */
export class LineRuns {
  /** First id of each stretch and its line − id, in id order. */
  #ids: Float64Array<ArrayBuffer> = new Float64Array(64);
  #offsets: Float64Array<ArrayBuffer> = new Float64Array(64);
  #runs = 0;
  /** The next id `add` expects. */
  #next: number;

  constructor(firstId: number) {
    this.#next = firstId;
  }

  /** Record the line of product `id`, which must be the next id after the last one added. */
  add(id: number, line: number): void {
    if (id !== this.#next) throw new Error(`LineRuns: id ${id} out of order (expected ${this.#next})`);
    this.#next++;
    const offset = line - id;
    if (this.#runs > 0 && this.#offsets[this.#runs - 1] === offset) return;
    if (this.#runs === this.#ids.length) {
      this.#ids = grow(this.#ids);
      this.#offsets = grow(this.#offsets);
    }
    this.#ids[this.#runs] = id;
    this.#offsets[this.#runs] = offset;
    this.#runs++;
  }

  /** The line of product `id`, or undefined when it was not added. */
  get(id: number): number | undefined {
    if (this.#runs === 0 || id < this.#ids[0]! || id >= this.#next) return undefined;
    // The last stretch starting at or before id.
    let lo = 0;
    let hi = this.#runs - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#ids[mid]! <= id) lo = mid;
      else hi = mid - 1;
    }
    return id + this.#offsets[lo]!;
  }
}

function grow(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

/** Stores of up to this many products keep touched lines in a typed array (at most 64 MiB). */
const MAX_DENSE_IDS = 1 << 24;

/**
 * The file line of each stored product an import touched (updated or found
 * unchanged), by id. Re-importing a million-product catalogue touches a
 * million products: in a Map that took some 40 MB (60 while it grew); ids
 * below the import's first new id are dense enough for a Uint32Array, 4 bytes
 * per product in the store. Odd ids (none a Kassa store makes) go in a Map.
 */
export class TouchedLines {
  readonly #limit: number;
  #dense: Uint32Array | undefined;
  readonly #sparse = new Map<number, number>();

  /** @param limit one more than the highest id a stored product has */
  constructor(limit: number) {
    this.#limit = limit <= MAX_DENSE_IDS ? limit : 0;
  }

  set(id: number, line: number): void {
    if (id >= 1 && id < this.#limit && line >= 1 && line <= 0xffffffff) (this.#dense ??= new Uint32Array(this.#limit))[id] = line;
    else this.#sparse.set(id, line);
  }

  get(id: number): number | undefined {
    if (id >= 1 && id < this.#limit) {
      const line = this.#dense?.[id] ?? 0;
      if (line !== 0) return line;
    }
    return this.#sparse.get(id);
  }
}
