/**
 * The receipt printer as the till sees it: print a document, ask its status,
 * kick the cash drawer. `EscPosPrinter` talks ESC/POS through any Transport
 * (TCP port 9100, a device file, a serial port); `PreviewPrinter` renders text.
 *
 * A failed print is the caller's to queue and retry (it never undoes a sale);
 * this layer never retries and never sends anything later on its own.
 */
import { formatAddress, type DeviceAddress } from '../../core/device-address.js';
import { KassaError } from '../../core/errors.js';
import type { PaperWidth } from '../../core/settings.js';
import { FileTransport } from '../transport/file.js';
import { createTransport } from '../transport/index.js';
import { guarded } from '../transport/io.js';
import type { IoOptions, Transport } from '../transport/types.js';
import { encodeDocument, encodeDrawerKick, encodeStatusRequest, type DrawerPulse, type PrintDocument } from './escpos.js';
import { PreviewPrinter, type PreviewOptions } from './preview.js';
import { decodeStatus, describeStatus, readyToPrint, type PrinterStatus, type StatusRequest } from './status.js';

export type { DrawerPulse, PrintDocument, PrintLine } from './escpos.js';
export type { PrinterStatus } from './status.js';
export { describeStatus } from './status.js';
export { PreviewPrinter, renderPreview, type PreviewOptions } from './preview.js';

export interface ReceiptPrinter {
  readonly driver: 'escpos' | 'preview';
  /** For messages: `tcp://192.168.1.50:9100`, `file:/dev/usb/lp0`, `preview`. */
  readonly address: string;
  /**
   * Print the whole document or fail: PRINTER_NOT_READY (paper out, cover
   * open; `details` holds the PrinterStatus) or a DEVICE_* error. Resolves
   * once the bytes are handed to the operating system.
   */
  print(doc: PrintDocument, opts: IoOptions): Promise<void>;
  /** null where the transport cannot answer (a device file). */
  status(opts: IoOptions): Promise<PrinterStatus | null>;
  kickDrawer(pulse: DrawerPulse, opts: IoOptions): Promise<void>;
  close(): Promise<void>;
  /** Preview only: the text of the page printed last. */
  lastPage?(): string[] | undefined;
}

export interface EscPosPrinterOptions {
  width: PaperWidth;
  /** `printer.codePage`: the printer's number for PC858. */
  codePage: number;
  /** Ask `DLE EOT` before printing; false where nothing can be read back (device files). Default true. */
  askStatus?: boolean;
  /** Each status request's own limit, within the caller's timeout. Default 1500 ms. */
  statusTimeoutMs?: number;
}

const oneByte = (buf: Buffer): number => (buf.length >= 1 ? 1 : 0);

export class EscPosPrinter implements ReceiptPrinter {
  readonly driver = 'escpos' as const;
  readonly #askStatus: boolean;
  readonly #statusTimeoutMs: number;

  constructor(
    readonly transport: Transport,
    readonly opts: EscPosPrinterOptions,
  ) {
    this.#askStatus = opts.askStatus ?? true;
    this.#statusTimeoutMs = opts.statusTimeoutMs ?? 1500;
  }

  get address(): string {
    return this.transport.address;
  }

  print(doc: PrintDocument, opts: IoOptions): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = encodeDocument(doc, this.opts);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#op('print to', opts, async (io) => {
      if (this.#askStatus) {
        const s = await this.#status(io);
        if (!readyToPrint(s)) throw notReady(this.address, s);
      }
      await this.transport.write(bytes, io);
    });
  }

  status(opts: IoOptions): Promise<PrinterStatus | null> {
    if (!this.#askStatus) return Promise.resolve(null);
    return this.#op('status of', opts, (io) => this.#status(io));
  }

  kickDrawer(pulse: DrawerPulse, opts: IoOptions): Promise<void> {
    let bytes: Buffer;
    try {
      bytes = encodeDrawerKick(pulse);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#op('kick the drawer of', opts, async (io) => {
      // A printer that is offline (paper out, cover open) keeps the kick and runs it when
      // it comes back: a drawer opening by itself minutes later. Ask first.
      if (this.#askStatus) {
        const s = await this.#status(io);
        if (!readyToPrint(s)) {
          throw new KassaError('PRINTER_NOT_READY', `${this.address}: the drawer was not opened: ${describeStatus(s, 'en')}`, 'open the drawer with its key; fix the printer (the drawer is driven through it)', s);
        }
      }
      await this.transport.write(bytes, io);
    });
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /**
   * The deadline runs from this call. The transport gets a signal that fires
   * when the caller gives up, so an operation still waiting for its turn
   * behind a stuck one never starts later (a late drawer kick, a late receipt).
   */
  #op<T>(what: string, opts: IoOptions, fn: (io: IoOptions) => Promise<T>): Promise<T> {
    const giveUp = new AbortController();
    return guarded(
      `${what} ${this.address}`,
      opts,
      () => fn({ timeoutMs: opts.timeoutMs, signal: giveUp.signal }),
      () => giveUp.abort(),
    );
  }

  async #status(io: IoOptions): Promise<PrinterStatus> {
    const ask = async (n: StatusRequest): Promise<number> => {
      try {
        const answer = await this.transport.request(encodeStatusRequest(n), oneByte, { timeoutMs: Math.min(this.#statusTimeoutMs, io.timeoutMs), signal: io.signal });
        return answer[0]!;
      } catch (e) {
        // An answer still on its way would be taken for the answer to the
        // next request: start the next operation on a fresh connection.
        const connected = this.transport.state === 'open';
        if (e instanceof KassaError && (e.code === 'DEVICE_TIMEOUT' || e.code === 'DEVICE_ABORTED')) await this.transport.reset();
        // Relabel only a silence after connecting: a connect that timed out says so itself.
        if (e instanceof KassaError && e.code === 'DEVICE_TIMEOUT' && connected) {
          throw new KassaError(
            'DEVICE_TIMEOUT',
            `${this.address}: the printer did not answer a status request (DLE EOT ${n}) within ${Math.min(this.#statusTimeoutMs, io.timeoutMs)} ms`,
            'check that the printer is switched on, not jammed and connected; nothing was printed. A printer that never answers status requests: kassa config set printer.askStatus false',
          );
        }
        throw e;
      }
    };
    const printer = await ask(1);
    const offline = await ask(2);
    const paper = await ask(4);
    try {
      return decodeStatus({ printer, offline, paper });
    } catch (e) {
      throw e instanceof KassaError ? new KassaError(e.code, `${this.address}: ${e.message}`, e.hint) : e;
    }
  }
}

function notReady(address: string, s: PrinterStatus): KassaError {
  const hint = s.paperOut
    ? 'load a new paper roll and close the cover; the receipt can be printed again'
    : s.coverOpen
      ? 'close the printer cover; the receipt can be printed again'
      : 'check the printer (paper jam, cutter) and switch it off and on; the receipt can be printed again';
  return new KassaError('PRINTER_NOT_READY', `${address}: ${describeStatus(s, 'en')}`, hint, s);
}

export interface CreatePrinterOptions {
  width: PaperWidth;
  codePage: number;
  /** For the preview printer. */
  preview?: Omit<PreviewOptions, 'width'>;
  statusTimeoutMs?: number;
  /** false: print without asking DLE EOT first (printers that never answer; setting printer.askStatus). */
  askStatus?: boolean;
}

/** The printer for the `printer.address` setting. Opens nothing yet. */
export function createPrinter(address: DeviceAddress, opts: CreatePrinterOptions): ReceiptPrinter {
  const escpos = {
    width: opts.width,
    codePage: opts.codePage,
    ...(opts.statusTimeoutMs !== undefined ? { statusTimeoutMs: opts.statusTimeoutMs } : {}),
    ...(opts.askStatus !== undefined ? { askStatus: opts.askStatus } : {}),
  };
  switch (address.kind) {
    case 'preview':
      return new PreviewPrinter({ ...opts.preview, width: opts.width });
    case 'file':
      return new EscPosPrinter(new FileTransport(address.path), { ...escpos, askStatus: false });
    case 'tcp':
    case 'serial':
      return new EscPosPrinter(createTransport(address), escpos);
    case 'none':
      throw new KassaError('DEVICE_NOT_CONFIGURED', 'no receipt printer is configured', 'kassa devices set printer tcp://HOST:9100 (or file:/dev/usb/lp0, serial:PATH, preview)');
    default:
      throw new KassaError('INVALID_DEVICE', `"${formatAddress(address)}" is not a receipt printer`, 'a printer is tcp://HOST:9100, file:/dev/usb/lp0, serial:PATH or preview');
  }
}
