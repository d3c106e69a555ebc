/**
 * The checkout's side of the till's devices: the device line (what works, what
 * failed and what to do), and the device work around a sale that must never
 * hold it up: the customer display as items are scanned, the drawer and the
 * receipt after the commit, the scale when a weighed product is scanned.
 */
import { asKassaError, isKassaError, type KassaError } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import type { Settings } from '../core/settings.js';
import { DISPLAY_LABELS, changeScreen, itemScreen, totalScreen, welcomeScreen } from '../devices/display/encode.js';
import { formatQuantity } from '../core/quantity.js';
import type { CartView } from '../services/carts.js';
import type { Ctx } from '../services/context.js';
import { describeStatus, type PrinterStatus } from '../devices/printer/status.js';
import { queueCopy, type PrintOutcome, type QueueState } from '../services/printing.js';
import type { CompletedSale } from '../services/sales.js';
import type { Till } from '../services/till.js';
import type { Action, DeviceLight } from './state.js';
import { WORDS, type Lang } from './words.js';

type Dispatch = (a: Action) => void;

/** A display write is a courtesy: short, and dropped when the display does not take it. */
const DISPLAY_TIMEOUT_MS = 1000;
const SCALE_TIMEOUT_MS = 4000;
const STEADY_WAIT_MS = 2500;

export type Weighed = { ok: true; grams: number } | { ok: false; code: string; message: string };

export class DeviceLights {
  #dispatch: Dispatch | null = null;
  #lights: DeviceLight[];
  #display: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly ctx: Ctx,
    private readonly settings: Settings,
    private readonly till: Till | null,
    private readonly lang: Lang,
  ) {
    const on = (device: DeviceLight['device']): DeviceLight => ({ device, ok: true, problem: null });
    this.#lights = [];
    if (till?.printer) this.#lights.push(on('printer'));
    if (till?.hasDrawer) this.#lights.push(on('drawer'));
    if (till?.scanner) this.#lights.push(on('scanner'));
    if (till?.display) this.#lights.push(on('display'));
    if (till?.scale) this.#lights.push(on('scale'));
    this.#lights.push(on('card'));
  }

  get words() {
    return WORDS[this.lang];
  }

  attach(dispatch: Dispatch): () => void {
    this.#dispatch = dispatch;
    const offs: (() => void)[] = [];
    const queue = this.till?.queue;
    if (queue) {
      const onQueue = (st: QueueState) => this.#set('printer', st.pending + st.failed === 0 ? null : this.words.printerQueued(st.error ? this.#problem(st.error) : this.words.waiting(st.pending + st.failed)));
      offs.push(queue.onChange(onQueue));
      queue.start();
      // Receipts left from before (a crash, a printer that was off): say so at once, print what is fresh.
      const st = queue.state();
      onQueue(st);
      if (st.pending > 0) void queue.printPending(); // never rejects: its outcome reaches onQueue
    }
    const scanner = this.till?.scanner;
    if (scanner) {
      const onState = (state: 'connected' | 'disconnected', _message: string, error?: KassaError) =>
        this.#set('scanner', state === 'connected' ? null : error ? this.#problem(error) : this.words.disconnected);
      // A code with a wrong check digit is a misread: the cashier scans again.
      const onRejected = (code: string) => this.#set('scanner', this.words.scanRejected(code));
      const onScan = () => this.#lights.some((l) => l.device === 'scanner' && !l.ok) && this.#set('scanner', null);
      scanner.on('state', onState);
      scanner.on('rejected', onRejected);
      // It may have failed to open before the screen was listening.
      if (!scanner.status.connected) onState('disconnected', scanner.status.message, scanner.status.error);
      scanner.on('scan', onScan);
      offs.push(() => {
        scanner.off('state', onState);
        scanner.off('rejected', onRejected);
        scanner.off('scan', onScan);
      });
    }
    this.#push();
    this.#show(welcomeScreen(this.settings['store.name'], this.settings.locale));
    return () => {
      for (const off of offs) off();
      this.#dispatch = null;
    };
  }

  #set(device: DeviceLight['device'], problem: string | null): void {
    this.#lights = this.#lights.map((l) => (l.device === device ? { device, ok: problem === null, problem } : l));
    this.#push();
  }

  #push(): void {
    this.#dispatch?.({ type: 'devices', devices: this.#lights });
  }

  /** Show two lines on the customer display, one write at a time, never waited for by the sale. */
  #show(lines: [string, string]): void {
    const display = this.till?.display;
    if (!display) return;
    this.#display = this.#display.then(() =>
      display.show(lines, { timeoutMs: DISPLAY_TIMEOUT_MS }).then(
        () => this.#set('display', null),
        (e: unknown) => this.#set('display', this.#problem(e)),
      ),
    );
  }

  #f(cents: number): string {
    return formatAmount(cents, this.settings.locale);
  }

  /** The customer sees what was just scanned: its name, the quantity (when not one piece) and the line's price. */
  showItem(line: CartView['lines'][number]): void {
    const locale = this.settings.locale;
    const qty = line.unit === 'kg' ? `${formatQuantity(line.qtyMilli, locale)} kg` : line.qtyMilli === 1000 ? undefined : `${formatQuantity(line.qtyMilli, locale)} x`;
    this.#show(itemScreen(line.name, this.#f(line.lineTotalCents), qty));
  }

  showTotal(cart: CartView): void {
    this.#show(totalScreen(DISPLAY_LABELS[this.settings.locale].total, this.#f(cart.dueCents)));
  }

  /** After the commit: the drawer if cash moved, the receipt, the change on the display. Never throws. */
  afterSale(sale: CompletedSale): void {
    const paid = sale.payments.reduce((a, p) => a + (p.tenderedCents ?? p.amountCents), 0);
    this.#show(changeScreen(this.#f(paid), this.#f(sale.changeCents), this.settings.locale));
    if (!this.till) return;
    this.till.afterSale(sale).then(
      (r) => {
        if (r.kicked !== null) this.#set('drawer', r.kickError ? this.words.drawerFailed(this.#problem(r.kickError)) : null);
      },
      // Nothing here may take the checkout down: the sale is committed, say what failed.
      (e: unknown) => this.#set('printer', this.words.printerQueued(this.#problem(e))),
    );
  }

  async kick(): Promise<{ kicked: boolean | null; kickError: KassaError | null }> {
    if (!this.till) return { kicked: null, kickError: null };
    const k = await this.till.kick();
    if (k.kicked !== null) this.#set('drawer', k.kickError ? this.words.drawerFailed(this.#problem(k.kickError)) : null);
    return k;
  }

  /** Weigh the product on the scale: a price-computing scale (Dialog 06) gets its price per kg and name. */
  async weigh(product: { name: string; priceCents: number }): Promise<Weighed> {
    const scale = this.till?.scale;
    if (!scale) return { ok: false, code: 'DEVICE_NOT_CONFIGURED', message: 'no scale' };
    try {
      // Goods just put down settle within a second or two: wait for that rather than refuse at once.
      const w = await scale.readWeight({ timeoutMs: SCALE_TIMEOUT_MS, waitStableMs: STEADY_WAIT_MS, unitPriceCents: product.priceCents, text: product.name });
      this.#set('scale', null);
      return { ok: true, grams: w.grams };
    } catch (e) {
      const err = asKassaError(e);
      // A refused reading (unstable, too light) is the scale working; a dead line is the scale failing.
      if (err.code.startsWith('DEVICE_')) this.#set('scale', this.#problem(err));
      return { ok: false, code: err.code, message: this.#problem(err) };
    }
  }

  /** What failed, in a few of the cashier's words: the device line is one row. */
  #problem(e: unknown): string {
    const w = this.words;
    if (!isKassaError(e)) return String(e);
    if (e.code === 'PRINTER_NOT_READY' && e.details) return describeStatus(e.details as PrinterStatus, this.lang);
    const short = w.deviceProblems[e.code as keyof typeof w.deviceProblems];
    return short ?? e.message.replace(/^\S+:\/\/\S+: |^(serial|file):\S+: /, '');
  }

  reprintWaiting(): Promise<PrintOutcome> {
    return this.till!.queue!.retry();
  }

  /** A copy on the printer (journaled as such), printed in the background. */
  printCopy(receiptNo: string, userId: number | null): void {
    const queue = this.till?.queue;
    if (!queue) return;
    try {
      queueCopy(this.ctx, receiptNo, userId);
    } catch (e) {
      this.#set('printer', this.#problem(e));
      return;
    }
    void queue.printPending();
  }
}


