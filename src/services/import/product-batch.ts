/**
 * Mapped products in the form they cross from the reading thread to the
 * writing one (see read-threaded.ts), and the view the writer reads them through.
 *
 * Why not an array of ImportedProduct: `postMessage` clones it with V8's
 * serializer, and on the receiving side rebuilding thirteen-property objects
 * costs about 1 s per million rows on the thread that should only be writing
 * to SQLite. Packed as one string and one Float64Array, the same rows
 * deserialize in ~0.06 s per million and split in ~0.1 s more, and the
 * writer allocates nothing per row but the strings it binds.
 *
 * Reading on the calling thread (small files) uses the same form, so the
 * import has one way of applying rows whatever thread read them.
 */
import type { ImportedProduct, Unit } from '../../core/catalogue/types.js';

/** What `pack` makes: plain data, cheap to clone; `nums.buffer` may be transferred. */
export interface PackedProducts {
  count: number;
  /**
   * Per product, in order: sku, name, category, unit, vatCode, supplier, then
   * its barcodes, each followed by a NUL. The CSV parser refuses any NUL in a
   * file (csv.ts), so no field holds one; `ProductBatch` checks the count anyway.
   */
  text: string;
  /** Per product NUMS numbers: see the N_* offsets. A null number is stored as 0 with its bit set in the null mask. */
  nums: Float64Array;
}

const SEP = '\0';

// The strings of a product, in `text` order.
const S_SKU = 0;
const S_NAME = 1;
const S_CATEGORY = 2;
const S_UNIT = 3;
const S_VAT = 4;
const S_SUPPLIER = 5;
const STRINGS = 6;

// The numbers of a product, in `nums`.
const N_LINE = 0;
const N_CODES = 1;
/** Bit per nullable field: the six strings (bits 0–5, by S_*), then the five numbers (bits 6–10). */
const N_NULLS = 2;
const N_PRICE = 3;
const N_COST = 4;
const N_STOCK = 5;
const N_REORDER_POINT = 6;
const N_REORDER_QTY = 7;
const NUMS = 8;

/** The null-mask bit of number field N_x. */
const numBit = (n: number): number => 1 << (STRINGS + n - N_PRICE);

/**
 * Pack products for the writer. Their strings end up copied into one (when it
 * is sent or split), so no field keeps the CSV chunk it was cut from alive.
 */
export function pack(products: readonly ImportedProduct[]): PackedProducts {
  const count = products.length;
  const nums = new Float64Array(count * NUMS);
  // Concatenated rather than joined from an array: a little cheaper, measured;
  // the string is flattened once, by postMessage or by the writer's split.
  let text = '';
  for (let i = 0; i < count; i++) {
    const p = products[i]!;
    const o = i * NUMS;
    let nulls = 0;
    // Written out rather than through helpers: this runs once per row.
    if (p.sku === null) nulls |= 1 << S_SKU;
    if (p.category === null) nulls |= 1 << S_CATEGORY;
    if (p.unit === null) nulls |= 1 << S_UNIT;
    if (p.vatCode === null) nulls |= 1 << S_VAT;
    if (p.supplier === null) nulls |= 1 << S_SUPPLIER;
    text += (p.sku ?? '') + SEP + p.name + SEP + (p.category ?? '') + SEP + (p.unit ?? '') + SEP + (p.vatCode ?? '') + SEP + (p.supplier ?? '') + SEP;
    for (const code of p.barcodes) text += code + SEP;
    if (p.priceCents === null) nulls |= numBit(N_PRICE);
    else nums[o + N_PRICE] = p.priceCents;
    if (p.costCents === null) nulls |= numBit(N_COST);
    else nums[o + N_COST] = p.costCents;
    if (p.stockMilli === null) nulls |= numBit(N_STOCK);
    else nums[o + N_STOCK] = p.stockMilli;
    if (p.reorderPointMilli === null) nulls |= numBit(N_REORDER_POINT);
    else nums[o + N_REORDER_POINT] = p.reorderPointMilli;
    if (p.reorderQtyMilli === null) nulls |= numBit(N_REORDER_QTY);
    else nums[o + N_REORDER_QTY] = p.reorderQtyMilli;
    nums[o + N_LINE] = p.line;
    nums[o + N_CODES] = p.barcodes.length;
    nums[o + N_NULLS] = nulls;
  }
  return { count, text, nums };
}

/** Read access to packed products by index, without building an object per row. */
export class ProductBatch {
  readonly count: number;
  readonly #nums: Float64Array;
  readonly #parts: string[];
  /** Index in #parts of each product's first string. */
  readonly #start: Int32Array;

  constructor(packed: PackedProducts) {
    this.count = packed.count;
    this.#nums = packed.nums;
    this.#start = new Int32Array(packed.count);
    let at = 0;
    for (let i = 0; i < packed.count; i++) {
      this.#start[i] = at;
      at += STRINGS + packed.nums[i * NUMS + N_CODES]!;
    }
    // Every string ends with a NUL, so the split ends with an empty string.
    this.#parts = packed.text.split(SEP);
    if (this.#parts.length !== at + 1) throw new Error(`packed products hold ${this.#parts.length - 1} strings, expected ${at}`);
  }

  line(i: number): number {
    return this.#nums[i * NUMS + N_LINE]!;
  }

  sku(i: number): string | null {
    return this.#str(i, S_SKU);
  }

  name(i: number): string {
    return this.#parts[this.#start[i]! + S_NAME]!;
  }

  category(i: number): string | null {
    return this.#str(i, S_CATEGORY);
  }

  unit(i: number): Unit | null {
    return this.#str(i, S_UNIT) as Unit | null;
  }

  vatCode(i: number): string | null {
    return this.#str(i, S_VAT);
  }

  supplier(i: number): string | null {
    return this.#str(i, S_SUPPLIER);
  }

  priceCents(i: number): number | null {
    return this.#num(i, N_PRICE);
  }

  costCents(i: number): number | null {
    return this.#num(i, N_COST);
  }

  stockMilli(i: number): number | null {
    return this.#num(i, N_STOCK);
  }

  reorderPointMilli(i: number): number | null {
    return this.#num(i, N_REORDER_POINT);
  }

  reorderQtyMilli(i: number): number | null {
    return this.#num(i, N_REORDER_QTY);
  }

  barcodeCount(i: number): number {
    return this.#nums[i * NUMS + N_CODES]!;
  }

  /** The k-th barcode of product i (normalised, distinct within the product). */
  barcode(i: number, k: number): string {
    return this.#parts[this.#start[i]! + STRINGS + k]!;
  }

  /** Product i as an object, for the rarer paths (updates) and for tests. */
  product(i: number): ImportedProduct {
    const codes: string[] = [];
    for (let k = 0; k < this.barcodeCount(i); k++) codes.push(this.barcode(i, k));
    return {
      line: this.line(i),
      sku: this.sku(i),
      barcodes: codes,
      name: this.name(i),
      category: this.category(i),
      unit: this.unit(i),
      priceCents: this.priceCents(i),
      vatCode: this.vatCode(i),
      costCents: this.costCents(i),
      stockMilli: this.stockMilli(i),
      reorderPointMilli: this.reorderPointMilli(i),
      reorderQtyMilli: this.reorderQtyMilli(i),
      supplier: this.supplier(i),
    };
  }

  #str(i: number, field: number): string | null {
    return (this.#nums[i * NUMS + N_NULLS]! & (1 << field)) !== 0 ? null : this.#parts[this.#start[i]! + field]!;
  }

  #num(i: number, at: number): number | null {
    const o = i * NUMS;
    return (this.#nums[o + N_NULLS]! & numBit(at)) !== 0 ? null : this.#nums[o + at]!;
  }
}
