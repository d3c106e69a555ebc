/**
 * Which SKUs and barcodes an import has already read: a Bloom filter, so that
 * a batch asks the store only about the keys that may be there.
 *
 * Into an empty store, the only products a batch can find are the ones this
 * import created from earlier batches. Without the filter every batch looked
 * up all of its SKUs and barcodes (two json_each queries, 0.5 s of the writer's
 * time on a million rows) to find nearly none; with it, only a key the filter
 * has seen (a repeat, or a false positive) is looked up, and the writer decides
 * every row as it would have before.
 *
 * A Bloom filter never forgets: "not seen" is certain, "seen" is a maybe that
 * the store's answer settles. This one is blocked: the 4 bits of a key lie in
 * one 32-bit word, one cache miss per key instead of one per bit (twice as
 * fast as 3 scattered probes here). 2^25 bits (4 MiB whatever the file size)
 * give under 1 % false positives for a million products with a barcode each;
 * a far larger file only asks the store more often.
 */
export class KeyFilter {
  readonly #words: Int32Array;
  readonly #wordMask: number;

  constructor(log2Bits = 25) {
    this.#words = new Int32Array(1 << (log2Bits - 5));
    this.#wordMask = (1 << (log2Bits - 5)) - 1;
  }

  /** Whether `key` may have been added before; adds it. */
  testAndAdd(key: string): boolean {
    // FNV-1a over the UTF-16 code units, spread by a finaliser: the low bits pick
    // the word, a second mix gives the four bit positions (5 bits each).
    let h = 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h = fmix(h);
    const word = h & this.#wordMask;
    const g = fmix(h ^ 0x5bd1e995);
    const bits = (1 << (g & 31)) | (1 << ((g >>> 5) & 31)) | (1 << ((g >>> 10) & 31)) | (1 << ((g >>> 15) & 31));
    const old = this.#words[word]!;
    this.#words[word] = old | bits;
    return (old & bits) === bits;
  }
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
