/**
 * A device on a serial port (scanner, customer display, scale, printer) through
 * serialport 13. Every (re)connect makes a new SerialPort object: an old one
 * whose device vanished is never reused. With `reconnect`, the port is reopened
 * by itself after an unplug until `close()`, so a scanner plugged back in works
 * again without a restart (the devices issue: within two seconds).
 */
import { read as fsRead } from 'node:fs';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import type { SerialPort } from 'serialport';
import { KassaError } from '../../core/errors.js';
import { formatAddress, type SerialAddress } from '../../core/device-address.js';
import { deviceError, disconnected } from './io.js';
import { StreamTransport, type Link, type LinkEvents } from './stream.js';
import type { TransportState } from './types.js';

// serialport (and its native binding) loads when a port first opens: a till without serial devices never pays for it.
const require = createRequire(import.meta.url);
let serialPort: typeof SerialPort | null = null;
const loadSerialPort = (): typeof SerialPort => (serialPort ??= (require('serialport') as typeof import('serialport')).SerialPort);

export interface SerialTransportOptions {
  /** Reopen the port after a disconnect or a failed open, until `close()`. Default false. */
  reconnect?: boolean;
  /** Pause between attempts to reopen, in ms. Default 300. */
  retryMs?: number;
}

export const DEFAULT_RETRY_MS = 300;
// A background attempt that hangs this long is given up (the next one follows).
const RETRY_OPEN_TIMEOUT_MS = 5000;

type StateListener = (state: TransportState, error?: Error) => void;

export class SerialTransport extends StreamTransport {
  readonly serial: SerialAddress;
  readonly reconnect: boolean;
  readonly retryMs: number;
  /** `close()` was called: no more attempts, and an open that completes late is undone. */
  #stopped = false;
  #closing = false;
  #attempt: Promise<unknown> | null = null;
  #retryTimer: NodeJS.Timeout | null = null;
  #retrying = false;
  #listeners = new Set<StateListener>();
  #lastReported: { state: TransportState; why: string } | null = null;

  constructor(address: SerialAddress, opts: SerialTransportOptions = {}) {
    super(formatAddress(address));
    this.serial = address;
    this.reconnect = opts.reconnect ?? false;
    this.retryMs = opts.retryMs ?? DEFAULT_RETRY_MS;
  }

  protected connect(events: LinkEvents): Promise<Link> {
    this.#stopped = false;
    const attempt = this.#openPort(events);
    this.#attempt = attempt;
    const forget = () => {
      if (this.#attempt === attempt) this.#attempt = null;
    };
    attempt.then(forget, forget);
    return attempt;
  }

  #openPort(events: LinkEvents): Promise<Link> {
    const { path, baudRate, dataBits, parity, stopBits } = this.serial;
    return new Promise<Link>((resolve, reject) => {
      let port: SerialPort;
      try {
        port = new (loadSerialPort())({ path, baudRate, dataBits, parity, stopBits, autoOpen: false });
      } catch (e) {
        reject(e);
        return;
      }
      // Failures also reach write callbacks or 'close'; without a listener an
      // 'error' event would crash the process.
      port.on('error', () => {});
      port.open((err) => {
        if (err) {
          reject(openError(this.address, err));
          return;
        }
        if (this.#stopped) {
          port.close(() => {});
          reject(new KassaError('DEVICE_ABORTED', `${this.address}: closed while opening`));
          return;
        }
        treatEndOfFileAsHangup(port);
        port.on('data', (chunk: Buffer) => events.onData(chunk));
        port.once('close', (e?: Error | null) => events.onClose(e ? new Error('unplugged or switched off') : undefined));
        resolve({
          write: (bytes, done) => {
            port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (e) => done(e));
          },
          destroy: () => {
            if (port.isOpen) port.close(() => {});
          },
        });
      });
    });
  }

  protected override setState(s: TransportState, e?: Error): void {
    // While closing, a late open or its undoing is no news: only 'closed' is.
    if (this.#closing && s !== 'closed') return;
    const before = this.state;
    super.setState(s, e);
    if (before === s) return;
    const err = s === 'disconnected' && !(e instanceof KassaError) ? disconnected(this.address, e?.message) : e;
    this.#report(s, err);
    if (s === 'disconnected' && this.reconnect && !this.#stopped) this.#scheduleRetry();
    if (s !== 'connecting') this.#retrying = false;
  }

  /** Tells listeners what changed, not every failed attempt of a retry loop. */
  #report(s: TransportState, e?: Error): void {
    if (s === 'connecting' && this.#retrying) return;
    const why = e?.message ?? '';
    const last = this.#lastReported;
    if (last && last.state === s && last.why === why) return;
    this.#lastReported = { state: s, why };
    for (const l of this.#listeners) l(s, e);
  }

  #scheduleRetry(): void {
    if (this.#retryTimer) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      if (this.#stopped || this.state === 'open' || this.state === 'connecting') return;
      this.#retrying = true;
      // A failure sets 'disconnected', which schedules the next attempt.
      this.open({ timeoutMs: RETRY_OPEN_TIMEOUT_MS }).catch(() => {});
    }, this.retryMs);
    // Waiting for a device to come back should not by itself keep the process alive.
    this.#retryTimer.unref();
  }

  override onState(listener: StateListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  override async close(): Promise<void> {
    this.#stopped = true;
    if (this.#retryTimer) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    this.#closing = true;
    try {
      // An open in flight finishes first, so it cannot leave a port open behind us.
      await this.#attempt?.catch(() => {});
      await super.close();
    } finally {
      this.#closing = false;
    }
  }
}

/** serialport's messages carry no errno code; name the common causes. */
function openError(address: string, err: Error): Error {
  if (/cannot lock port|resource temporarily unavailable/i.test(err.message)) {
    return new KassaError('DEVICE_BUSY', `${address}: the port is in use by another program`, 'close the other program (or the other Kassa) that has the port open');
  }
  return deviceError(address, err);
}

/** What reading needs of serialport's Linux/macOS port object (public in its typings). */
interface UnixPort {
  fd: number | null;
  readonly isOpen: boolean;
  readonly poller: { once(event: 'readable', cb: (err: Error | null) => void): unknown };
  read(buffer: Buffer, offset: number, length: number): Promise<{ bytesRead: number; buffer: Buffer }>;
}

const readAsync = promisify(fsRead);

function isUnixPort(p: unknown): p is UnixPort {
  return typeof p === 'object' && p !== null && 'fd' in p && 'poller' in p && typeof (p as UnixPort).read === 'function';
}

/**
 * When the device goes away, Linux hangs up the tty and reads return 0 bytes
 * (end of file), at other times they fail (EIO). On end of file serialport 13
 * reads again at once, forever: the port never closes and a core spins (about
 * one socat kill in three here; reported for pulled USB adapters as
 * serialport/bindings-cpp issue 162). So this port's reads treat end of file
 * as the disconnect it is, and serialport closes the port with a disconnect
 * error as it does for a failed read. Otherwise the same loop as serialport's.
 */
function treatEndOfFileAsHangup(serialPort: SerialPort): void {
  const port: unknown = serialPort.port;
  if (!isUnixPort(port)) return;
  const closed = () => Object.assign(new Error('Port is not open'), { canceled: true });
  port.read = async (buffer, offset, length) => {
    for (;;) {
      if (!port.isOpen || port.fd === null) throw closed();
      try {
        const { bytesRead } = await readAsync(port.fd, buffer, offset, length, null);
        if (bytesRead === 0) throw Object.assign(new Error('the device hung up'), { code: 'EOF', disconnect: true });
        return { bytesRead, buffer };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EAGAIN' && code !== 'EWOULDBLOCK' && code !== 'EINTR') throw e;
        // Closed while the read was under way: the poller is gone, and polling it would crash.
        if (!port.isOpen) throw closed();
        await new Promise<void>((resolve, reject) => port.poller.once('readable', (err) => (err ? reject(err) : resolve())));
      }
    }
  };
}
