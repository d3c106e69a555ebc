/**
 * A transport moves bytes to and from one device: a TCP socket, a serial port,
 * a device file. Drivers (printer, display, scale, terminal) are written against
 * this interface and never touch sockets or ports themselves; their encoders and
 * decoders are pure (bytes in, bytes out).
 *
 * Rules every transport keeps (DESIGN.md, "Devices"; the devices issue):
 * - every write and request has a timeout and can be aborted (AbortSignal);
 * - on a disconnect every pending write or request fails at once
 *   (DEVICE_DISCONNECTED); nothing queued is ever replayed later, so a stale drawer
 *   kick can never fire after the fact;
 * - errors are KassaErrors with a code a person can act on (DEVICE_UNREACHABLE,
 *   DEVICE_PERMISSION, DEVICE_TIMEOUT, DEVICE_ABORTED, DEVICE_DISCONNECTED).
 */

export interface IoOptions {
  /** Give up after this many milliseconds (DEVICE_TIMEOUT). */
  timeoutMs: number;
  /** Abort from outside (DEVICE_ABORTED). */
  signal?: AbortSignal;
}

/**
 * Says whether `buf` (everything received since the request was written) starts
 * with a complete answer: its length in bytes, or 0 while more is needed.
 * Bytes after the answer are passed on to `onData` listeners.
 */
export type AnswerComplete = (buf: Buffer) => number;

export type TransportState = 'closed' | 'connecting' | 'open' | 'disconnected';

export interface Transport {
  /** The address it was made from, for messages: `tcp://192.168.1.50:9100`. */
  readonly address: string;
  readonly state: TransportState;
  /** Connect or open. Resolves when bytes can flow; rejects with a DEVICE_* KassaError. */
  open(opts: IoOptions): Promise<void>;
  /** Write all bytes; resolves once they are handed to the operating system. Opens first when closed. */
  write(bytes: Uint8Array, opts: IoOptions): Promise<void>;
  /**
   * Write `bytes` and wait for the answer that `complete` recognises; resolves
   * with exactly the answer's bytes. One request at a time: a second waits its turn.
   */
  request(bytes: Uint8Array, complete: AnswerComplete, opts: IoOptions): Promise<Buffer>;
  /** Bytes that arrive and are not an answer to a request (a scan, a terminal's message). Returns an unsubscribe. */
  onData(listener: (chunk: Buffer) => void): () => void;
  /** State changes: open after a (re)connect, disconnected when the device goes away. Returns an unsubscribe. */
  onState(listener: (state: TransportState, error?: Error) => void): () => void;
  /** Drop the connection, pending requests failing with DEVICE_DISCONNECTED; the next call opens a fresh one (a late answer can then never be taken for the next). Never rejects. */
  reset(): Promise<void>;
  /** Close for good: pending requests fail, and nothing opens it again. Never rejects. */
  close(): Promise<void>;
}
