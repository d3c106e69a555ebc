import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import type { SimulatorOutcome, TerminalDriver } from '../../src/core/settings.js';
import {
  ManualTerminal,
  SimulatorTerminal,
  createPaymentTerminal,
  type ManualConfirm,
  type ManualConfirmation,
  type PaymentRequest,
  type PaymentTerminal,
  type TerminalOutcome,
  type TerminalStatus,
} from '../../src/devices/payment-terminal/index.js';

const SALE: PaymentRequest = { kind: 'payment', amountCents: 1250, currency: 'EUR', reference: 'R1-000123' };

/** Starts a payment and records what the screen would see. */
function start(t: PaymentTerminal, req = SALE, signal?: AbortSignal) {
  const statuses: TerminalStatus[] = [];
  let outcome: TerminalOutcome | undefined;
  const done = t.pay(req, { onStatus: (s) => statuses.push(s), ...(signal ? { signal } : {}) }).then((o) => (outcome = o));
  return { statuses, done, settled: () => outcome };
}

/** A confirm callback the test answers by hand, like a cashier at a prompt. */
function cashier() {
  const calls: { req: PaymentRequest; signal: AbortSignal | undefined; answer: (a: ManualConfirmation) => void; fail: (e: unknown) => void }[] = [];
  const confirm: ManualConfirm = (req, signal) =>
    new Promise((answer, fail) => {
      calls.push({ req, signal, answer, fail });
    });
  return { confirm, calls };
}

describe('SimulatorTerminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    const left = vi.getTimerCount();
    vi.useRealTimers();
    expect(left).toBe(0); // nothing left to keep the process alive
  });

  it('approves after the delay, saying what it does on the way, with only what a till may keep', async () => {
    const p = start(new SimulatorTerminal({ outcome: 'approve', delayMs: 300, timeoutMs: 5000 }));
    expect(p.statuses.map((s) => s.state)).toEqual(['waiting_for_card']);
    await vi.advanceTimersByTimeAsync(150);
    expect(p.statuses.map((s) => s.state)).toEqual(['waiting_for_card', 'processing']);
    await vi.advanceTimersByTimeAsync(149);
    expect(p.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const o = p.settled();
    expect(o).toMatchObject({ status: 'approved', brand: 'Maestro' });
    if (o?.status !== 'approved') throw new Error('not approved');
    expect(o.maskedPan).toMatch(/^\d{6}\*+\d{4}$/);
    expect(o.maskedPan!.replace(/\*/g, '')).toHaveLength(10); // first 6 and last 4, no more
    expect(o.authCode).toMatch(/^[0-9A-Z]{6}$/);
    expect(o.terminalReceipt).toEqual(expect.arrayContaining(['BETALING', 'BEDRAG: EUR 12,50', 'REF: R1-000123', 'GOEDGEKEURD']));
    expect(o.terminalReceipt.join('\n')).toContain(o.authCode!);
    expect(p.statuses).toHaveLength(2);
  });

  it('waits 300 ms by default and marks a refund as one on its receipt', async () => {
    const p = start(new SimulatorTerminal({ outcome: 'approve', timeoutMs: 5000 }), { ...SALE, kind: 'refund' });
    await vi.advanceTimersByTimeAsync(299);
    expect(p.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    const o = p.settled();
    expect(o?.status === 'approved' && o.terminalReceipt).toContain('TERUGBETALING');
  });

  it.each<[SimulatorOutcome, TerminalOutcome]>([
    ['decline', { status: 'declined', reason: 'declined by the card issuer (simulated)' }],
    ['cancel', { status: 'cancelled', reason: 'cancelled on the terminal (simulated)' }],
  ])('answers %s after the delay', async (outcome, expected) => {
    const p = start(new SimulatorTerminal({ outcome, delayMs: 100, timeoutMs: 5000 }));
    await vi.advanceTimersByTimeAsync(100);
    expect(p.settled()).toEqual(expected);
    expect(p.statuses.map((s) => s.state)).toEqual(['waiting_for_card', 'processing']);
  });

  it('stays silent on timeout: the payment gives up after timeoutMs, the outcome unknown', async () => {
    const p = start(new SimulatorTerminal({ outcome: 'timeout', delayMs: 10, timeoutMs: 2000 }));
    await vi.advanceTimersByTimeAsync(1999);
    expect(p.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(p.settled()).toEqual({ status: 'timeout', reason: 'no answer from the terminal within 2 s' });
    expect(p.statuses.map((s) => s.state)).toEqual(['waiting_for_card']);
  });

  it('times out when its answer would come too late', async () => {
    const p = start(new SimulatorTerminal({ outcome: 'approve', delayMs: 1000, timeoutMs: 400 }));
    await vi.advanceTimersByTimeAsync(400);
    expect(p.settled()).toEqual({ status: 'timeout', reason: 'no answer from the terminal within 400 ms' });
  });

  it('asks an outcome function once per payment', async () => {
    const script: SimulatorOutcome[] = ['decline', 'approve'];
    const t = new SimulatorTerminal({ outcome: () => script.shift()!, delayMs: 10, timeoutMs: 1000 });
    const a = start(t);
    const b = start(t);
    await vi.advanceTimersByTimeAsync(10);
    expect([a.settled()?.status, b.settled()?.status]).toEqual(['declined', 'approved']);
  });

  it.each([0, 100, 200])('is cancelled at the till when aborted %d ms in, and says nothing after', async (at) => {
    const ac = new AbortController();
    const p = start(new SimulatorTerminal({ outcome: 'approve', delayMs: 300, timeoutMs: 5000 }), SALE, ac.signal);
    await vi.advanceTimersByTimeAsync(at);
    ac.abort();
    await p.done;
    expect(p.settled()).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    const seen = p.statuses.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(p.statuses).toHaveLength(seen);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('is cancelled at the till when aborted while it stays silent', async () => {
    const ac = new AbortController();
    const p = start(new SimulatorTerminal({ outcome: 'timeout', timeoutMs: 5000 }), SALE, ac.signal);
    await vi.advanceTimersByTimeAsync(3000);
    ac.abort();
    await p.done;
    expect(p.settled()?.status).toBe('cancelled');
  });

  it('does not start when the signal is already aborted', async () => {
    const p = start(new SimulatorTerminal({ outcome: 'approve', timeoutMs: 5000 }), SALE, AbortSignal.abort());
    await p.done;
    expect(p.settled()).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(p.statuses).toEqual([]);
  });

  it('handles an abort from inside the status callback', async () => {
    const ac = new AbortController();
    const o = await new SimulatorTerminal({ outcome: 'approve', timeoutMs: 5000 }).pay(SALE, { signal: ac.signal, onStatus: () => ac.abort() });
    expect(o.status).toBe('cancelled');
  });

  it('goes on when the status callback throws', async () => {
    const t = new SimulatorTerminal({ outcome: 'approve', delayMs: 50, timeoutMs: 5000 });
    const done = t.pay(SALE, {
      onStatus: () => {
        throw new Error('screen bug');
      },
    });
    await vi.advanceTimersByTimeAsync(50);
    expect((await done).status).toBe('approved');
  });

  it.each([0, -100, 12.5, Number.NaN])('rejects an amount of %d cents as a programming error', async (amountCents) => {
    await expect(new SimulatorTerminal({ outcome: 'approve', timeoutMs: 5000 }).pay({ ...SALE, amountCents })).rejects.toThrow(RangeError);
  });

  it('refuses a timeout that is not a positive whole number of milliseconds', () => {
    expect(() => new SimulatorTerminal({ outcome: 'approve', timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new SimulatorTerminal({ outcome: 'approve', timeoutMs: 2 ** 31 })).toThrow(RangeError);
    expect(() => new SimulatorTerminal({ outcome: 'approve', delayMs: -1, timeoutMs: 10 })).toThrow(RangeError);
  });
});

describe('SimulatorTerminal with real timers', () => {
  const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it.each<SimulatorOutcome>(['approve', 'decline', 'cancel'])('leaves no timer behind after %s, its long timeout included', async (outcome) => {
    const before = timeouts();
    const o = await new SimulatorTerminal({ outcome, delayMs: 5, timeoutMs: 60_000 }).pay(SALE);
    expect(o.status).not.toBe('timeout');
    expect(timeouts()).toBe(before);
  });

  it('leaves no timer behind after a timeout or an abort', async () => {
    const before = timeouts();
    expect((await new SimulatorTerminal({ outcome: 'timeout', timeoutMs: 20 }).pay(SALE)).status).toBe('timeout');
    const ac = new AbortController();
    const pending = new SimulatorTerminal({ outcome: 'approve', delayMs: 60_000, timeoutMs: 120_000 }).pay(SALE, { signal: ac.signal });
    ac.abort();
    expect((await pending).status).toBe('cancelled');
    expect(timeouts()).toBe(before);
  });
});

describe('ManualTerminal', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    const left = vi.getTimerCount();
    vi.useRealTimers();
    expect(left).toBe(0);
  });

  it('tells the cashier what to type into the terminal, then records the approval as confirmed', async () => {
    const c = cashier();
    const p = start(new ManualTerminal({ confirm: c.confirm, timeoutMs: 90_000 }));
    expect(p.statuses).toEqual([{ state: 'waiting_for_cashier', message: 'enter EUR 12,50 on the terminal, then confirm' }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(c.calls).toHaveLength(1);
    expect(c.calls[0]!.req).toEqual(SALE);
    c.calls[0]!.answer({ approved: true, authCode: ' 0A1B2C ' });
    await p.done;
    expect(p.settled()).toEqual({ status: 'approved', brand: null, maskedPan: null, authCode: '0A1B2C', terminalReceipt: [] });
    expect(c.calls[0]!.signal?.aborted).toBe(false); // an answered prompt is not cancelled
  });

  it.each<[ManualConfirmation, string | null]>([
    [{ approved: true }, null],
    [{ approved: true, authCode: null }, null],
    [{ approved: true, authCode: '  ' }, null],
  ])('stores no authorisation code when the cashier gave none (%j)', async (answer, authCode) => {
    const t = new ManualTerminal({ confirm: async () => answer, timeoutMs: 1000 });
    expect(await t.pay(SALE)).toMatchObject({ status: 'approved', authCode });
  });

  it('records a payment the terminal did not approve as declined', async () => {
    const t = new ManualTerminal({ confirm: async () => ({ approved: false }), timeoutMs: 1000 });
    expect(await t.pay(SALE)).toEqual({ status: 'declined', reason: 'not approved on the terminal (cashier)' });
  });

  it('says "refund" for a refund and writes the amount in the locale', async () => {
    const c = cashier();
    const p = start(new ManualTerminal({ confirm: c.confirm, timeoutMs: 1000, locale: 'en-GB' }), { ...SALE, kind: 'refund', amountCents: 123456 });
    expect(p.statuses[0]!.message).toBe('enter a refund of EUR 1,234.56 on the terminal, then confirm');
    await vi.advanceTimersByTimeAsync(0);
    c.calls[0]!.answer({ approved: false });
    await p.done;
  });

  it('is cancelled at the till on abort, closes the prompt, and ignores a late answer', async () => {
    const c = cashier();
    const ac = new AbortController();
    const p = start(new ManualTerminal({ confirm: c.confirm, timeoutMs: 90_000 }), SALE, ac.signal);
    await vi.advanceTimersByTimeAsync(5000);
    ac.abort();
    await p.done;
    expect(p.settled()).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(c.calls[0]!.signal?.aborted).toBe(true);
    c.calls[0]!.answer({ approved: true, authCode: '123456' });
    c.calls[0]!.fail(new Error('prompt closed')); // a face may reject its aborted prompt too
    await vi.advanceTimersByTimeAsync(0);
    expect(p.settled()?.status).toBe('cancelled');
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });

  it('does not ask when the signal is already aborted', async () => {
    const c = cashier();
    const p = start(new ManualTerminal({ confirm: c.confirm, timeoutMs: 1000 }), SALE, AbortSignal.abort());
    await p.done;
    expect(p.settled()?.status).toBe('cancelled');
    expect(c.calls).toHaveLength(0);
    expect(p.statuses).toEqual([]);
  });

  it('times out when the cashier does not answer, and closes the prompt', async () => {
    const c = cashier();
    const p = start(new ManualTerminal({ confirm: c.confirm, timeoutMs: 90_000 }));
    await vi.advanceTimersByTimeAsync(89_999);
    expect(p.settled()).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(p.settled()).toEqual({ status: 'timeout', reason: "no answer from the cashier within 90 s: check the terminal's slip" });
    expect(c.calls[0]!.signal?.aborted).toBe(true);
  });

  it('passes on a failing face (stdin closed) as a rejection, not as an outcome', async () => {
    const broken = new Error('stdin closed');
    await expect(new ManualTerminal({ confirm: () => Promise.reject(broken), timeoutMs: 1000 }).pay(SALE)).rejects.toBe(broken);
    const throwing: ManualConfirm = () => {
      throw broken;
    };
    await expect(new ManualTerminal({ confirm: throwing, timeoutMs: 1000 }).pay(SALE)).rejects.toBe(broken);
  });
});

describe('createPaymentTerminal', () => {
  const never: ManualConfirm = () => new Promise(() => {});
  const settings = (driver: TerminalDriver, outcome: SimulatorOutcome = 'approve', timeoutSeconds = 90) => ({
    'terminal.driver': driver,
    'terminal.simulator.outcome': outcome,
    'terminal.timeoutSeconds': timeoutSeconds,
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('builds the simulator with the configured outcome', async () => {
    const t = createPaymentTerminal(settings('simulator', 'decline'), { confirm: never });
    expect(t).toBeInstanceOf(SimulatorTerminal);
    expect(t.driver).toBe('simulator');
    expect((await t.pay(SALE)).status).toBe('declined');
  });

  it('builds the manual terminal around the face’s confirm and the store locale', async () => {
    const confirm = vi.fn<ManualConfirm>(async () => ({ approved: true, authCode: '777777' }));
    const t = createPaymentTerminal({ ...settings('manual'), locale: 'en-GB' }, { confirm });
    expect(t).toBeInstanceOf(ManualTerminal);
    expect(t.driver).toBe('manual');
    const statuses: TerminalStatus[] = [];
    expect(await t.pay(SALE, { onStatus: (s) => statuses.push(s) })).toMatchObject({ status: 'approved', authCode: '777777' });
    expect(confirm).toHaveBeenCalledOnce();
    expect(statuses[0]!.message).toContain('EUR 12.50');
  });

  it('gives up after terminal.timeoutSeconds', async () => {
    vi.useFakeTimers();
    const done = createPaymentTerminal(settings('simulator', 'timeout', 2), { confirm: never }).pay(SALE);
    await vi.advanceTimersByTimeAsync(2000);
    expect((await done).status).toBe('timeout');
  });

  it('refuses a driver it does not know with INVALID_SETTING', () => {
    const bad = { ...settings('manual'), 'terminal.driver': 'ingenico-opi' as TerminalDriver };
    expect(() => createPaymentTerminal(bad, { confirm: never })).toThrow(KassaError);
    try {
      createPaymentTerminal(bad, { confirm: never });
    } catch (e) {
      expect((e as KassaError).code).toBe('INVALID_SETTING');
      expect((e as KassaError).hint).toContain('manual, simulator, zvt');
    }
  });

  it('asks for the address of a zvt terminal that has none, with DEVICE_NOT_CONFIGURED', () => {
    const none = { ...settings('zvt'), 'terminal.address': '' };
    expect(() => createPaymentTerminal(none, { confirm: never })).toThrow(expect.objectContaining({ code: 'DEVICE_NOT_CONFIGURED', hint: 'kassa devices set terminal zvt://HOST:20007' }));
  });
});
