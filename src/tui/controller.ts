/**
 * Runs what the checkout state asks for (`Effect`) with the services and the
 * payment devices, and answers with an action. The only place in src/tui that
 * touches the store; no SQL and no business rule here, only which service to
 * call and how its answer reads on the screen.
 */
import { parseDiscount, type Discount, type PaymentSpec } from '../core/cart.js';
import { KassaError } from '../core/errors.js';
import { formatAmount, tryParseAmount } from '../core/money.js';
import { tryParseQuantity } from '../core/quantity.js';
import type { Settings } from '../core/settings.js';
import { createPaymentTerminal, type PaymentTerminal } from '../devices/payment-terminal/index.js';
import { qrMatrix } from '../core/qr-code.js';
import { renderQrHalfBlocks } from '../render/qr-text.js';
import type { Actor } from '../services/approvals.js';
import { cancelCart, changeCart, listCarts, openCart, parkCart, payCart, resumeCart, viewCart, type CartChange, type CartView } from '../services/carts.js';
import { loadSettings } from '../services/config.js';
import type { Ctx } from '../services/context.js';
import { openDrawerNoSale } from '../services/drawer.js';
import { resolveScan, searchProducts } from '../services/products.js';
import { receiptText } from '../services/receipts.js';
import { refund } from '../services/refunds.js';
import { lastReceiptNo, type PaymentDevices } from '../services/sales.js';
import { closeShift, moveCash, openShift, shiftStatus, type ShiftSummary } from '../services/shifts.js';
import type { Till } from '../services/till.js';
import { login } from '../services/users.js';
import { DeviceLights } from './device-lights.js';
import type { Action, Effect, Receipt, User } from './state.js';
import { errorText, WORDS, type Lang } from './words.js';

export type Dispatch = (a: Action) => void;

export class CheckoutController {
  readonly settings: Settings;
  #user: User | null = null;
  #cartId: number | null = null;
  #abort: AbortController | null = null;
  #answer: ((ok: boolean) => void) | null = null;
  #exit: (() => void) | null = null;
  #terminal: PaymentTerminal | null = null;
  #dispatch: Dispatch | null = null;
  readonly lights: DeviceLights;

  constructor(
    readonly ctx: Ctx,
    readonly lang: Lang,
    /** The till's printer, drawer, display, scale and scanner; none in tests of the screen alone. */
    readonly till: Till | null = null,
  ) {
    this.settings = loadSettings(ctx);
    this.lights = new DeviceLights(ctx, this.settings, till, lang);
  }

  /** The screen's dispatch, for what devices report between inputs (the device line). Returns a detach. */
  attach(dispatch: Dispatch): () => void {
    return this.lights.attach(dispatch);
  }

  /** How to end the checkout (Ink's exit), given once the screen is up. */
  setExit(exit: () => void): void {
    this.#exit = exit;
  }

  get words() {
    return WORDS[this.lang];
  }

  #f(cents: number): string {
    return formatAmount(cents, this.settings.locale);
  }

  /** Run one effect; every outcome, failures included, comes back as an action. */
  async run(effect: Effect, dispatch: Dispatch): Promise<void> {
    try {
      await this.#run(effect, dispatch);
    } catch (e) {
      if (e instanceof KassaError) {
        const said = e.code === 'PRODUCT_NOT_FOUND' ? { text: e.message, keepHint: false } : errorText(this.lang, e.code, e.message);
        // A wrong PIN says how many tries are left: keep the service's count.
        const hint = e.code === 'WRONG_PIN' ? e.hint : said.keepHint ? e.hint : undefined;
        dispatch({ type: 'failed', code: e.code, message: said.text, ...(hint ? { hint } : {}), effect });
      } else {
        dispatch({ type: 'failed', code: 'INTERNAL', message: (e as Error).message, effect });
      }
    }
  }

  #actor(approverId?: number): Actor {
    return { userId: this.#user!.id, approverId: approverId ?? null };
  }

  async #run(e: Effect, dispatch: Dispatch): Promise<void> {
    const w = this.words;
    switch (e.type) {
      case 'login': {
        const u = login(this.ctx, e.userId, e.pin);
        this.#user = { id: u.id, name: u.name, role: u.role };
        // Take up the register's open sale, if a till stopped in the middle of one.
        const open = listCarts(this.ctx, { statuses: ['open', 'paying'] }).find((c) => c.kind === 'sale');
        let cart: CartView | null = null;
        if (open) {
          cart = open.status === 'paying' ? resumeCart(this.ctx, open.cartId, this.#actor()) : open;
          this.#cartId = cart.cartId;
        }
        dispatch({ type: 'logged_in', user: this.#user, shiftOpen: shiftStatus(this.ctx) !== null, cart });
        return;
      }
      case 'open_shift':
        openShift(this.ctx, { cashierId: this.#user!.id, floatCents: this.#amount(e.floatText) });
        dispatch({ type: 'shift_opened' });
        return;
      case 'scan': {
        const scan = resolveScan(this.ctx, e.code);
        if (!scan) throw new KassaError('PRODUCT_NOT_FOUND', w.unknownCode(e.code));
        const qtyMilli = e.qtyText === null ? null : this.#quantity(e.qtyText);
        if (qtyMilli === null && scan.product.unit === 'kg' && scan.qtyMilli === null && scan.priceCents === null) {
          if (!this.till?.scale) {
            dispatch({ type: 'need_weight', code: e.code, name: scan.product.name });
            return;
          }
          // The scale weighs; what it refuses (unstable, too light) is said and the cashier weighs again or types.
          const weighed = await this.lights.weigh(scan.product);
          if (!weighed.ok) {
            dispatch({ type: 'need_weight', code: e.code, name: scan.product.name });
            dispatch({ type: 'failed', code: weighed.code, message: w.scaleSays(weighed.message), effect: e });
            return;
          }
          return this.#added(this.#change({ type: 'scan', item: { code: e.code, qtyMilli: weighed.grams } }), dispatch);
        }
        return this.#added(this.#change({ type: 'scan', item: { code: e.code, qtyMilli } }), dispatch);
      }
      case 'weigh': {
        if (e.text.trim() === '' && this.till?.scale) {
          const product = resolveScan(this.ctx, e.code)?.product;
          if (!product) throw new KassaError('PRODUCT_NOT_FOUND', w.unknownCode(e.code));
          const weighed = await this.lights.weigh(product);
          if (!weighed.ok) throw new KassaError(weighed.code as 'DEVICE_FAILED', w.scaleSays(weighed.message));
          return this.#added(this.#change({ type: 'scan', item: { code: e.code, qtyMilli: weighed.grams } }), dispatch);
        }
        return this.#added(this.#change({ type: 'scan', item: { code: e.code, qtyMilli: this.#quantity(e.text) } }), dispatch);
      }
      case 'change': {
        const before = this.#cartId === null ? null : viewCart(this.ctx, this.#cartId);
        const cart = this.#change(e.change, e.approverId);
        const name = e.change.type === 'void' ? before?.lines.find((l) => l.lineNo === (e.change as { lineNo: number }).lineNo)?.name : null;
        const selected = e.change.type === 'void' ? (cart.lines.filter((l) => !l.voided).at(-1)?.lineNo ?? null) : undefined;
        dispatch({ type: 'cart', cart, ...(selected !== undefined ? { selected } : {}), message: { kind: 'ok', text: name ? w.voidedLine(name) : '✔' } });
        return;
      }
      case 'edit': {
        const change = this.#edit(e);
        const cart = this.#change(change, e.approverId);
        dispatch({ type: 'cart', cart, ...(e.lineNo !== null ? { selected: e.lineNo } : {}), message: { kind: 'ok', text: w.changed } });
        return;
      }
      case 'search': {
        const hits = searchProducts(this.ctx, e.query, 20).map((p) => ({ code: p.sku ?? p.barcodes[0] ?? '', name: p.name, priceCents: p.priceCents, unit: p.unit }));
        dispatch({ type: 'hits', hits });
        return;
      }
      case 'park':
        parkCart(this.ctx, this.#cartId!, this.#actor());
        this.#cartId = null;
        dispatch({ type: 'cart_closed', message: { kind: 'ok', text: w.parkedSale } });
        return;
      case 'list_parked':
        dispatch({ type: 'parked_list', carts: listCarts(this.ctx, { statuses: ['parked'] }) });
        return;
      case 'resume': {
        if (this.#cartId !== null) {
          // The sale on screen waits its turn; an empty one is simply dropped.
          const current = viewCart(this.ctx, this.#cartId);
          if (current.lines.some((l) => !l.voided)) parkCart(this.ctx, this.#cartId, this.#actor());
          else cancelCart(this.ctx, this.#cartId, this.#actor());
        }
        const cart = resumeCart(this.ctx, e.cartId, this.#actor());
        this.#cartId = cart.cartId;
        dispatch({ type: 'cart', cart, message: { kind: 'ok', text: w.resumedSale } });
        return;
      }
      case 'cancel':
        cancelCart(this.ctx, this.#cartId!, this.#actor(e.approverId));
        this.#cartId = null;
        dispatch({ type: 'cart_closed', message: { kind: 'ok', text: w.cancelledSale } });
        return;
      case 'pay':
        await this.#pay(e.specs, dispatch);
        return;
      case 'abort_payment':
        this.#abort?.abort();
        return;
      case 'answer':
        this.#answer?.(e.ok);
        this.#answer = null;
        return;
      case 'refund': {
        // A receipt number (scanned from the receipt's barcode or typed) refunds what is
        // left on it; a product code is a return without a receipt.
        const text = e.receipt.trim();
        const isReceipt = /^R[A-Za-z0-9]{1,8}-\d{1,9}$/i.test(text);
        const sale = await refund(
          this.ctx,
          {
            cashierId: this.#user!.id,
            approverId: e.approverId ?? null,
            receipt: isReceipt ? text.toUpperCase() : null,
            items: isReceipt ? [] : [{ code: text, qtyMilli: null }],
            payments: [],
          },
          this.#devices(dispatch),
        );
        dispatch({ type: 'sold', sale, receipt: this.#receipt(sale.receiptNo) });
        this.lights.afterSale(sale);
        return;
      }
      case 'cash': {
        moveCash(this.ctx, { direction: e.direction, amountCents: this.#amount(e.text), reason: `${e.direction === 'in' ? w.cashIn : w.cashOut} (checkout)` });
        dispatch({ type: 'done_ok', message: { kind: 'ok', text: w.cashMoved } });
        return;
      }
      case 'no_sale': {
        openDrawerNoSale(this.ctx, this.#actor(e.approverId), { reason: e.reason });
        const k = await this.lights.kick();
        if (k.kickError) throw new KassaError(k.kickError.code, `${w.noSaleDone}; ${w.deviceNames.drawer} ${w.drawerFailed(k.kickError.message)}`, k.kickError.hint);
        dispatch({ type: 'done_ok', message: { kind: 'ok', text: `${w.noSaleDone}${k.kicked === null ? w.noDrawer : ''}` } });
        return;
      }
      case 'x_report': {
        const s = shiftStatus(this.ctx);
        dispatch({ type: 'report', title: w.xReport, lines: s ? this.#shiftLines(s) : [] });
        return;
      }
      case 'close_shift': {
        const s = closeShift(this.ctx, { countedCents: this.#amount(e.text, true) });
        this.#user = null;
        dispatch({ type: 'shift_closed', title: w.shiftClosed, lines: this.#shiftLines(s) });
        return;
      }
      case 'reprint': {
        const last = lastReceiptNo(this.ctx);
        if (!last) throw new KassaError('SALE_NOT_FOUND', w.noLastReceipt);
        // One copy, journaled once; shown at the width the screen needs.
        // With a printer: what waits in the queue prints first (the receipt that did not come out
        // is the original, not a copy); with nothing waiting, a copy is printed and shown.
        if (this.till?.queue && this.till.queue.state().pending + this.till.queue.state().failed > 0) {
          const out = await this.lights.reprintWaiting();
          if (out.error) throw out.error;
          dispatch({ type: 'done_ok', message: { kind: 'ok', text: w.printedAgain(out.printed.length) } });
          return;
        }
        const printed = this.till?.queue !== undefined && this.till.queue !== null;
        // One copy, journaled once: by the print queue when it goes to paper.
        const copy = receiptText(this.ctx, last, { lang: this.lang, copy: true, userId: this.#user?.id ?? null, journal: !printed });
        const narrow = receiptText(this.ctx, last, { lang: this.lang, copy: true, width: 32, journal: false });
        if (printed) this.lights.printCopy(last, this.#user?.id ?? null);
        dispatch({ type: 'report', title: w.reprinted, lines: copy, narrow });
        return;
      }
      case 'approve': {
        const manager = login(this.ctx, e.userId, e.pin);
        if (manager.role === 'cashier') throw new KassaError('NOT_A_MANAGER', `${manager.name} is a cashier`, 'ask a manager');
        await this.#run({ ...e.retry, approverId: manager.id } as Effect, dispatch);
        return;
      }
      case 'quit':
        this.#abort?.abort();
        this.#exit?.();
        return;
    }
  }

  /** Apply a change to the sale on screen, opening one at the first scan. */
  #change(change: CartChange, approverId?: number): CartView {
    // An empty sale that a refused first scan leaves behind is used for the next scan.
    if (this.#cartId === null) this.#cartId = openCart(this.ctx, { cashierId: this.#user!.id }).cartId;
    return changeCart(this.ctx, this.#cartId, this.#actor(approverId), change);
  }

  #edit(e: Extract<Effect, { type: 'edit' }>): CartChange {
    switch (e.prompt) {
      case 'quantity':
        return { type: 'quantity', lineNo: e.lineNo!, qtyMilli: this.#quantity(e.text) };
      case 'price':
        return { type: 'price', lineNo: e.lineNo!, unitPriceCents: this.#amount(e.text, true) };
      case 'line_discount':
        return { type: 'line_discount', lineNo: e.lineNo!, discount: this.#discount(e.text) };
      case 'sale_discount':
        return { type: 'sale_discount', discount: this.#discount(e.text) };
    }
  }

  /** A discount of zero removes it. */
  #discount(text: string): Discount | null {
    const d = parseDiscount(text, { locale: this.settings.locale });
    return ('percentBp' in d ? d.percentBp : d.amountCents) === 0 ? null : d;
  }

  #amount(text: string, zeroOk = false): number {
    const r = tryParseAmount(text.trim(), { locale: this.settings.locale });
    if (!r.ok || (!zeroOk && r.cents <= 0)) throw new KassaError('INVALID_AMOUNT', `"${text}" ${r.ok ? 'is not more than zero' : r.reason}`, 'e.g. 12,50');
    return r.cents;
  }

  #quantity(text: string): number {
    const q = tryParseQuantity(text.trim());
    if (!q.ok || q.milli <= 0) throw new KassaError('INVALID_QUANTITY', `"${text}" is not a quantity`, 'e.g. 3 or 0,350');
    return q.milli;
  }

  #added(cart: CartView, dispatch: Dispatch): void {
    const line = cart.lines.filter((l) => !l.voided).at(-1);
    dispatch({ type: 'cart', cart, message: { kind: 'ok', text: this.words.added(line?.name ?? '') } });
    if (line) this.lights.showItem(line);
  }

  async #pay(specs: PaymentSpec[], dispatch: Dispatch): Promise<void> {
    const r = await payCart(this.ctx, this.#cartId!, this.#actor(), specs, this.#devices(dispatch));
    if (r.sale) {
      this.#cartId = null;
      dispatch({ type: 'sold', sale: r.sale, receipt: this.#receipt(r.sale.receiptNo) });
      // After the commit and the screen: the drawer, the receipt, the change on the display. Never awaited by the sale.
      this.lights.afterSale(r.sale);
    } else {
      const paid = r.cart.payments.at(-1)?.amountCents ?? 0;
      dispatch({ type: 'part_paid', cart: r.cart, message: { kind: 'ok', text: this.words.partPaid(this.#f(paid)) } });
    }
  }

  /** The payment terminal with the screen as the cashier's face: statuses, the QR code, confirmations. */
  #devices(dispatch: Dispatch): PaymentDevices {
    const w = this.words;
    this.#abort = new AbortController();
    this.#dispatch = dispatch;
    const ask = (): Promise<boolean> =>
      new Promise((resolve) => {
        this.#answer = resolve;
      });
    // One terminal for the session (a ZVT terminal keeps its connection), closed when the checkout ends.
    this.#terminal ??= createPaymentTerminal(this.settings, {
      confirm: async (req) => {
        this.#dispatch?.({ type: 'terminal', step: 'confirm', status: this.words.confirmCard(this.#f(req.amountCents)) });
        return { approved: await ask() };
      },
    });
    return {
      terminal: this.#terminal,
      signal: this.#abort.signal,
      onStatus: (st) => dispatch({ type: 'terminal', step: 'card', status: st.state === 'waiting_for_card' ? w.waitingForCard : st.message }),
      confirmQr: async (qr) => {
        const details = [`IBAN ${this.settings['store.iban']}`, this.settings['store.name'], this.#f(qr.amountCents), qr.reference];
        dispatch({ type: 'terminal', step: 'qr', status: w.qrPrompt(this.#f(qr.amountCents)), qr: { code: renderQrHalfBlocks(qrMatrix(qr.payload, 'M')), details } });
        return ask();
      },
    };
  }

  /** The checkout is ending: let go of the card terminal. */
  async close(): Promise<void> {
    this.#abort?.abort();
    await this.#terminal?.close?.().catch(() => {});
    this.#terminal = null;
  }

  #receipt(receiptNo: string): Receipt {
    return {
      wide: receiptText(this.ctx, receiptNo, { lang: this.lang, width: 42 }),
      narrow: receiptText(this.ctx, receiptNo, { lang: this.lang, width: 32 }),
    };
  }

  #shiftLines(s: ShiftSummary): string[] {
    const w = this.words;
    const rows: [string, number | null][] = [
      [w.float, s.floatCents],
      [w.cashSales, s.cashSalesCents],
      [w.cashIn, s.cashInCents],
      [w.cashOut, s.cashOutCents],
      [w.expected, s.expectedCents],
      [w.counted, s.countedCents],
      [w.difference, s.differenceCents],
    ];
    return rows.filter(([, v]) => v !== null).map(([k, v]) => `${k.padEnd(22)}${this.#f(v!).padStart(14)}`);
  }

  get userId(): number | null {
    return this.#user?.id ?? null;
  }
}

