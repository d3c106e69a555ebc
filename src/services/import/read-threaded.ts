/**
 * Reading a catalogue on its own thread. `readCatalogue` (decode, CSV, format
 * mapping, validation) touches no database, so for a large file it runs in a
 * worker (read-worker.ts) while this thread only writes to SQLite: on a
 * million-row file reading takes about half as long as writing, and
 * overlapping the two is most of what makes the import fast.
 *
 * The rows come in packed pieces (see pieceSize, product-batch.ts), and at
 * most MAX_IN_FLIGHT pieces are on their way at once: the worker waits for the
 * writer's ack, so memory stays flat however far ahead of SQLite it could read.
 *
 * Small files are read on the calling thread, in the same packed pieces:
 * starting a worker costs some 30–50 ms, more than reading a small file takes.
 * The worker is compiled JavaScript next to this module (dist/); when it is
 * not there, as when the tests run the TypeScript sources, `auto` reads on
 * the calling thread.
 */
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { KassaError, type ErrorCode } from '../../core/errors.js';
import { KeyFilter } from './key-filter.js';
import { pack, type PackedProducts } from './product-batch.js';
import { readCatalogue, type CatalogueBatch, type CatalogueHead, type ReadOptions } from './read-catalogue.js';

/** `auto`: a worker for files of WORKER_MIN_BYTES and more, when the compiled worker exists. */
export type ReadThread = 'auto' | 'same' | 'worker';

/**
 * A piece of a batch (see pieceSize), its products packed, with what to ask
 * the store about them.
 */
export interface PackedPiece extends Omit<CatalogueBatch, 'products'> {
  products: PackedProducts;
  /** JSON arrays of the SKUs and barcodes the store may hold (see KeyFilter); `[]` when none. */
  lookupSkus: string;
  lookupCodes: string;
  /** The last piece of its batch (the very last piece ends one too, without saying so). */
  endsBatch: boolean;
}

/** readCatalogue's batch size, when the caller gives none. */
export const BATCH_SIZE = 2000;
/** The most products a piece holds. */
export const MAX_PIECE_SIZE = 512;

/**
 * Batches are read, sent and applied in pieces of at most MAX_PIECE_SIZE
 * products. Whole batches of 2,000 kept the reader's live rows across several
 * young-generation collections (promoted, then collected by full GCs: a third
 * of the reading thread's time) and put their packed text in V8's
 * large-object space on the writer's side, which only a full GC empties.
 *
 * A batch is still what the import reports by: it rejects a batch's unreadable
 * rows before the rows its writing rejects, and the first 50 rejections are the
 * ones listed. So a piece must never straddle two batches: its size divides
 * the batch size (500 for 2,000), and the writer holds back what it rejects
 * until the batch's last piece.
 */
export function pieceSize(batchSize: number): number {
  if (batchSize <= MAX_PIECE_SIZE) return batchSize;
  for (let n = MAX_PIECE_SIZE; n >= 64; n--) if (batchSize % n === 0) return n;
  return batchSize; // an odd size from a test: read it whole
}

/** Below this, reading on the calling thread is faster than starting a worker. */
export const WORKER_MIN_BYTES = 1 << 20;
/** Pieces posted but not yet applied; the worker waits when this many are out. */
export const MAX_IN_FLIGHT = 4;

const WORKER_URL = new URL('./read-worker.js', import.meta.url);

/** What the worker is started with. */
export interface WorkerInput {
  path: string;
  opts: ReadOptions;
  newStore: boolean;
}

/** Worker → writer. The writer answers each `piece` with an ack (any message). */
export type WorkerMessage =
  | { type: 'head'; head: CatalogueHead }
  | { type: 'piece'; piece: PackedPiece }
  | { type: 'done' }
  | { type: 'error'; error: SentError };

/** An error as it crosses threads: a KassaError keeps its code and hint. */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  hint?: string;
}

/**
 * Packs what readCatalogue gives when read with pieceOptions (pieces) for the
 * writer, and tells where each batch ends.
 */
export class PiecePacker {
  readonly #batchSize: number;
  readonly #seen: KeyFilter | null;
  #products = 0;

  /**
   * @param newStore the store held no products when the import began: only
   *   the keys an earlier piece may have had are then to be looked up.
   */
  constructor(batchSize: number, newStore: boolean) {
    this.#batchSize = batchSize;
    this.#seen = newStore ? new KeyFilter() : null;
  }

  pack(piece: CatalogueBatch): PackedPiece {
    const seen = this.#seen;
    const skus: string[] = [];
    const codes: string[] = [];
    for (const p of piece.products) {
      if (p.sku !== null && (seen === null || seen.testAndAdd(p.sku))) skus.push(p.sku);
      for (const c of p.barcodes) if (seen === null || seen.testAndAdd(c)) codes.push(c);
    }
    this.#products += piece.products.length;
    return {
      products: pack(piece.products),
      lookupSkus: JSON.stringify(skus),
      lookupCodes: JSON.stringify(codes),
      issues: piece.issues,
      warnings: piece.warnings,
      rows: piece.rows,
      skipped: piece.skipped,
      progressBytes: piece.progressBytes,
      endsBatch: piece.products.length > 0 && this.#products % this.#batchSize === 0,
    };
  }
}

/**
 * `readCatalogue` in packed pieces, on a worker or on this thread. The
 * callbacks always run on this thread, in file order, one piece at a time;
 * an error thrown by one of them stops the reading and rejects.
 *
 * @param newStore the store held no products when the import began: each
 *   piece's lookups can then leave out the keys no earlier piece had.
 */
export async function readCatalogueThreaded(
  path: string,
  opts: ReadOptions,
  thread: ReadThread,
  newStore: boolean,
  onHead: (head: CatalogueHead) => void,
  onPiece: (piece: PackedPiece) => void,
): Promise<void> {
  if (useWorker(path, thread)) return readInWorker({ path, opts, newStore }, onHead, onPiece);
  const packer = new PiecePacker(opts.batchSize ?? BATCH_SIZE, newStore);
  return readCatalogue(path, pieceOptions(opts), onHead, (piece) => onPiece(packer.pack(piece)));
}

/** The options to read pieces with. */
export function pieceOptions(opts: ReadOptions): ReadOptions {
  return { ...opts, batchSize: pieceSize(opts.batchSize ?? BATCH_SIZE) };
}

function useWorker(path: string, thread: ReadThread): boolean {
  if (thread === 'same') return false;
  const available = existsSync(fileURLToPath(WORKER_URL));
  if (thread === 'worker') {
    if (!available) throw new Error(`the catalogue reader ${fileURLToPath(WORKER_URL)} is missing: build with npm run build`);
    return true;
  }
  return available && fileSize(path) >= WORKER_MIN_BYTES;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0; // the reader reports what is wrong with it
  }
}

function readInWorker(
  { path, opts, newStore }: WorkerInput,
  onHead: (head: CatalogueHead) => void,
  onPiece: (piece: PackedPiece) => void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // Only data crosses threads: the caller's options may carry callbacks (onProgress).
    const data = Object.fromEntries(Object.entries(opts).filter(([, v]) => typeof v !== 'function')) as unknown as ReadOptions;
    const input: WorkerInput = { path, opts: data, newStore };
    const worker = new Worker(WORKER_URL, { workerData: input });
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(e);
    };
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        switch (m.type) {
          case 'head':
            onHead(m.head);
            break;
          case 'piece':
            onPiece(m.piece);
            worker.postMessage(0); // ack: the worker may read on
            break;
          case 'done':
            settled = true;
            void worker.terminate();
            resolve();
            break;
          case 'error':
            fail(receiveError(m.error));
            break;
        }
      } catch (e) {
        fail(e);
      }
    });
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the catalogue reader stopped (exit code ${code}) before the end of ${path}`)));
  });
}

/** The worker's side of an error: what structured cloning would lose (class, code, hint) spelled out. */
export function sendError(e: unknown): SentError {
  const err = e instanceof Error ? e : new Error(String(e));
  const sent: SentError = { name: err.name, message: err.message };
  if (err.stack) sent.stack = err.stack;
  const code = e instanceof KassaError ? e.code : (err as NodeJS.ErrnoException).code;
  if (code !== undefined) sent.code = code;
  if (e instanceof KassaError && e.hint !== undefined) sent.hint = e.hint;
  return sent;
}

/** The writer's side: a KassaError again when it was one. */
function receiveError(s: SentError): Error {
  if (s.name === 'KassaError' && s.code !== undefined) {
    const e = new KassaError(s.code as ErrorCode, s.message, s.hint);
    if (s.stack) e.stack = s.stack;
    return e;
  }
  const e = new Error(s.message) as NodeJS.ErrnoException;
  e.name = s.name;
  if (s.stack) e.stack = s.stack;
  if (s.code !== undefined) e.code = s.code;
  return e;
}
