/**
 * A device file such as `/dev/usb/lp0` (a USB printer). Write-only.
 *
 * A USB printer that is off, out of paper or jammed stops taking data, and a
 * blocking write() would then hang a libuv thread for as long as it likes,
 * finishing the job whenever the printer comes back. So the file is opened
 * O_NONBLOCK: a full device answers EAGAIN, we try again a little later until
 * the deadline, and on timeout or abort we stop and close the file. Nothing is
 * retried in the background (node-thermal-printer's file interface does
 * retry after it has reported failure; it is not used).
 *
 * The file is opened per job and closed shortly after (`lingerMs`): usblp
 * lets one process at a time open the printer, and closing it cancels the
 * transfer still in flight, so the last block gets a moment to go out.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { KassaError } from '../../core/errors.js';
import { deviceError, guarded } from './io.js';
import type { AnswerComplete, IoOptions, Transport, TransportState } from './types.js';

export interface FileTransportOptions {
  /** Keep the file open this long after a job before closing it; default 2000 ms. */
  lingerMs?: number;
  /** Pause before writing again when the device is full (EAGAIN); default 20 ms. */
  pollMs?: number;
}

const FLAGS = constants.O_WRONLY | constants.O_APPEND | constants.O_NONBLOCK | constants.O_NOCTTY;

export class FileTransport implements Transport {
  readonly address: string;
  #state: TransportState = 'closed';
  #file: FileHandle | null = null;
  #linger: ReturnType<typeof setTimeout> | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  #stateListeners = new Set<(s: TransportState, e?: Error) => void>();
  readonly #lingerMs: number;
  readonly #pollMs: number;

  constructor(
    readonly path: string,
    opts: FileTransportOptions = {},
  ) {
    this.address = `file:${path}`;
    this.#lingerMs = opts.lingerMs ?? 2000;
    this.#pollMs = opts.pollMs ?? 20;
  }

  get state(): TransportState {
    return this.#state;
  }

  #setState(s: TransportState, e?: Error): void {
    if (this.#state === s) return;
    this.#state = s;
    for (const l of this.#stateListeners) l(s, e);
  }

  /** Check that the file can be opened for writing (it stays open for `lingerMs`). */
  open(opts: IoOptions): Promise<void> {
    return this.#run('open', opts, async () => {
      await this.#handle();
    });
  }

  write(bytes: Uint8Array, opts: IoOptions): Promise<void> {
    return this.#run('write to', opts, async (cancelled) => {
      const file = await this.#handle();
      let off = 0;
      while (off < bytes.length) {
        if (cancelled()) return;
        try {
          const { bytesWritten } = await file.write(bytes, off, bytes.length - off);
          off += bytesWritten;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
          await new Promise((r) => setTimeout(r, this.#pollMs));
        }
      }
    });
  }

  /** A write-only file cannot answer: always DEVICE_FAILED. */
  request(_bytes: Uint8Array, _complete: AnswerComplete, _opts: IoOptions): Promise<Buffer> {
    return Promise.reject(new KassaError('DEVICE_FAILED', `${this.address}: cannot read status from a device file`, 'use a network (tcp://) or serial printer for paper and cover status'));
  }

  /** A device file sends nothing unasked. */
  onData(_listener: (chunk: Buffer) => void): () => void {
    return () => {};
  }

  onState(listener: (s: TransportState, e?: Error) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Close the file now; the next job opens it again. */
  async reset(): Promise<void> {
    await this.#drop();
  }

  async close(): Promise<void> {
    await this.#drop();
    this.#setState('closed');
  }

  /**
   * One operation at a time. The deadline runs from the call, not from the
   * operation's turn, and an operation whose caller gave up never starts.
   */
  #run(what: string, opts: IoOptions, op: (cancelled: () => boolean) => Promise<void>): Promise<void> {
    let gaveUp = false;
    const cancelled = () => gaveUp;
    const turn = this.#queue.then(async () => {
      if (gaveUp) return;
      this.#stopLinger();
      try {
        await op(cancelled);
      } catch (e) {
        const err = this.#mapError(e);
        await this.#drop();
        this.#setState('disconnected', err);
        throw err;
      }
      if (gaveUp) {
        // Given up while opening: the file opened after the cancel closed nothing.
        await this.#drop();
        return;
      }
      this.#setState('open');
      this.#startLinger();
    });
    this.#queue = turn.catch(() => {});
    return guarded(`${what} ${this.address}`, opts, () => turn, (reason) => {
      gaveUp = true;
      this.#setState('disconnected', reason);
      // Whatever is half written stays half written; closing makes sure the
      // rest never goes out, and tells a reader (a FIFO's) that we are gone.
      void this.#drop();
    });
  }

  async #handle(): Promise<FileHandle> {
    if (!this.#file) this.#file = await open(this.path, FLAGS);
    return this.#file;
  }

  #startLinger(): void {
    this.#stopLinger();
    this.#linger = setTimeout(() => {
      this.#linger = null;
      void this.#drop();
    }, this.#lingerMs);
    // An idle printer file must not keep the process alive.
    this.#linger.unref();
  }

  #stopLinger(): void {
    if (this.#linger) clearTimeout(this.#linger);
    this.#linger = null;
  }

  async #drop(): Promise<void> {
    this.#stopLinger();
    const f = this.#file;
    this.#file = null;
    await f?.close().catch(() => {});
  }

  #mapError(e: unknown): KassaError {
    const code = (e as NodeJS.ErrnoException)?.code;
    // A FIFO without a reader, a printer switched off or unplugged while open.
    if (code === 'ENXIO' || code === 'ENODEV') {
      return new KassaError('DEVICE_UNREACHABLE', `${this.address}: no device answers at ${this.path}`, 'check that the printer is switched on and its USB cable is in');
    }
    if (code === 'EBUSY') {
      return new KassaError('DEVICE_FAILED', `${this.address}: the printer is in use by another program`, 'close the other program (or stop CUPS using it) and try again');
    }
    if (code === 'EISDIR') return new KassaError('INVALID_DEVICE', `${this.address}: ${this.path} is a directory`, 'give the device file, such as file:/dev/usb/lp0');
    return deviceError(this.address, e);
  }
}
