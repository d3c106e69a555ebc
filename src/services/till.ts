/**
 * The devices of one till, open for a session (the checkout, one `kassa sell`):
 * after a sale is committed the drawer opens if cash moved, the receipt prints
 * from the queue, the customer display shows the change. Each step fails on its
 * own and says so; none of them throws into the sale, which is already safe.
 */
import { asKassaError, type KassaError } from '../core/errors.js';
import type { Settings } from '../core/settings.js';
import type { CustomerDisplay } from '../devices/display/driver.js';
import type { ReceiptPrinter } from '../devices/printer/driver.js';
import type { Scale } from '../devices/scale/driver.js';
import type { SerialScanner } from '../devices/scanner/scanner.js';
import type { Ctx } from './context.js';
import { drawerPulse, openDisplay, openPrinter, openScale, openScanner, type OpenOptions } from './devices.js';
import { PrintQueue, type PrintOutcome } from './printing.js';
import type { CompletedSale } from './sales.js';

/** A drawer kick is a short write: one that has not gone through quickly never goes later. */
export const KICK_TIMEOUT_MS = 2000;

export interface AfterSale {
  /** null: no drawer (or no cash moved); true: kicked; false: the kick failed (kickError). */
  kicked: boolean | null;
  kickError: KassaError | null;
  print: PrintOutcome | null; // null: no printer
}

export class Till {
  readonly queue: PrintQueue | null;

  private constructor(
    private readonly ctx: Ctx,
    readonly settings: Settings,
    readonly printer: ReceiptPrinter | null,
    readonly display: CustomerDisplay | null,
    readonly scale: Scale | null,
    readonly scanner: SerialScanner | null,
  ) {
    this.queue = printer ? new PrintQueue(ctx, printer, settings['register.id']) : null;
  }

  /** Open what the settings configure; `serial` devices (scanner, display, scale) only when asked (the checkout). */
  static open(ctx: Ctx, settings: Settings, opts: OpenOptions & { serial?: boolean } = {}): Till {
    const serial = opts.serial ?? false;
    return new Till(ctx, settings, openPrinter(settings, opts), serial ? openDisplay(settings) : null, serial ? openScale(settings) : null, serial ? openScanner(settings) : null);
  }

  get hasDrawer(): boolean {
    return this.printer !== null && this.settings['drawer.kick'] === 'printer';
  }

  /** Open the drawer: never queued, never retried (a late kick would open an unattended drawer). */
  async kick(): Promise<{ kicked: boolean | null; kickError: KassaError | null }> {
    if (!this.hasDrawer) return { kicked: null, kickError: null };
    try {
      await this.printer!.kickDrawer(drawerPulse(this.settings), { timeoutMs: KICK_TIMEOUT_MS });
      return { kicked: true, kickError: null };
    } catch (e) {
      return { kicked: false, kickError: asKassaError(e) };
    }
  }

  /** After the commit: the drawer if cash changed hands, then the receipt (and any waiting before it). */
  async afterSale(sale: CompletedSale): Promise<AfterSale> {
    const cash = sale.payments.some((p) => p.method === 'cash');
    const k = cash ? await this.kick() : { kicked: null, kickError: null };
    const print = this.queue ? await this.queue.printPending() : null;
    return { ...k, print };
  }

  async close(): Promise<void> {
    this.queue?.stop();
    await Promise.allSettled([this.printer?.close(), this.display?.close(), this.scale?.close(), this.scanner?.stop()]);
  }
}
