/**
 * A barcode scanner on a serial port (or anything else with a Transport).
 * Codes come out as `scan` events; a GTIN whose check digit is wrong (a misread
 * or a damaged label) comes out as `rejected` so the checkout can ask for a
 * rescan instead of looking it up. Other codes (SKUs, receipt numbers such as
 * R1-000123, PLUs) pass through untouched. Give it a SerialTransport with
 * `reconnect: true` and an unplugged scanner works again once it is back.
 */
import { EventEmitter } from 'node:events';
import { KassaError } from '../../core/errors.js';
import { checkDigitOk, gtinCheckDigit, gtinKind } from '../../core/gtin.js';
import { deviceError, disconnected, guarded } from '../transport/io.js';
import type { IoOptions, Transport, TransportState } from '../transport/types.js';
import { CodeFramer } from './framing.js';

export type ScannerState = 'connected' | 'disconnected';

export interface ScannerEvents {
  /** A code to sell or look up. */
  scan: [code: string];
  /** A code that was read but cannot be right; `reason` is for the cashier. */
  rejected: [code: string, reason: string];
  /** The scanner came or went; `message` is for the cashier, `error` has the code and hint. */
  state: [state: ScannerState, message: string, error?: KassaError];
}

export interface ScannerStatus {
  connected: boolean;
  message: string;
  /** Why it is not connected. */
  error?: KassaError;
}

export interface SerialScannerOptions {
  /** Quiet time after which a code without CR/LF is complete, in ms. Default 50. */
  gapMs?: number;
  /** How long `start()` waits for the port to open, in ms. Default 5000. */
  openTimeoutMs?: number;
  /** Reject GTIN-length all-digit codes with a wrong check digit. Default true. */
  checkDigits?: boolean;
}

export const DEFAULT_GAP_MS = 50;

/** Why a scanned code cannot be right, or null when it may be. */
export function rejectReason(code: string): string | null {
  const kind = gtinKind(code);
  if (kind === null || checkDigitOk(code)) return null;
  const expected = gtinCheckDigit(code.slice(0, -1));
  return `${code} is not a valid ${kind}: its check digit should be ${expected} (a misread or a damaged label; scan again)`;
}

export class SerialScanner extends EventEmitter<ScannerEvents> {
  readonly #framer = new CodeFramer();
  readonly #gapMs: number;
  readonly #openTimeoutMs: number;
  readonly #checkDigits: boolean;
  #started = false;
  #unsubscribe: (() => void)[] = [];
  #gapTimer: NodeJS.Timeout | null = null;
  #status: ScannerStatus;
  #waiters = new Set<(e: KassaError) => void>();

  constructor(
    readonly transport: Transport,
    opts: SerialScannerOptions = {},
  ) {
    super();
    this.#gapMs = opts.gapMs ?? DEFAULT_GAP_MS;
    this.#openTimeoutMs = opts.openTimeoutMs ?? 5000;
    this.#checkDigits = opts.checkDigits ?? true;
    this.#status = { connected: false, message: `scanner on ${transport.address} not started` };
  }

  get status(): ScannerStatus {
    return this.#status;
  }

  /**
   * Listen and open the port. Resolves once the first attempt to open is over,
   * with the status: a scanner that is not there yet is no failure (with a
   * reconnecting transport it is picked up when plugged in), and the status
   * says why it is not connected for `kassa devices test scanner`.
   */
  async start(): Promise<ScannerStatus> {
    if (this.#started) return this.#status;
    this.#started = true;
    this.#unsubscribe = [
      this.transport.onData((chunk) => this.#onBytes(chunk)),
      this.transport.onState((s, e) => this.#onTransportState(s, e)),
    ];
    try {
      await this.transport.open({ timeoutMs: this.#openTimeoutMs });
      // A transport that was already open sends no state event.
      if (!this.#status.connected) this.#setStatus('connected');
    } catch (e) {
      this.#setStatus('disconnected', deviceError(this.transport.address, e));
    }
    return this.#status;
  }

  /** Stop listening and close the port (no more reconnecting). A waiting `waitForScan` fails. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#clearGap();
    this.#framer.reset();
    const stopped = new KassaError('DEVICE_ABORTED', `scanner on ${this.transport.address}: stopped`);
    for (const fail of this.#waiters) fail(stopped);
    this.#waiters.clear();
    await this.transport.close();
    this.#status = { connected: false, message: `scanner on ${this.transport.address} stopped` };
  }

  /**
   * The next good scan (`kassa devices test scanner`). Fails with DEVICE_TIMEOUT,
   * or, when the scanner is not connected by then, with the reason it is not.
   */
  waitForScan(opts: IoOptions): Promise<string> {
    let off = () => {};
    return guarded(
      `wait for a scan on ${this.transport.address}`,
      opts,
      () =>
        new Promise<string>((resolve, reject) => {
          const onScan = (code: string) => {
            off();
            resolve(code);
          };
          const onStop = (e: KassaError) => {
            off();
            reject(e);
          };
          this.on('scan', onScan);
          this.#waiters.add(onStop);
          off = () => {
            this.off('scan', onScan);
            this.#waiters.delete(onStop);
          };
        }),
      () => off(),
    ).catch((e: unknown) => {
      if (!(e instanceof KassaError) || e.code !== 'DEVICE_TIMEOUT') throw e;
      if (!this.#status.connected && this.#status.error) throw this.#status.error;
      throw new KassaError(
        'DEVICE_TIMEOUT',
        `no barcode came from ${this.transport.address} within ${Math.round(opts.timeoutMs / 100) / 10} s`,
        'scan a barcode; if the scanner beeps but nothing arrives, check the baud rate and that the scanner is set up as a serial (RS-232 / USB COM) device',
      );
    });
  }

  #onBytes(chunk: Buffer): void {
    this.#clearGap();
    for (const code of this.#framer.push(chunk)) this.#deliver(code);
    // Once a scanner has ended a code with CR/LF it is known to terminate its
    // codes: a pause inside a code (a slow USB adapter) then does not cut it.
    if (this.#framer.partial && !this.#framer.terminated) {
      this.#gapTimer = setTimeout(() => {
        this.#gapTimer = null;
        for (const code of this.#framer.flush()) this.#deliver(code);
      }, this.#gapMs);
    }
  }

  #deliver(code: string): void {
    const reason = this.#checkDigits ? rejectReason(code) : null;
    if (reason) this.emit('rejected', code, reason);
    else this.emit('scan', code);
  }

  #onTransportState(s: TransportState, e?: Error): void {
    if (s === 'open') this.#setStatus('connected');
    else if (s === 'disconnected') {
      // Half a code from before the unplug must not be glued to the next scan.
      this.#clearGap();
      this.#framer.reset();
      this.#setStatus('disconnected', e ? deviceError(this.transport.address, e) : disconnected(this.transport.address));
    }
  }

  #setStatus(state: ScannerState, error?: KassaError): void {
    const message = state === 'connected' ? `scanner connected (${this.transport.address})` : `scanner not connected: ${error?.message ?? 'unknown reason'}`;
    if (this.#status.connected === (state === 'connected') && this.#status.message === message) return;
    this.#status = error ? { connected: state === 'connected', message, error } : { connected: state === 'connected', message };
    this.emit('state', state, message, error);
  }

  #clearGap(): void {
    if (this.#gapTimer) clearTimeout(this.#gapTimer);
    this.#gapTimer = null;
  }
}
