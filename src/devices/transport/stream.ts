/**
 * The part of a transport that does not depend on the medium: one connection at
 * a time, answers matched to the request waiting for them, unclaimed bytes to
 * listeners, and every pending operation failed at once on a disconnect (nothing
 * is replayed later). TCP and serial transports supply `connect`.
 */
import { KassaError } from '../../core/errors.js';
import { deviceError, disconnected, guarded } from './io.js';
import type { AnswerComplete, IoOptions, Transport, TransportState } from './types.js';

/** The little a medium must offer: a duplex byte stream. */
export interface Link {
  write(bytes: Uint8Array, done: (err?: Error | null) => void): void;
  /** Called once by the medium when it opens; `onData` for every chunk; `onClose` once when it ends. */
  destroy(): void;
}

export interface LinkEvents {
  onData(chunk: Buffer): void;
  onClose(error?: Error): void;
}

interface Pending {
  complete: AnswerComplete;
  resolve(b: Buffer): void;
  reject(e: Error): void;
}

export abstract class StreamTransport implements Transport {
  #state: TransportState = 'closed';
  #link: Link | null = null;
  #connecting: Promise<Link> | null = null;
  #buf: Buffer = Buffer.alloc(0);
  #pending: Pending | null = null;
  #writes = new Set<(e: Error) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #dataListeners = new Set<(chunk: Buffer) => void>();
  #stateListeners = new Set<(s: TransportState, e?: Error) => void>();
  #connectCtl: AbortController | null = null;
  #waiters = 0;
  #closed = false;

  constructor(readonly address: string) {}

  get state(): TransportState {
    return this.#state;
  }

  /**
   * Open the medium; call `events.onData`/`events.onClose` as things happen.
   * `signal` aborts the attempt (nobody waits any more, or the transport was reset).
   */
  protected abstract connect(events: LinkEvents, signal: AbortSignal): Promise<Link>;

  protected setState(s: TransportState, e?: Error): void {
    if (this.#state === s) return;
    this.#state = s;
    for (const l of this.#stateListeners) l(s, e);
  }

  open(opts: IoOptions): Promise<void> {
    return this.#ensure(opts).then(() => undefined);
  }

  #ensure(opts: IoOptions): Promise<Link> {
    if (this.#closed) return Promise.reject(new KassaError('DEVICE_DISCONNECTED', `${this.address}: closed`, 'the device was closed by Kassa: open it again'));
    if (this.#link) return Promise.resolve(this.#link);
    if (!this.#connecting) {
      this.setState('connecting');
      const ctl = new AbortController();
      this.#connectCtl = ctl;
      this.#waiters = 0;
      const attempt = this.connect(
        {
          onData: (chunk) => this.#onData(chunk),
          onClose: (e) => this.#onClose(link, e),
        },
        ctl.signal,
      );
      let link: Link | null = null;
      this.#connecting = attempt.then(
        (l) => {
          if (ctl.signal.aborted) {
            // Given up (every caller timed out) or reset while connecting: undo the late success.
            l.destroy();
            throw new KassaError('DEVICE_ABORTED', `${this.address}: connection given up`);
          }
          link = l;
          this.#link = l;
          this.#connecting = null;
          this.#connectCtl = null;
          this.#buf = Buffer.alloc(0);
          this.setState('open');
          return l;
        },
        (e: unknown) => {
          if (this.#connectCtl === ctl) {
            this.#connecting = null;
            this.#connectCtl = null;
          }
          if (ctl.signal.aborted) throw new KassaError('DEVICE_ABORTED', `${this.address}: connection given up`);
          const err = deviceError(this.address, e);
          this.setState('disconnected', err);
          throw err;
        },
      );
      this.#connecting.catch(() => {});
    }
    // Callers share the attempt; when the last one gives up, the attempt is
    // cancelled, so no socket keeps connecting (and the process alive) for nobody.
    const ctl = this.#connectCtl!;
    this.#waiters++;
    let settled = false;
    return guarded(
      `connect to ${this.address}`,
      opts,
      () =>
        this.#connecting!.finally(() => {
          if (!settled) {
            settled = true;
            this.#waiters--;
          }
        }),
      () => {
        if (settled) return;
        settled = true;
        if (--this.#waiters <= 0 && this.#connectCtl === ctl) this.#abortConnect();
      },
    );
  }

  #abortConnect(): void {
    const ctl = this.#connectCtl;
    if (!ctl) return;
    this.#connectCtl = null;
    this.#connecting = null;
    ctl.abort();
    this.setState('disconnected');
  }

  write(bytes: Uint8Array, opts: IoOptions): Promise<void> {
    return this.#serial(() => this.#write(bytes, opts));
  }

  async #write(bytes: Uint8Array, opts: IoOptions): Promise<void> {
    const started = Date.now();
    const link = await this.#ensure(opts);
    const left = { ...opts, timeoutMs: Math.max(1, opts.timeoutMs - (Date.now() - started)) };
    let failWrite: (e: Error) => void = () => {};
    return guarded(
      `write to ${this.address}`,
      left,
      () =>
        new Promise<void>((resolve, reject) => {
          failWrite = reject;
          this.#writes.add(failWrite);
          link.write(bytes, (err) => {
            this.#writes.delete(failWrite);
            if (err) {
              // A connection that failed a write is not trusted with the next one.
              this.#drop(link);
              reject(deviceError(this.address, err));
            } else resolve();
          });
        }),
      () => {
        this.#writes.delete(failWrite);
        // Bytes half written cannot be taken back: drop the connection so the
        // rest is never sent later (a late drawer kick), and start clean next time.
        this.#drop(link);
      },
    );
  }

  request(bytes: Uint8Array, complete: AnswerComplete, opts: IoOptions): Promise<Buffer> {
    return this.#serial(async () => {
      const started = Date.now();
      const link = await this.#ensure(opts);
      const left = { ...opts, timeoutMs: Math.max(1, opts.timeoutMs - (Date.now() - started)) };
      return guarded(
        `request to ${this.address}`,
        left,
        () =>
          new Promise<Buffer>((resolve, reject) => {
            this.#pending = { complete, resolve, reject };
            this.#buf = Buffer.alloc(0);
            link.write(bytes, (err) => {
              if (err) {
                this.#pending = null;
                this.#drop(link);
                reject(deviceError(this.address, err));
              }
            });
          }),
        () => {
          this.#pending = null;
        },
      );
    });
  }

  /** One operation at a time, in the order asked; a failure does not stop the next. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }

  #onData(chunk: Buffer): void {
    const p = this.#pending;
    if (!p) {
      for (const l of this.#dataListeners) l(chunk);
      return;
    }
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    let n: number;
    try {
      n = p.complete(this.#buf);
    } catch (e) {
      this.#pending = null;
      this.#buf = Buffer.alloc(0);
      p.reject(e instanceof KassaError ? e : new KassaError('DEVICE_FAILED', `${this.address}: ${(e as Error).message}`));
      return;
    }
    if (n <= 0) return;
    const answer = this.#buf.subarray(0, n);
    const rest = this.#buf.subarray(n);
    this.#pending = null;
    this.#buf = Buffer.alloc(0);
    p.resolve(Buffer.from(answer));
    if (rest.length) for (const l of this.#dataListeners) l(Buffer.from(rest));
  }

  #onClose(link: Link | null, e?: Error): void {
    if (link !== null && this.#link !== link) return;
    this.#link = null;
    const err = disconnected(this.address, e?.message);
    const p = this.#pending;
    this.#pending = null;
    p?.reject(err);
    for (const w of this.#writes) w(err);
    this.#writes.clear();
    this.setState('disconnected', e);
  }

  #drop(link: Link): void {
    if (this.#link !== link) return;
    link.destroy();
    this.#onClose(link);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.#dataListeners.add(listener);
    return () => this.#dataListeners.delete(listener);
  }

  onState(listener: (s: TransportState, e?: Error) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Drop the connection (and any attempt to make one); the next operation opens a fresh one. */
  async reset(): Promise<void> {
    this.#abortConnect();
    const link = this.#link;
    if (link) this.#drop(link);
  }

  /** Final: drop the connection; nothing opens it again. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.reset();
    this.setState('closed');
  }
}
