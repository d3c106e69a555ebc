/**
 * The catalogue reader's thread (started by read-threaded.ts): reads, maps and
 * validates the file, and posts the head, then packed pieces, then `done` or
 * the error. After MAX_IN_FLIGHT unacknowledged pieces it waits for the
 * writer, so a slow store never lets pieces pile up in memory.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCatalogue } from './read-catalogue.js';
import {
  BATCH_SIZE,
  MAX_IN_FLIGHT,
  PiecePacker,
  pieceOptions,
  sendError,
  type WorkerInput,
  type WorkerMessage,
} from './read-threaded.js';

const port = parentPort!;
const { path, opts, newStore } = workerData as WorkerInput;
const packer = new PiecePacker(opts.batchSize ?? BATCH_SIZE, newStore);

let inFlight = 0;
let resume: (() => void) | undefined;
port.on('message', () => {
  inFlight--;
  const r = resume;
  resume = undefined;
  r?.();
});

const post = (m: WorkerMessage, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);

try {
  await readCatalogue(
    path,
    pieceOptions(opts),
    (head) => post({ type: 'head', head }),
    async (b) => {
      const piece = packer.pack(b);
      // The numbers move (the buffer is transferred), the strings are copied.
      post({ type: 'piece', piece }, [piece.products.nums.buffer as ArrayBuffer]);
      if (++inFlight >= MAX_IN_FLIGHT) await new Promise<void>((r) => (resume = r));
    },
  );
  post({ type: 'done' });
} catch (e) {
  post({ type: 'error', error: sendError(e) });
}
