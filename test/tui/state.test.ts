import { describe, expect, it } from 'vitest';
import type { CartView } from '../../src/services/carts.js';
import type { CompletedSale } from '../../src/services/sales.js';
import {
  initialState,
  quickAmounts,
  reduce,
  SALE_KEYS,
  type Action,
  type CheckoutState,
  type Effect,
  type EnterVerdict,
  type Mode,
  type User,
} from '../../src/tui/state.js';

// The reducer as a cashier meets it: keys in, what the screen shows and what the till is asked to do out.

const anna: User = { id: 1, name: 'Anna', role: 'cashier' };
const scan = (code: string, prefix = ''): Action => ({ type: 'enter', verdict: { kind: 'scan', code, prefix } });
const typed = (text: string): Action => ({ type: 'enter', verdict: { kind: 'typed', text } });
const emptyEnter: Action = { type: 'enter', verdict: { kind: 'empty' } };
const key = (name: Extract<Action, { type: 'key' }>['name']): Action => ({ type: 'key', name });
const ctrl = (letter: string): Action => ({ type: 'ctrl', letter });
const char = (c: string): Action => ({ type: 'char', char: c });
const input = (value: string): Action => ({ type: 'typed', value });

/** Run keys through the reducer, the controller taking each effect as the app does. */
function run(s: CheckoutState, ...actions: Action[]): CheckoutState {
  return actions.reduce((st, a) => reduce(st, a), s);
}

function line(lineNo: number, name: string, priceCents: number, more: Partial<CartView['lines'][number]> = {}): CartView['lines'][number] {
  return {
    lineNo,
    code: `C${lineNo}`,
    name,
    unit: 'piece',
    qtyMilli: 1000,
    unitPriceCents: priceCents,
    listPriceCents: priceCents,
    discount: null,
    discountCents: 0,
    lineTotalCents: priceCents,
    vatBp: 900,
    voided: false,
    ...more,
  };
}

function cart(lines: CartView['lines'], paidCents = 0): CartView {
  const total = lines.filter((l) => !l.voided).reduce((a, l) => a + l.lineTotalCents, 0);
  return {
    cartId: 7,
    status: 'open',
    kind: 'sale',
    register: '1',
    cashierId: 1,
    lines,
    saleDiscount: null,
    subtotalCents: total,
    discountCents: 0,
    totalCents: total,
    paidCents,
    dueCents: total - paidCents,
    payments: [],
  };
}

// Pindakaas 3,29 + Stroopwafels 2,19 (voided) + Croissant 0,95: 4,24 due.
const threeLines = cart([line(1, 'Pindakaas', 329), line(2, 'Stroopwafels', 219, { voided: true, lineTotalCents: 0 }), line(3, 'Croissant', 95)]);

/** A logged-in cashier at the sale, with `c` on screen and its last line highlighted. */
function selling(c: CartView | null = null, patch: Partial<CheckoutState> = {}): CheckoutState {
  const s = run(initialState('nl'), { type: 'logged_in', user: anna, shiftOpen: true, cart: c });
  return { ...s, ...patch };
}

function paying(c: CartView = threeLines, typedAmount = ''): CheckoutState {
  const s = run(selling(c), key('f12'));
  expect(s.mode.kind).toBe('pay');
  return typedAmount ? run(s, input(typedAmount)) : s;
}

const sale: CompletedSale = {
  receiptNo: 'R1-000001',
  kind: 'sale',
  originalReceiptNo: null,
  register: '1',
  businessDay: '2026-11-27',
  completedAt: '2026-11-27T10:00:00.000Z',
  cashierId: 1,
  lines: [],
  subtotalCents: 424,
  discountCents: 0,
  totalCents: 424,
  pricesIncludeVat: true,
  vat: [],
  payments: [{ method: 'cash', amountCents: 425, tenderedCents: 2000, changeCents: 1575, reference: null, brand: null, maskedPan: null, authCode: null }],
  roundingCents: 1,
  changeCents: 1575,
};

describe('logging in', () => {
  it('asks the staff number, then the PIN, then asks the till to log in', () => {
    let s = initialState('nl');
    expect(s.mode).toEqual({ kind: 'login', field: 'user', userId: '' });
    s = run(s, input('1'), typed('1'));
    expect(s.mode).toEqual({ kind: 'login', field: 'pin', userId: '1' });
    expect(s.input).toBe('');
    expect(s.effect).toBeNull();
    s = run(s, input('1234'), typed('1234'));
    expect(s.effect).toEqual({ type: 'login', userId: 1, pin: '1234' });
    expect(s.busy).toBe(true);
    expect(s.input).toBe('');
  });

  it('takes a scanned staff badge for the number and the PIN', () => {
    const s = run(initialState('nl'), scan('1001'), scan('123456'));
    expect(s.effect).toEqual({ type: 'login', userId: 1001, pin: '123456' });
  });

  it('refuses a staff number that is not a number, with a message', () => {
    const s = run(initialState('nl'), typed('anna'));
    expect(s.mode).toMatchObject({ kind: 'login', field: 'user' });
    expect(s.message).toMatchObject({ kind: 'error', text: 'Typ uw medewerkernummer' });
    expect(s.effect).toBeNull();
  });

  it('Esc goes back from the PIN to the staff number', () => {
    const s = run(initialState('nl'), typed('1'), key('escape'));
    expect(s.mode).toEqual({ kind: 'login', field: 'user', userId: '' });
  });

  it('without an open shift, the cashier is asked for the float; with one, goes to the sale', () => {
    const noShift = run(initialState('nl'), typed('1'), typed('1234'), { type: 'effect_taken' }, { type: 'logged_in', user: anna, shiftOpen: false, cart: null });
    expect(noShift.mode).toMatchObject({ kind: 'prompt', prompt: 'float' });
    expect(noShift.user).toEqual(anna);
    expect(noShift.busy).toBe(false);
    expect(run(noShift, typed('150,00')).effect).toEqual({ type: 'open_shift', floatText: '150,00' });
    // The float cannot be skipped with Esc: there is no selling without a shift.
    expect(run(noShift, key('escape')).mode).toMatchObject({ kind: 'prompt', prompt: 'float' });
    expect(run(noShift, typed('150'), { type: 'effect_taken' }, { type: 'shift_opened' }).mode).toEqual({ kind: 'sale' });

    const withShift = run(initialState('nl'), { type: 'logged_in', user: anna, shiftOpen: true, cart: threeLines });
    expect(withShift.mode).toEqual({ kind: 'sale' });
    expect(withShift.cart).toBe(threeLines);
    expect(withShift.selected).toBe(3);
  });

  it('a wrong PIN keeps the cashier at the PIN field, with how many tries are left', () => {
    let s = run(initialState('nl'), typed('1'), typed('0000'), { type: 'effect_taken' });
    const effect: Effect = { type: 'login', userId: 1, pin: '0000' };
    s = reduce(s, { type: 'failed', code: 'WRONG_PIN', message: 'Verkeerde PIN', hint: '4 tries left before the user is locked', effect });
    expect(s.mode).toEqual({ kind: 'login', field: 'pin', userId: '1' });
    expect(s.message).toEqual({ kind: 'error', text: 'Verkeerde PIN', hint: '4 tries left before the user is locked' });
    expect(s.busy).toBe(false);
    expect(s.user).toBeNull();
    expect(run(s, typed('1234')).effect).toEqual({ type: 'login', userId: 1, pin: '1234' });
  });

  it.each([['USER_NOT_FOUND', 'Onbekend medewerkernummer'], ['USER_LOCKED', 'Medewerker geblokkeerd — een manager kan deblokkeren']])(
    '%s sends the cashier back to the staff number: no PIN can help',
    (code, message) => {
      const s = run(initialState('nl'), typed('77'), typed('1234'), { type: 'effect_taken' }, { type: 'failed', code, message, effect: { type: 'login', userId: 77, pin: '1234' } });
      expect(s.mode).toEqual({ kind: 'login', field: 'user', userId: '' });
      expect(s.message).toEqual({ kind: 'error', text: message });
    },
  );

  it('a typed float that is refused leaves an empty line to type it again', () => {
    const s = run(initialState('nl'), { type: 'logged_in', user: anna, shiftOpen: false, cart: null }, input('abc'), typed('abc'));
    expect(s.input).toBe('');
    const after = reduce({ ...s, effect: null }, { type: 'failed', code: 'INVALID_AMOUNT', message: 'Geen geldig bedrag (bijv. 12,50)', effect: { type: 'open_shift', floatText: 'abc' } });
    expect(after).toMatchObject({ busy: false, input: '', mode: { kind: 'prompt', prompt: 'float' }, message: { kind: 'error' } });
  });
});

describe('scanning and typing codes', () => {
  it('Enter on an empty line never asks to scan anything (no second add of the last item)', () => {
    const s = selling(threeLines);
    const after = reduce(s, emptyEnter);
    expect(after).toBe(s);
    expect(after.effect).toBeNull();
  });

  it.each<[string, EnterVerdict, Effect]>([
    ['a scan', { kind: 'scan', code: '8712439011619', prefix: '' }, { type: 'scan', code: '8712439011619', qtyText: null }],
    ['a scan after a typed 3*', { kind: 'scan', code: '8712439011619', prefix: '3*' }, { type: 'scan', code: '8712439011619', qtyText: '3' }],
    ['a scan after a typed 0,350*', { kind: 'scan', code: '2100001003508', prefix: '0,350*' }, { type: 'scan', code: '2100001003508', qtyText: '0,350' }],
    ['a scan after stray typing: the code alone', { kind: 'scan', code: '8712439011619', prefix: 'x' }, { type: 'scan', code: '8712439011619', qtyText: null }],
    ['a typed SKU', { kind: 'typed', text: 'KOEK-001' }, { type: 'scan', code: 'KOEK-001', qtyText: null }],
    ['a typed 2*KOEK-001', { kind: 'typed', text: '2*KOEK-001' }, { type: 'scan', code: 'KOEK-001', qtyText: '2' }],
    ['a typed 1,5*KAAS-001', { kind: 'typed', text: '1,5*KAAS-001' }, { type: 'scan', code: 'KAAS-001', qtyText: '1,5' }],
  ])('%s asks the till to add it', (_, verdict, effect) => {
    const s = reduce(selling(threeLines, { input: 'x' }), { type: 'enter', verdict });
    expect(s.effect).toEqual(effect);
    expect(s.busy).toBe(true);
    expect(s.input).toBe('');
  });

  it('the scanned line comes back highlighted with the message', () => {
    const s = run(selling(), scan('8712439011619'), { type: 'effect_taken' }, { type: 'cart', cart: cart([line(1, 'Pindakaas', 329)]), message: { kind: 'ok', text: 'Pindakaas toegevoegd' } });
    expect(s.busy).toBe(false);
    expect(s.selected).toBe(1);
    expect(s.message).toEqual({ kind: 'ok', text: 'Pindakaas toegevoegd' });
    expect(s.mode).toEqual({ kind: 'sale' });
  });

  it('an unknown code says so and keeps the cashier at the sale', () => {
    const effect: Effect = { type: 'scan', code: '871000000001', qtyText: null };
    const s = run(selling(threeLines), scan('871000000001'), { type: 'effect_taken' }, { type: 'failed', code: 'PRODUCT_NOT_FOUND', message: 'Onbekende code 871000000001 — zoek met F2', effect });
    expect(s.mode).toEqual({ kind: 'sale' });
    expect(s.busy).toBe(false);
    expect(s.message).toEqual({ kind: 'error', text: 'Onbekende code 871000000001 — zoek met F2' });
    expect(s.cart).toBe(threeLines);
  });

  it.each<[string, Mode]>([
    ['quantity', { kind: 'prompt', prompt: 'quantity', lineNo: 3, code: null, name: null }],
    ['line discount', { kind: 'prompt', prompt: 'line_discount', lineNo: 3, code: null, name: null }],
    ['price', { kind: 'prompt', prompt: 'price', lineNo: 3, code: null, name: null }],
    ['sale discount', { kind: 'prompt', prompt: 'sale_discount', lineNo: null, code: null, name: null }],
    ['weight', { kind: 'prompt', prompt: 'weight', lineNo: null, code: 'KAAS-001', name: 'Jong belegen kaas' }],
    ['float', { kind: 'prompt', prompt: 'float', lineNo: null, code: null, name: null }],
  ])('a scan in the %s prompt is refused and never becomes a number', (_, mode) => {
    const s = reduce(selling(threeLines, { mode, input: '3' }), scan('8712439011619'));
    expect(s.effect).toBeNull();
    expect(s.busy).toBe(false);
    expect(s.mode).toEqual(mode);
    expect(s.message).toEqual({ kind: 'error', text: 'Scan genegeerd — rond dit eerst af (Esc)' });
    expect(s.input).toBe('');
  });

  it('the refund prompt takes a scanned receipt barcode', () => {
    const s = run(selling(), key('f10'), scan('R1-000001'));
    expect(s.effect).toEqual({ type: 'refund', receipt: 'R1-000001' });
  });
});

describe('sale keys', () => {
  it.each(Object.entries(SALE_KEYS).filter(([, k]) => k.ctrl !== null))('%s: the F-key and its Ctrl letter do the same', (_, k) => {
    const s = selling(threeLines, { lastReceipt: 'R1-000001', input: '' });
    const byF = reduce(s, key(k.f as Extract<Action, { type: 'key' }>['name']));
    const byCtrl = reduce(s, ctrl(k.ctrl!));
    expect(byCtrl).toEqual(byF);
    expect(byF).not.toBe(s); // every key does something on a sale with lines
  });

  it.each<[string, Extract<Action, { type: 'key' }>['name'], Partial<Mode>]>([
    ['F1 help', 'f1', { kind: 'help' }],
    ['F2 search', 'f2', { kind: 'search' }],
    ['F3 quantity of the highlighted line', 'f3', { kind: 'prompt', prompt: 'quantity', lineNo: 3 }],
    ['F4 line discount', 'f4', { kind: 'prompt', prompt: 'line_discount', lineNo: 3 }],
    ['F6 sale discount', 'f6', { kind: 'prompt', prompt: 'sale_discount', lineNo: null }],
    ['F7 price', 'f7', { kind: 'prompt', prompt: 'price', lineNo: 3 }],
    ['F10 refund', 'f10', { kind: 'prompt', prompt: 'refund' }],
    ['F11 menu', 'f11', { kind: 'menu', index: 0 }],
    ['F12 pay', 'f12', { kind: 'pay', step: 'amount' }],
  ])('%s', (_, name, mode) => {
    expect(reduce(selling(threeLines), key(name)).mode).toMatchObject(mode);
  });

  it.each<[string, Extract<Action, { type: 'key' }>['name'], Effect]>([
    ['F5 parks the sale', 'f5', { type: 'park' }],
    ['F8 cancels the sale', 'f8', { type: 'cancel' }],
    ['Del voids the highlighted line', 'delete', { type: 'change', change: { type: 'void', lineNo: 3 } }],
  ])('%s', (_, name, effect) => {
    expect(reduce(selling(threeLines), key(name)).effect).toEqual(effect);
  });

  it('F5 on an empty sale shows the parked sales; F9 asks for a reprint (the controller knows the last receipt, also after a restart)', () => {
    expect(reduce(selling(), key('f5')).effect).toEqual({ type: 'list_parked' });
    expect(reduce(selling(), key('f9')).effect).toEqual({ type: 'reprint' });
  });

  it('a scan never answers the QR or card confirmation: only a typed Enter does', () => {
    const qr = { ...selling(threeLines), busy: true, mode: { kind: 'pay' as const, step: 'qr' as const, qr: null, status: null } };
    expect(reduce(qr, scan('8712439011619'))).toMatchObject({ effect: null, message: { kind: 'error' } });
    expect(reduce(qr, emptyEnter).effect).toEqual({ type: 'answer', ok: true });
  });

  it('an approval that fails for another reason than the PIN goes back to the sale, not round again', () => {
    const approving = { ...selling(threeLines), mode: { kind: 'approval' as const, field: 'pin' as const, userId: '2', retry: { type: 'cancel' as const }, what: 'x' } };
    const s = reduce(approving, { type: 'failed', code: 'ALREADY_PAID', message: 'paid', effect: { type: 'approve', userId: 2, pin: '9999', retry: { type: 'cancel' } } });
    expect(s.mode).toEqual({ kind: 'sale' });
  });

  it('F2 with a name typed searches for it', () => {
    expect(reduce(selling(null, { input: 'pinda' }), key('f2')).effect).toEqual({ type: 'search', query: 'pinda' });
  });

  it.each<[string, Extract<Action, { type: 'key' }>['name']]>([
    ['quantity', 'f3'],
    ['line discount', 'f4'],
    ['price', 'f7'],
  ])('%s needs a highlighted line', (_, name) => {
    for (const s of [selling(), selling(threeLines, { selected: null }), selling(threeLines, { selected: 2 /* voided */ })]) {
      const after = reduce(s, key(name));
      expect(after.mode).toEqual({ kind: 'sale' });
      expect(after.message).toEqual({ kind: 'error', text: 'Kies eerst een regel (↑↓)' });
    }
  });

  it('a quantity typed in the prompt changes the highlighted line', () => {
    const s = run(selling(threeLines), key('up'), key('f3'), input('4'), typed('4'));
    expect(s.effect).toEqual({ type: 'edit', prompt: 'quantity', lineNo: 1, text: '4' });
  });

  it('Esc leaves a prompt without changing anything; Enter on nothing too', () => {
    expect(run(selling(threeLines), key('f3'), key('escape'))).toMatchObject({ mode: { kind: 'sale' }, effect: null });
    expect(run(selling(threeLines), key('f3'), emptyEnter)).toMatchObject({ mode: { kind: 'sale' }, effect: null });
  });

  it('↑↓ move the highlight over the lines still on the sale, stopping at the ends', () => {
    const s = selling(threeLines);
    expect(s.selected).toBe(3);
    expect(run(s, key('up')).selected).toBe(1); // line 2 is voided
    expect(run(s, key('up'), key('up')).selected).toBe(1);
    expect(run(s, key('up'), key('down')).selected).toBe(3);
    expect(run(s, key('down')).selected).toBe(3);
    expect(run(selling(), key('up')).selected).toBeNull();
  });

  it('F12 on an empty sale refuses to pay', () => {
    for (const c of [null, cart([line(1, 'Pindakaas', 329, { voided: true, lineTotalCents: 0 })])]) {
      const s = reduce(selling(c), key('f12'));
      expect(s.mode).toEqual({ kind: 'sale' });
      expect(s.message).toEqual({ kind: 'error', text: 'De bon is leeg' });
      expect(s.effect).toBeNull();
    }
  });

  it('Ctrl-C asks to quit, wherever the cashier is', () => {
    expect(reduce(initialState('nl'), ctrl('c')).effect).toEqual({ type: 'quit' });
    expect(reduce(selling(threeLines), ctrl('c')).effect).toEqual({ type: 'quit' });
    expect(reduce(paying(), ctrl('c')).effect).toEqual({ type: 'quit' });
  });

  it('speaks English when asked', () => {
    const s = reduce(run(initialState('en'), { type: 'logged_in', user: anna, shiftOpen: true, cart: null }), key('f12'));
    expect(s.message).toEqual({ kind: 'error', text: 'The sale is empty' });
  });
});

describe('paying', () => {
  it('Enter pays cash: exact when nothing is typed, else what the customer hands over', () => {
    expect(reduce(paying(), emptyEnter).effect).toEqual({ type: 'pay', specs: [{ method: 'cash', amountCents: null }] });
    expect(reduce(paying(threeLines, '20'), typed('20')).effect).toEqual({ type: 'pay', specs: [{ method: 'cash', amountCents: 2000 }] });
    expect(reduce(paying(threeLines, '7,50'), char('c')).effect).toEqual({ type: 'pay', specs: [{ method: 'cash', amountCents: 750 }] });
  });

  it.each<[string, string, string, Effect]>([
    ['P pays the rest by card', 'p', '', { type: 'pay', specs: [{ method: 'card', amountCents: null }] }],
    ['Q pays the rest by QR transfer', 'q', '', { type: 'pay', specs: [{ method: 'qr', amountCents: null }] }],
    ['an amount then P is a part payment by card', 'P', '2,00', { type: 'pay', specs: [{ method: 'card', amountCents: 200 }] }],
    ['an amount then Q is a part payment by QR', 'q', '1', { type: 'pay', specs: [{ method: 'qr', amountCents: 100 }] }],
  ])('%s', (_, c, amount, effect) => {
    const s = reduce(paying(threeLines, amount), char(c));
    expect(s.effect).toEqual(effect);
    expect(s.busy).toBe(true);
    expect(s.input).toBe('');
  });

  it('a card payment shows the terminal, and Esc stops it while it waits', () => {
    let s = run(paying(), char('p'), { type: 'effect_taken' });
    expect(s.mode).toMatchObject({ kind: 'pay', step: 'card' });
    s = reduce(s, { type: 'terminal', step: 'card', status: 'Wacht op kaart…' });
    expect(s.mode).toMatchObject({ kind: 'pay', step: 'card', status: 'Wacht op kaart…' });
    expect(reduce(s, key('escape')).effect).toEqual({ type: 'abort_payment' });
    const declined = reduce(s, { type: 'failed', code: 'PAYMENT_DECLINED', message: 'Geweigerd — probeer opnieuw of kies een andere betaalwijze', effect: { type: 'pay', specs: [{ method: 'card', amountCents: null }] } });
    expect(declined).toMatchObject({ busy: false, mode: { kind: 'pay', step: 'amount' }, message: { kind: 'error', text: 'Geweigerd — probeer opnieuw of kies een andere betaalwijze' } });
  });

  it('a part payment comes back to the payment with what is left', () => {
    const rest = cart(threeLines.lines, 200);
    const s = run(paying(threeLines, '2'), char('p'), { type: 'effect_taken' }, { type: 'part_paid', cart: rest, message: { kind: 'ok', text: 'Deelbetaling € 2,00 ontvangen' } });
    expect(s).toMatchObject({ busy: false, input: '', mode: { kind: 'pay', step: 'amount' }, cart: { dueCents: 224 } });
  });

  it('F1–F4 pay the quick cash amounts: exact rounded to the step, then the next notes', () => {
    // 4,24 due with a 5-cent step: 4,25, 5, 10, 20.
    const amounts = (['f1', 'f2', 'f3', 'f4'] as const).map((f) => {
      const e = reduce(paying(), key(f)).effect;
      return e?.type === 'pay' ? e.specs[0]!.amountCents : undefined;
    });
    expect(amounts).toEqual([425, 500, 1000, 5000]);
  });

  it.each<[number, number, number[]]>([
    [424, 5, [425, 500, 1000, 5000]],
    [422, 5, [420, 500, 1000, 5000]],
    [2126, 5, [2125, 2500, 3000, 5000]],
    [500, 5, [500, 1000, 5000, 10000]],
    [998, 5, [1000, 5000, 10000, 20000]],
    [424, 1, [424, 500, 1000, 5000]],
    [15000, 5, [15000, 20000]],
  ])('quickAmounts(%i, %i) = %j', (due, step, expected) => {
    expect(quickAmounts(due, step)).toEqual(expected);
  });

  it('a scan while paying is refused', () => {
    const s = reduce(paying(), scan('8712439011619'));
    expect(s.effect).toBeNull();
    expect(s.message).toMatchObject({ kind: 'error', text: 'Scan genegeerd — rond dit eerst af (Esc)' });
  });

  it('Esc goes back to the sale', () => {
    expect(reduce(paying(), key('escape')).mode).toEqual({ kind: 'sale' });
  });

  it('the sale done: receipt and change on screen; Enter or a scan starts the next customer', () => {
    const done = run(paying(threeLines, '20'), typed('20'), { type: 'effect_taken' }, { type: 'sold', sale, receipt: { wide: ['Bon R1-000001'], narrow: ['Bon R1-000001'] } });
    expect(done).toMatchObject({ busy: false, cart: null, selected: null, lastReceipt: 'R1-000001', mode: { kind: 'done', sale } });
    expect(reduce(done, emptyEnter)).toMatchObject({ mode: { kind: 'sale' }, effect: null });
    const next = reduce(done, scan('8710739018642', '2*'));
    expect(next.mode).toEqual({ kind: 'sale' });
    expect(next.effect).toEqual({ type: 'scan', code: '8710739018642', qtyText: '2' });
    expect(next.message).toBeNull();
  });
});

describe('manager approval', () => {
  const edit: Effect = { type: 'edit', prompt: 'sale_discount', lineNo: null, text: '20%' };
  const needsManager = (): CheckoutState =>
    run(selling(threeLines), key('f6'), input('20%'), typed('20%'), { type: 'effect_taken' }, { type: 'failed', code: 'APPROVAL_REQUIRED', message: 'Hiervoor is een manager nodig', effect: edit });

  it('APPROVAL_REQUIRED asks for a manager and runs the same change again with the approval', () => {
    let s = needsManager();
    expect(s.mode).toEqual({ kind: 'approval', field: 'user', userId: '', retry: edit, what: 'Hiervoor is een manager nodig' });
    expect(s.busy).toBe(false);
    s = run(s, typed('2'));
    expect(s.mode).toMatchObject({ kind: 'approval', field: 'pin', userId: '2' });
    s = run(s, typed('9999'));
    expect(s.effect).toEqual({ type: 'approve', userId: 2, pin: '9999', retry: edit });
  });

  it('a wrong manager PIN asks for it again; Esc gives up and goes back to the sale', () => {
    const approve: Effect = { type: 'approve', userId: 2, pin: '0000', retry: edit };
    const s = run(needsManager(), typed('2'), typed('0000'), { type: 'effect_taken' }, { type: 'failed', code: 'WRONG_PIN', message: 'Verkeerde PIN', hint: '4 tries left', effect: approve });
    expect(s.mode).toMatchObject({ kind: 'approval', field: 'pin', userId: '2', retry: edit });
    expect(s.message).toEqual({ kind: 'error', text: 'Verkeerde PIN', hint: '4 tries left' });
    expect(run(s, key('escape'))).toMatchObject({ mode: { kind: 'sale' }, effect: null, message: null });
  });

  it('a cashier who tries to approve is sent back to the manager number', () => {
    const approve: Effect = { type: 'approve', userId: 1, pin: '1234', retry: edit };
    const s = run(needsManager(), typed('1'), typed('1234'), { type: 'effect_taken' }, { type: 'failed', code: 'NOT_A_MANAGER', message: 'Alleen een manager kan dit goedkeuren', effect: approve });
    expect(s.mode).toMatchObject({ kind: 'approval', field: 'user', userId: '', retry: edit });
  });

  it('a refused quantity leaves an empty line: what shows is what the next Enter sends', () => {
    const s = run(selling(threeLines), key('f3'), input('0'), typed('0'));
    expect(s.input).toBe('');
    expect(s.effect).toEqual({ type: 'edit', prompt: 'quantity', lineNo: 3, text: '0' });
    const after = reduce({ ...s, effect: null }, { type: 'failed', code: 'INVALID_QUANTITY', message: 'Geen geldig aantal (bijv. 3 of 0,350)', effect: s.effect! });
    expect(after).toMatchObject({ input: '', mode: { kind: 'prompt', prompt: 'quantity', lineNo: 3 } });
  });

  it('a change that was approved and still refused does not ask again', () => {
    const approved: Effect = { ...edit, approverId: 2 };
    const s = reduce(needsManager(), { type: 'failed', code: 'APPROVAL_REQUIRED', message: 'x', effect: approved });
    expect(s.mode.kind).not.toBe('approval');
  });
});

describe('while the till works', () => {
  const busy = (mode: Mode): CheckoutState => ({ ...selling(threeLines), mode, busy: true });
  const card = busy({ kind: 'pay', step: 'card', qr: null, status: 'Wacht op kaart…' });

  it('a scan in the sale waits its turn, and goes when the till is done', () => {
    const waiting = reduce(busy({ kind: 'sale' }), scan('8712439011619'));
    expect(waiting.queue).toEqual([{ kind: 'scan', code: '8712439011619', prefix: '' }]);
    expect(waiting.effect).toBeNull();
    const done = reduce(waiting, { type: 'cart', cart: waiting.cart! });
    expect(done.queue).toEqual([]);
    expect(done.effect).toEqual({ type: 'scan', code: '8712439011619', qtyText: null });
    // While paying, a scan is not queued: it does nothing.
    expect(reduce(card, scan('8712439011619'))).toBe(card);
  });

  it.each<[string, Action]>([
    ['typing', input('12')],
    ['Enter', emptyEnter],
    ['F12', key('f12')],
    ['a command letter', char('p')],
    ['Ctrl-P', ctrl('p')],
  ])('%s does nothing', (_, a) => {
    for (const s of [busy({ kind: 'sale' }), card]) expect(reduce(s, a)).toBe(s);
  });

  it('Esc stops a card payment', () => {
    expect(reduce(card, key('escape')).effect).toEqual({ type: 'abort_payment' });
    expect(reduce(busy({ kind: 'sale' }), key('escape')).effect).toBeNull();
  });

  it.each<['confirm' | 'qr']>([['confirm'], ['qr']])('Enter and Esc answer the %s question', (step) => {
    const s = busy({ kind: 'pay', step, qr: null, status: '?' });
    expect(reduce(s, emptyEnter).effect).toEqual({ type: 'answer', ok: true });
    expect(reduce(s, typed('x')).effect).toEqual({ type: 'answer', ok: true });
    expect(reduce(s, key('escape')).effect).toEqual({ type: 'answer', ok: false });
    expect(reduce(s, char('p'))).toBe(s);
  });
});
