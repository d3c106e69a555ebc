/**
 * The checkout's state and the one function that changes it: `reduce(state,
 * action)`, pure. Keys arrive as actions (`text`, `key`, `ctrl`, `enter` with the
 * scanner/person verdict); what needs the store or a device is asked for by
 * putting an `Effect` in `state.effect`, which the controller runs and answers
 * with a result action. Components only render this state.
 */
import type { PaymentSpec } from '../core/cart.js';
import { tryParseAmount } from '../core/money.js';
import { roundToCashStep } from '../core/sale.js';
import type { CartChange, CartView } from '../services/carts.js';
import type { CompletedSale } from '../services/sales.js';
import type { KeyName } from './keys.js';
import type { Lang } from './words.js';

export interface User {
  id: number;
  name: string;
  role: 'cashier' | 'manager' | 'admin';
}

export interface Hit {
  code: string;
  name: string;
  priceCents: number;
  unit: 'piece' | 'kg';
}

export type Prompt =
  | 'quantity'
  | 'weight'
  | 'line_discount'
  | 'sale_discount'
  | 'price'
  | 'float'
  | 'cash_in'
  | 'cash_out'
  | 'count'
  | 'refund'
  | 'no_sale';

export type Effect =
  | { type: 'login'; userId: number; pin: string }
  | { type: 'open_shift'; floatText: string }
  | { type: 'scan'; code: string; qtyText: string | null }
  | { type: 'change'; change: CartChange; approverId?: number }
  | { type: 'edit'; prompt: 'quantity' | 'line_discount' | 'sale_discount' | 'price'; lineNo: number | null; text: string; approverId?: number }
  | { type: 'weigh'; code: string; text: string }
  | { type: 'search'; query: string }
  | { type: 'park' }
  | { type: 'list_parked' }
  | { type: 'resume'; cartId: number }
  | { type: 'cancel'; approverId?: number }
  | { type: 'pay'; specs: PaymentSpec[] }
  | { type: 'abort_payment' }
  | { type: 'answer'; ok: boolean } // the cashier's answer to the card terminal or the QR transfer
  | { type: 'refund'; receipt: string; approverId?: number }
  | { type: 'cash'; direction: 'in' | 'out'; text: string }
  | { type: 'no_sale'; reason: string; approverId?: number }
  | { type: 'x_report' }
  | { type: 'close_shift'; text: string }
  | { type: 'reprint' }
  | { type: 'approve'; userId: number; pin: string; retry: Effect }
  | { type: 'quit' };

export type Mode =
  | { kind: 'login'; field: 'user' | 'pin'; userId: string }
  | { kind: 'sale' }
  | { kind: 'prompt'; prompt: Prompt; lineNo: number | null; code: string | null; name: string | null }
  | { kind: 'search'; hits: Hit[]; index: number }
  | { kind: 'pay'; step: 'amount' | 'card' | 'confirm' | 'qr'; qr: { code: string[]; details: string[] } | null; status: string | null }
  | { kind: 'done'; sale: CompletedSale; receipt: Receipt; scroll: number }
  | { kind: 'approval'; field: 'user' | 'pin'; userId: string; retry: Effect; what: string }
  | { kind: 'menu'; index: number }
  | { kind: 'parked'; carts: CartView[]; index: number }
  | { kind: 'report'; title: string; lines: string[]; narrow: string[] | null; scroll: number }
  | { kind: 'help'; back: Mode };

/** A receipt as text at the two widths the screen may need: 42 columns (80 mm paper) and 32 (narrow). */
export interface Receipt {
  wide: string[];
  narrow: string[];
}

export interface Message {
  kind: 'ok' | 'error' | 'info';
  text: string;
  hint?: string;
}

export interface CheckoutState {
  lang: Lang;
  user: User | null;
  mode: Mode;
  cart: CartView | null;
  selected: number | null; // lineNo of the highlighted line: the last scanned, or chosen with ↑↓
  input: string; // the input line (a PIN is kept here, shown masked)
  message: Message | null;
  busy: boolean; // an effect is running: keys other than Esc wait
  effect: Effect | null; // asked of the controller, cleared when it takes it
  lastReceipt: string | null;
  cashStepCents: number; // the store's cash rounding, for the quick amounts
  /** Scans that arrived while an effect ran (a scanner is faster than a commit): taken in turn. */
  queue: EnterVerdict[];
  /** The device line: each configured device, working or what failed. */
  devices: DeviceLight[];
}

/** One device on the device line: `ok` false shows `problem` in red. */
export interface DeviceLight {
  device: 'printer' | 'drawer' | 'scanner' | 'display' | 'scale' | 'card';
  ok: boolean;
  problem: string | null; // in the cashier's words: "papier op — bon in wachtrij (F9 herdruk)"
}

export function initialState(lang: Lang, cashStepCents = 5): CheckoutState {
  return { lang, cashStepCents, queue: [], devices: [], user: null, mode: { kind: 'login', field: 'user', userId: '' }, cart: null, selected: null, input: '', message: null, busy: false, effect: null, lastReceipt: null };
}

/** What an Enter carries: the scanner/person verdict of src/tui/keys.ts. */
export type EnterVerdict = { kind: 'scan'; code: string; prefix: string } | { kind: 'typed'; text: string } | { kind: 'empty' };

export type Action =
  // keys
  | { type: 'typed'; value: string } // the input line as it now reads
  | { type: 'enter'; verdict: EnterVerdict }
  | { type: 'key'; name: Exclude<KeyName, 'enter' | 'backspace'> }
  | { type: 'ctrl'; letter: string }
  | { type: 'char'; char: string } // a single printable key where it is a command (pay, menus)
  // the controller
  | { type: 'effect_taken' }
  | { type: 'logged_in'; user: User; shiftOpen: boolean; cart: CartView | null }
  | { type: 'shift_opened' }
  | { type: 'cart'; cart: CartView; message?: Message; selected?: number | null }
  | { type: 'need_weight'; code: string; name: string }
  | { type: 'hits'; hits: Hit[] }
  | { type: 'parked_list'; carts: CartView[] }
  | { type: 'cart_closed'; message: Message } // parked or cancelled: a new empty sale
  | { type: 'terminal'; step: 'card' | 'confirm' | 'qr'; status: string | null; qr?: { code: string[]; details: string[] } }
  | { type: 'sold'; sale: CompletedSale; receipt: Receipt }
  | { type: 'part_paid'; cart: CartView; message: Message }
  | { type: 'report'; title: string; lines: string[]; narrow?: string[] }
  | { type: 'done_ok'; message: Message } // cash in/out, no sale: back to the sale
  | { type: 'shift_closed'; title: string; lines: string[] }
  | { type: 'failed'; code: string; message: string; hint?: string; effect: Effect }
  | { type: 'logout' }
  | { type: 'devices'; devices: DeviceLight[] }; // the device line changed (at any time, also while busy)

const QTY_PREFIX = /^(\d+(?:[.,]\d{1,3})?)\*$/;

/** Keys that work in the sale, each as an F-key and a Ctrl letter (terminals without F-keys). */
export const SALE_KEYS = {
  help: { f: 'f1', ctrl: null },
  search: { f: 'f2', ctrl: 'f' },
  qty: { f: 'f3', ctrl: 'a' },
  discount: { f: 'f4', ctrl: 'd' },
  park: { f: 'f5', ctrl: 'w' },
  saleDiscount: { f: 'f6', ctrl: 'e' },
  price: { f: 'f7', ctrl: 'o' },
  cancel: { f: 'f8', ctrl: 'n' },
  reprint: { f: 'f9', ctrl: 'r' },
  refund: { f: 'f10', ctrl: 't' },
  menu: { f: 'f11', ctrl: 'g' },
  pay: { f: 'f12', ctrl: 'p' },
  void: { f: 'delete', ctrl: 'x' },
} as const;
export type SaleCommand = keyof typeof SALE_KEYS;

function commandOf(a: Action): SaleCommand | null {
  for (const [cmd, k] of Object.entries(SALE_KEYS) as [SaleCommand, { f: string; ctrl: string | null }][]) {
    if (a.type === 'key' && a.name === k.f) return cmd;
    if (a.type === 'ctrl' && k.ctrl !== null && a.letter === k.ctrl) return cmd;
  }
  return null;
}

const withEffect = (s: CheckoutState, effect: Effect, patch: Partial<CheckoutState> = {}): CheckoutState => ({ ...s, ...patch, effect, busy: true });
const info = (text: string): Message => ({ kind: 'info', text });
const error = (text: string, hint?: string): Message => (hint ? { kind: 'error', text, hint } : { kind: 'error', text });
const toSale = (s: CheckoutState, patch: Partial<CheckoutState> = {}): CheckoutState => ({ ...s, mode: { kind: 'sale' }, input: '', ...patch });
const activeLines = (cart: CartView | null) => (cart ? cart.lines.filter((l) => !l.voided) : []);

export function reduce(s: CheckoutState, a: Action): CheckoutState {
  const next = step(s, a);
  // The effect is done: the next scan that waited for it goes now.
  if (!next.busy && next.queue.length > 0 && next.effect === null) {
    const [first, ...rest] = next.queue;
    return reduce({ ...next, queue: rest }, { type: 'enter', verdict: first! });
  }
  return next;
}

function step(s: CheckoutState, a: Action): CheckoutState {
  switch (a.type) {
    case 'effect_taken':
      return { ...s, effect: null };
    case 'typed':
      return s.busy ? s : { ...s, input: a.value };
    case 'logged_in': {
      const next = { ...s, user: a.user, busy: false, input: '', cart: a.cart, selected: a.cart ? lastLine(a.cart) : null, message: { kind: 'ok' as const, text: a.user.name } };
      return a.shiftOpen ? { ...next, mode: { kind: 'sale' } } : { ...next, mode: prompt('float') };
    }
    case 'shift_opened':
      return toSale(s, { busy: false });
    case 'cart':
      return { ...s, busy: false, cart: a.cart, selected: a.selected !== undefined ? a.selected : lastLine(a.cart), message: a.message ?? s.message, mode: { kind: 'sale' }, input: '' };
    case 'need_weight':
      return { ...s, busy: false, input: '', mode: { kind: 'prompt', prompt: 'weight', lineNo: null, code: a.code, name: a.name } };
    case 'hits':
      return { ...s, busy: false, mode: { kind: 'search', hits: a.hits, index: 0 } };
    case 'parked_list':
      return { ...s, busy: false, input: '', mode: { kind: 'parked', carts: a.carts, index: 0 } };
    case 'cart_closed':
      return toSale(s, { busy: false, cart: null, selected: null, message: a.message });
    case 'terminal':
      return { ...s, mode: { kind: 'pay', step: a.step, qr: a.qr ?? (s.mode.kind === 'pay' ? s.mode.qr : null), status: a.status } };
    case 'sold':
      return { ...s, busy: false, cart: null, selected: null, input: '', lastReceipt: a.sale.receiptNo, mode: { kind: 'done', sale: a.sale, receipt: a.receipt, scroll: 0 }, message: null };
    case 'part_paid':
      return { ...s, busy: false, cart: a.cart, input: '', message: a.message, mode: { kind: 'pay', step: 'amount', qr: null, status: null } };
    case 'report':
      return { ...s, busy: false, input: '', mode: { kind: 'report', title: a.title, lines: a.lines, narrow: a.narrow ?? null, scroll: 0 } };
    case 'done_ok':
      return toSale(s, { busy: false, message: a.message });
    case 'shift_closed':
      return { ...s, busy: false, input: '', user: null, cart: null, selected: null, mode: { kind: 'report', title: a.title, lines: a.lines, narrow: null, scroll: 0 }, message: null };
    case 'logout':
      return { ...s, user: null, input: '', mode: { kind: 'login', field: 'user', userId: '' }, message: null };
    case 'failed':
      return failed(s, a);
    case 'devices':
      return { ...s, devices: a.devices };
    default:
      return s.busy ? busyKeys(s, a) : keys(s, a);
  }
}

function prompt(p: Prompt, lineNo: number | null = null): Mode {
  return { kind: 'prompt', prompt: p, lineNo, code: null, name: null };
}

function lastLine(cart: CartView): number | null {
  return activeLines(cart).at(-1)?.lineNo ?? null;
}

/** What needs a manager comes back as APPROVAL_REQUIRED: ask for one and run the same effect again. */
function failed(s: CheckoutState, a: Extract<Action, { type: 'failed' }>): CheckoutState {
  const base = { ...s, busy: false };
  const approved = 'approverId' in a.effect && a.effect.approverId !== undefined;
  if (a.code === 'APPROVAL_REQUIRED' && !approved) {
    return { ...base, input: '', message: error(a.message), mode: { kind: 'approval', field: 'user', userId: '', retry: a.effect, what: a.message } };
  }
  const pinProblem = a.code === 'WRONG_PIN' || a.code === 'USER_NOT_FOUND' || a.code === 'USER_LOCKED' || a.code === 'NOT_A_MANAGER';
  if (a.effect.type === 'login' || (a.effect.type === 'approve' && pinProblem)) {
    // A wrong PIN: ask for it again, the message says how many tries are left. An
    // unknown or locked number, or a cashier asked to approve: ask for the number again.
    const m = s.mode;
    const again = a.code === 'USER_NOT_FOUND' || a.code === 'USER_LOCKED' || a.code === 'NOT_A_MANAGER' ? { field: 'user' as const, userId: '' } : { field: 'pin' as const };
    const mode: Mode = m.kind === 'approval' ? { ...m, ...again } : m.kind === 'login' ? { ...m, ...again } : m;
    return { ...base, input: '', message: error(a.message, a.hint), mode };
  }
  if (a.effect.type === 'pay' || a.effect.type === 'answer') {
    return { ...base, message: error(a.message, a.hint), mode: { kind: 'pay', step: 'amount', qr: null, status: null } };
  }
  // Anything else: say what went wrong, keep the cashier where they were, or back at the sale.
  const keep = s.mode.kind === 'prompt' || s.mode.kind === 'login' || s.mode.kind === 'sale';
  return { ...base, message: error(a.message, a.hint), ...(keep ? {} : { mode: { kind: 'sale' as const }, input: '' }) };
}

/**
 * While an effect runs, a scan waits its turn (in the sale), Esc stops a card
 * payment, Enter and Esc answer the terminal or the QR transfer; other keys wait.
 */
function busyKeys(s: CheckoutState, a: Action): CheckoutState {
  if (a.type === 'enter' && a.verdict.kind === 'scan' && (s.mode.kind === 'sale' || s.mode.kind === 'done')) return { ...s, queue: [...s.queue, a.verdict] };
  if (a.type === 'key' && a.name === 'escape' && s.mode.kind === 'pay' && s.mode.step === 'card') return { ...s, effect: { type: 'abort_payment' } };
  if (s.mode.kind === 'pay' && (s.mode.step === 'confirm' || s.mode.step === 'qr')) {
    // Only a person's Enter says the money is there: a scan never answers yes.
    if (a.type === 'enter' && a.verdict.kind === 'scan') return { ...s, message: error(words(s).scanIgnored) };
    if (a.type === 'enter') return { ...s, effect: { type: 'answer', ok: true } };
    if (a.type === 'key' && a.name === 'escape') return { ...s, effect: { type: 'answer', ok: false } };
  }
  return s;
}

function keys(s: CheckoutState, a: Action): CheckoutState {
  const m = s.mode;
  if (a.type === 'ctrl' && a.letter === 'c') return { ...s, effect: { type: 'quit' } };
  switch (m.kind) {
    case 'login':
      return loginKeys(s, m, a);
    case 'sale':
      return saleKeys(s, a);
    case 'prompt':
      return promptKeys(s, m, a);
    case 'search':
      return listKeys(s, a, m.hits.length, m.index, (index) => ({ ...m, index }), (i) => {
        const hit = m.hits[i];
        return hit ? withEffect(toSale(s), { type: 'scan', code: hit.code, qtyText: null }) : toSale(s);
      });
    case 'parked':
      return listKeys(s, a, m.carts.length, m.index, (index) => ({ ...m, index }), (i) => {
        const c = m.carts[i];
        return c ? withEffect(s, { type: 'resume', cartId: c.cartId }) : toSale(s);
      });
    case 'menu':
      return listKeys(s, a, 8, m.index, (index) => ({ ...m, index }), (i) => menuChoice(s, i));
    case 'pay':
      return payKeys(s, a);
    case 'done':
      if (a.type === 'enter' && a.verdict.kind === 'scan') return saleKeys(toSale(s, { message: null }), a);
      if (a.type === 'key' && (a.name === 'up' || a.name === 'down' || a.name === 'pageup' || a.name === 'pagedown')) {
        const by = a.name === 'up' ? -1 : a.name === 'down' ? 1 : a.name === 'pageup' ? -10 : 10;
        return { ...s, mode: { ...m, scroll: Math.max(0, Math.min(m.receipt.wide.length - 1, m.scroll + by)) } };
      }
      if (a.type === 'enter' || (a.type === 'key' && a.name === 'escape')) return toSale(s, { message: null });
      return s;
    case 'approval':
      return approvalKeys(s, m, a);
    case 'report':
      if (a.type === 'key' && (a.name === 'up' || a.name === 'down' || a.name === 'pageup' || a.name === 'pagedown')) {
        const by = a.name === 'up' ? -1 : a.name === 'down' ? 1 : a.name === 'pageup' ? -10 : 10;
        return { ...s, mode: { ...m, scroll: Math.max(0, Math.min(m.lines.length - 1, m.scroll + by)) } };
      }
      if (a.type === 'enter' || (a.type === 'key' && a.name === 'escape')) {
        return s.user ? toSale(s) : { ...s, input: '', mode: { kind: 'login', field: 'user', userId: '' } };
      }
      return s;
    case 'help':
      if (a.type === 'enter' || a.type === 'key') return { ...s, mode: m.back };
      return s;
  }
}

function loginKeys(s: CheckoutState, m: Extract<Mode, { kind: 'login' }>, a: Action): CheckoutState {
  if (a.type === 'key' && a.name === 'escape') return { ...s, input: '', mode: { kind: 'login', field: 'user', userId: '' } };
  if (a.type !== 'enter') return s;
  // A staff badge may be scanned: here a scan is just the text.
  const text = enteredText(a.verdict);
  if (m.field === 'user') {
    if (!/^\d{1,6}$/.test(text)) return { ...s, input: '', message: error(words(s).userPrompt) };
    return { ...s, input: '', mode: { ...m, field: 'pin', userId: text }, message: null };
  }
  return withEffect(s, { type: 'login', userId: Number(m.userId), pin: text }, { input: '' });
}

function enteredText(v: EnterVerdict): string {
  return v.kind === 'scan' ? (v.prefix + v.code).trim() : v.kind === 'typed' ? v.text : '';
}

function approvalKeys(s: CheckoutState, m: Extract<Mode, { kind: 'approval' }>, a: Action): CheckoutState {
  if (a.type === 'key' && a.name === 'escape') return toSale(s, { message: null });
  if (a.type !== 'enter') return s;
  const text = enteredText(a.verdict);
  if (m.field === 'user') {
    if (!/^\d{1,6}$/.test(text)) return { ...s, input: '' };
    return { ...s, input: '', mode: { ...m, field: 'pin', userId: text } };
  }
  return withEffect(s, { type: 'approve', userId: Number(m.userId), pin: text, retry: m.retry }, { input: '' });
}

/** Words without importing the tables into the pure state: only the few texts the reducer writes. */
function words(s: CheckoutState): { scanIgnored: string; userPrompt: string; emptyCart: string; selectLine: string; noLastReceipt: string } {
  return s.lang === 'nl'
    ? { scanIgnored: 'Scan genegeerd — rond dit eerst af (Esc)', userPrompt: 'Typ uw medewerkernummer', emptyCart: 'De bon is leeg', selectLine: 'Kies eerst een regel (↑↓)', noLastReceipt: 'Nog geen bon om te herdrukken' }
    : { scanIgnored: 'Scan ignored — finish this first (Esc)', userPrompt: 'Type your staff number', emptyCart: 'The sale is empty', selectLine: 'Choose a line first (↑↓)', noLastReceipt: 'No receipt to reprint yet' };
}

function saleKeys(s: CheckoutState, a: Action): CheckoutState {
  if (a.type === 'enter') {
    const v = a.verdict;
    if (v.kind === 'empty') return s; // Enter on nothing never adds the last item again
    if (v.kind === 'scan') {
      const q = QTY_PREFIX.exec(v.prefix.trim());
      return withEffect(s, { type: 'scan', code: v.code, qtyText: q ? q[1]! : null }, { input: '' });
    }
    const star = v.text.indexOf('*');
    if (star > 0 && QTY_PREFIX.test(v.text.slice(0, star + 1))) {
      return withEffect(s, { type: 'scan', code: v.text.slice(star + 1).trim(), qtyText: v.text.slice(0, star) }, { input: '' });
    }
    return withEffect(s, { type: 'scan', code: v.text, qtyText: null }, { input: '' });
  }
  if (a.type === 'key' && (a.name === 'up' || a.name === 'down')) return { ...s, selected: moveSelection(s, a.name === 'up' ? -1 : 1) };
  if (a.type === 'key' && a.name === 'escape') return { ...s, input: '', message: null };
  if (a.type === 'char' && a.char === '?' && s.input === '') return { ...s, mode: { kind: 'help', back: s.mode } };
  const cmd = commandOf(a);
  if (!cmd) return s;
  const lines = activeLines(s.cart);
  const needLine = (p: Prompt): CheckoutState =>
    s.selected === null || !lines.some((l) => l.lineNo === s.selected) ? { ...s, message: error(words(s).selectLine) } : { ...s, input: '', mode: prompt(p, s.selected) };
  const needCart = (next: () => CheckoutState): CheckoutState => (lines.length === 0 ? { ...s, message: error(words(s).emptyCart) } : next());
  switch (cmd) {
    case 'help':
      return { ...s, mode: { kind: 'help', back: s.mode } };
    case 'search':
      return s.input.trim() ? withEffect(s, { type: 'search', query: s.input.trim() }, { input: '' }) : { ...s, input: '', mode: { kind: 'search', hits: [], index: 0 } };
    case 'qty':
      return needLine('quantity');
    case 'discount':
      return needLine('line_discount');
    case 'price':
      return needLine('price');
    case 'saleDiscount':
      return needCart(() => ({ ...s, input: '', mode: prompt('sale_discount') }));
    case 'void':
      return s.selected === null ? { ...s, message: error(words(s).selectLine) } : withEffect(s, { type: 'change', change: { type: 'void', lineNo: s.selected } });
    case 'park':
      return lines.length ? withEffect(s, { type: 'park' }) : withEffect(s, { type: 'list_parked' });
    case 'cancel':
      return needCart(() => withEffect(s, { type: 'cancel' }));
    case 'reprint':
      return withEffect(s, { type: 'reprint' }); // the controller knows the register's last receipt, also after a restart
    case 'refund':
      return { ...s, input: '', mode: prompt('refund') };
    case 'menu':
      return { ...s, input: '', mode: { kind: 'menu', index: 0 } };
    case 'pay':
      return needCart(() => ({ ...s, input: '', message: null, mode: { kind: 'pay', step: 'amount', qr: null, status: null } }));
  }
}

function moveSelection(s: CheckoutState, by: number): number | null {
  const lines = activeLines(s.cart);
  if (!lines.length) return null;
  const i = lines.findIndex((l) => l.lineNo === s.selected);
  const next = Math.min(lines.length - 1, Math.max(0, (i === -1 ? lines.length : i) + by));
  return lines[next]!.lineNo;
}

function promptKeys(s: CheckoutState, m: Extract<Mode, { kind: 'prompt' }>, a: Action): CheckoutState {
  if (a.type === 'key' && a.name === 'escape') return m.prompt === 'float' ? s : toSale(s, { message: null });
  if (a.type !== 'enter') return s;
  // A scan never becomes a quantity, a price or an amount.
  if (a.verdict.kind === 'scan' && m.prompt !== 'refund') return { ...s, input: '', message: error(words(s).scanIgnored) };
  const text = a.verdict.kind === 'scan' ? a.verdict.code : a.verdict.kind === 'typed' ? a.verdict.text : '';
  if (!text) {
    // With a scale, Enter on nothing weighs (again): after "unstable", once the weight is steady.
    if (m.prompt === 'weight' && s.devices.some((d) => d.device === 'scale')) return withEffect({ ...s, input: '' }, { type: 'weigh', code: m.code!, text: '' });
    return m.prompt === 'float' ? s : toSale(s);
  }
  return promptEffect({ ...s, input: '' }, m, text); // Enter has emptied the line (ScanBuffer.enter)
}

function promptEffect(s: CheckoutState, m: Extract<Mode, { kind: 'prompt' }>, text: string): CheckoutState {
  switch (m.prompt) {
    case 'quantity':
    case 'line_discount':
    case 'price':
      return withEffect(s, { type: 'edit', prompt: m.prompt, lineNo: m.lineNo, text });
    case 'sale_discount':
      return withEffect(s, { type: 'edit', prompt: 'sale_discount', lineNo: null, text });
    case 'weight':
      return withEffect(s, { type: 'weigh', code: m.code!, text });
    case 'float':
      return withEffect(s, { type: 'open_shift', floatText: text });
    case 'cash_in':
    case 'cash_out':
      return withEffect(s, { type: 'cash', direction: m.prompt === 'cash_in' ? 'in' : 'out', text });
    case 'count':
      return withEffect(s, { type: 'close_shift', text });
    case 'refund':
      return withEffect(s, { type: 'refund', receipt: text });
    case 'no_sale':
      return withEffect(s, { type: 'no_sale', reason: text });
  }
}

function listKeys(
  s: CheckoutState,
  a: Action,
  count: number,
  index: number,
  at: (index: number) => Mode,
  choose: (index: number) => CheckoutState,
): CheckoutState {
  if (a.type === 'key' && a.name === 'escape') return toSale(s);
  if (a.type === 'key' && (a.name === 'up' || a.name === 'down')) {
    return { ...s, mode: at(Math.min(Math.max(count - 1, 0), Math.max(0, index + (a.name === 'up' ? -1 : 1)))) };
  }
  if (a.type === 'char' && /^[1-9]$/.test(a.char) && Number(a.char) <= count) return choose(Number(a.char) - 1);
  if (a.type === 'enter') {
    // In the search list, Enter with new text searches again; else it picks the highlighted line.
    if (s.mode.kind === 'search' && a.verdict.kind === 'typed') return withEffect(s, { type: 'search', query: a.verdict.text }, { input: '' });
    if (a.verdict.kind === 'scan') return toSale(s, { message: error(words(s).scanIgnored) });
    return choose(index);
  }
  return s;
}

function menuChoice(s: CheckoutState, i: number): CheckoutState {
  switch (i) {
    case 0:
      return { ...s, input: '', mode: prompt('cash_in') };
    case 1:
      return { ...s, input: '', mode: prompt('cash_out') };
    case 2:
      return { ...s, input: '', mode: prompt('no_sale') };
    case 3:
      return withEffect(s, { type: 'x_report' });
    case 4:
      return { ...s, input: '', mode: prompt('refund') };
    case 5:
      return { ...s, input: '', mode: prompt('count') };
    case 6:
      return reduce(s, { type: 'logout' });
    default:
      return { ...s, effect: { type: 'quit' } };
  }
}

/**
 * Payment: the input is the amount. Enter or C pays cash (handed over: the
 * amount typed, or exact); P pays by card and Q by QR transfer, the amount typed
 * (a part payment) or the rest. F1–F4 are the quick cash amounts.
 */
function payKeys(s: CheckoutState, a: Action): CheckoutState {
  const m = s.mode as Extract<Mode, { kind: 'pay' }>;
  if (a.type === 'key' && a.name === 'escape') return toSale(s, { message: null });
  const amount = s.input.trim() === '' ? null : s.input.trim();
  const pay = (method: PaymentSpec['method'], text: string | null): CheckoutState => {
    const cents = text === null ? null : amountCents(text);
    if (text !== null && cents === null) return { ...s, message: error(text) };
    return withEffect({ ...s, mode: { ...m, step: method === 'cash' ? 'amount' : method === 'qr' ? 'qr' : 'card', status: null } }, { type: 'pay', specs: [{ method, amountCents: cents }] }, { input: '' });
  };
  if (a.type === 'enter') return a.verdict.kind === 'scan' ? { ...s, input: '', message: error(words(s).scanIgnored) } : pay('cash', amount);
  if (a.type === 'char') {
    const c = a.char.toLowerCase();
    if (c === 'c') return pay('cash', amount);
    if (c === 'p') return pay('card', amount);
    if (c === 'q') return pay('qr', amount);
    return s;
  }
  if (a.type === 'key' && /^f[1-4]$/.test(a.name) && s.cart) {
    const quick = quickAmounts(s.cart.dueCents, s.cashStepCents)[Number(a.name.slice(1)) - 1];
    if (quick !== undefined) return withEffect(s, { type: 'pay', specs: [{ method: 'cash', amountCents: quick }] }, { input: '' });
  }
  return s;
}

/** Exact (rounded to the cash step), then the next round notes above it. */
export function quickAmounts(dueCents: number, stepCents: number): number[] {
  const exact = roundToCashStep(dueCents, stepCents);
  const out = [exact];
  // The notes a customer hands over: 5, 10, 50, 100, 200 (a 20 is rarer than a 50 at the till, MOCKUPS.md).
  for (const note of [500, 1000, 5000, 10000, 20000]) {
    const next = Math.ceil(dueCents / note) * note;
    if (next > exact && !out.includes(next)) out.push(next);
    if (out.length === 4) break;
  }
  return out;
}

/** An amount typed at the till, in cents, or null: `12,50`, `12.50`, `12`. */
export function amountCents(text: string): number | null {
  const r = tryParseAmount(text.trim());
  return r.ok && r.cents > 0 ? r.cents : null;
}
