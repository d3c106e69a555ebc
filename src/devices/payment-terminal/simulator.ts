/**
 * A loopback terminal for the demo and tests: it answers what the
 * `terminal.simulator.outcome` setting says, after a short delay, and behaves
 * like a real one at the edges (statuses, timeout, abort at the till).
 */
import { formatAmount } from '../../core/money.js';
import type { SimulatorOutcome } from '../../core/settings.js';
import type { PaymentRequest, PaymentTerminal, PayOptions, TerminalOutcome } from './types.js';

export interface SimulatorOptions {
  /** A function is asked once per payment, so a test can script a sequence. */
  outcome: SimulatorOutcome | (() => SimulatorOutcome);
  /** From the start of a payment to the answer; default 300. */
  delayMs?: number;
  /** No answer within this → `timeout`. */
  timeoutMs: number;
}

export const SIMULATED_BRAND = 'Maestro';
// A Maestro range; only the first 6 and the last 4 digits, as a real terminal reports.
export const SIMULATED_MASKED_PAN = '670367******1234';

export class SimulatorTerminal implements PaymentTerminal {
  readonly driver = 'simulator';
  readonly #outcome: SimulatorOptions['outcome'];
  readonly #delayMs: number;
  readonly #timeoutMs: number;
  #seq = 0;

  constructor(opts: SimulatorOptions) {
    this.#outcome = opts.outcome;
    this.#delayMs = checkMs('delayMs', opts.delayMs ?? 300);
    this.#timeoutMs = checkMs('timeoutMs', opts.timeoutMs, 1);
  }

  async pay(req: PaymentRequest, opts?: PayOptions): Promise<TerminalOutcome> {
    checkRequest(req);
    const signal = opts?.signal;
    const onStatus = opts?.onStatus;
    const outcome = typeof this.#outcome === 'function' ? this.#outcome() : this.#outcome;
    const seq = ++this.#seq;
    if (signal?.aborted) return cancelledAtTill();

    return new Promise<TerminalOutcome>((resolve) => {
      const timers: ReturnType<typeof setTimeout>[] = [];
      let settled = false;
      const settle = (o: TerminalOutcome): void => {
        if (settled) return;
        settled = true;
        for (const t of timers) clearTimeout(t);
        signal?.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const onAbort = (): void => settle(cancelledAtTill());
      signal?.addEventListener('abort', onAbort, { once: true });

      // A status callback that throws is the screen's bug; it must not leave the payment hanging.
      const report = (state: 'waiting_for_card' | 'processing', message: string): void => {
        try {
          onStatus?.({ state, message });
        } catch {
          /* the payment goes on; the screen missed one update */
        }
      };

      timers.push(
        setTimeout(
          () => settle({ status: 'timeout', reason: `no answer from the terminal within ${formatDuration(this.#timeoutMs)}` }),
          this.#timeoutMs,
        ),
      );
      report('waiting_for_card', 'present card (simulated)');
      if (settled) return; // the callback aborted
      if (outcome === 'timeout') return; // the terminal stays silent

      timers.push(setTimeout(() => report('processing', 'processing (simulated)'), Math.floor(this.#delayMs / 2)));
      timers.push(setTimeout(() => settle(answer(outcome, req, seq)), this.#delayMs));
    });
  }
}

/** @internal shared with manual.ts. A fresh object: callers may keep and change what they get. */
export function cancelledAtTill(): TerminalOutcome {
  return { status: 'cancelled', reason: 'cancelled at the till' };
}

function answer(outcome: Exclude<SimulatorOutcome, 'timeout'>, req: PaymentRequest, seq: number): TerminalOutcome {
  switch (outcome) {
    case 'approve': {
      const authCode = simulatedAuthCode(req, seq);
      return {
        status: 'approved',
        brand: SIMULATED_BRAND,
        maskedPan: SIMULATED_MASKED_PAN,
        authCode,
        terminalReceipt: [
          'KASSA SIMULATOR',
          req.kind === 'refund' ? 'TERUGBETALING' : 'BETALING',
          `${SIMULATED_BRAND} ${SIMULATED_MASKED_PAN}`,
          `BEDRAG: ${req.currency} ${formatAmount(req.amountCents, 'nl-NL', { symbol: false })}`,
          `REF: ${req.reference}`,
          `AUTORISATIECODE: ${authCode}`,
          'GOEDGEKEURD',
        ],
      };
    }
    case 'decline':
      return { status: 'declined', reason: 'declined by the card issuer (simulated)' };
    case 'cancel':
      return { status: 'cancelled', reason: 'cancelled on the terminal (simulated)' };
    default:
      throw new RangeError(`unknown simulator outcome ${String(outcome as unknown)}`);
  }
}

/** Six characters, the same for the same payment, so demo receipts are reproducible. */
function simulatedAuthCode(req: PaymentRequest, seq: number): string {
  let h = 0x811c9dc5; // FNV-1a
  for (const ch of `${req.kind}|${req.amountCents}|${req.reference}|${seq}`) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 36 ** 6).toString(36).toUpperCase().padStart(6, '0');
}

/** @internal shared with manual.ts */
export function formatDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** @internal shared with manual.ts */
export function checkMs(name: string, ms: number, min = 0): number {
  // setTimeout turns anything above 2^31-1 ms into 1 ms: a "long" timeout would fire at once.
  if (!Number.isSafeInteger(ms) || ms < min || ms > 2 ** 31 - 1) throw new RangeError(`${name} ${ms} is not a whole number of milliseconds`);
  return ms;
}

/** @internal shared with manual.ts. A bad request is the caller's bug, not a terminal outcome. */
export function checkRequest(req: PaymentRequest): void {
  if (!Number.isSafeInteger(req.amountCents) || req.amountCents <= 0) {
    throw new RangeError(`payment amount ${req.amountCents} is not a positive whole number of cents`);
  }
  if (req.kind !== 'payment' && req.kind !== 'refund') throw new RangeError(`unknown payment kind ${String(req.kind)}`);
}
