/**
 * A standalone card terminal that Kassa cannot talk to: the cashier types the
 * amount into it and tells Kassa what it said. The face (a CLI prompt, a TUI
 * dialog) supplies the question; this driver adds the status, the timeout and
 * the abort so every face behaves alike.
 */
import { formatAmount, type Locale } from '../../core/money.js';
import { cancelledAtTill, checkMs, checkRequest, formatDuration } from './simulator.js';
import type { PaymentRequest, PaymentTerminal, PayOptions, TerminalOutcome } from './types.js';

export interface ManualConfirmation {
  approved: boolean;
  /** The authorisation code from the terminal's slip, when the cashier typed it. */
  authCode?: string | null;
}

/**
 * Asks the cashier for the terminal's result. The signal aborts when the
 * payment is cancelled at the till or times out: close the prompt then. A
 * rejection is taken as the face failing (e.g. stdin closed) and is passed on.
 */
export type ManualConfirm = (req: PaymentRequest, signal?: AbortSignal) => Promise<ManualConfirmation>;

export interface ManualTerminalOptions {
  confirm: ManualConfirm;
  /** No answer from the cashier within this → `timeout`. */
  timeoutMs: number;
  /** How the amount is written in the instruction; default nl-NL. */
  locale?: Locale;
}

export class ManualTerminal implements PaymentTerminal {
  readonly driver = 'manual';
  readonly #confirm: ManualConfirm;
  readonly #timeoutMs: number;
  readonly #locale: Locale;

  constructor(opts: ManualTerminalOptions) {
    this.#confirm = opts.confirm;
    this.#timeoutMs = checkMs('timeoutMs', opts.timeoutMs, 1);
    this.#locale = opts.locale ?? 'nl-NL';
  }

  async pay(req: PaymentRequest, opts?: PayOptions): Promise<TerminalOutcome> {
    checkRequest(req);
    const signal = opts?.signal;
    if (signal?.aborted) return cancelledAtTill();

    const amount = `${req.currency} ${formatAmount(req.amountCents, this.#locale, { symbol: false })}`;
    const what = req.kind === 'refund' ? `a refund of ${amount}` : amount;
    try {
      opts?.onStatus?.({ state: 'waiting_for_cashier', message: `enter ${what} on the terminal, then confirm` });
    } catch {
      /* the screen missed one update; the payment goes on */
    }
    if (signal?.aborted) return cancelledAtTill();

    // Tells the face to close its prompt once the answer no longer matters.
    const prompt = new AbortController();
    return new Promise<TerminalOutcome>((resolve, reject) => {
      let settled = false;
      const finish = (): boolean => {
        if (settled) return false;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        return true;
      };
      const giveUp = (o: TerminalOutcome): void => {
        if (!finish()) return;
        prompt.abort();
        resolve(o);
      };
      const onAbort = (): void => giveUp(cancelledAtTill());
      const timer = setTimeout(
        () => giveUp({ status: 'timeout', reason: `no answer from the cashier within ${formatDuration(this.#timeoutMs)}: check the terminal's slip` }),
        this.#timeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });

      let answer: Promise<ManualConfirmation>;
      try {
        answer = this.#confirm(req, prompt.signal);
      } catch (e) {
        answer = Promise.reject(e);
      }
      answer.then(
        (a) => {
          if (!finish()) return;
          if (a.approved) {
            const authCode = a.authCode?.trim() || null;
            resolve({ status: 'approved', brand: null, maskedPan: null, authCode, terminalReceipt: [] });
          } else {
            resolve({ status: 'declined', reason: 'not approved on the terminal (cashier)' });
          }
        },
        (e: unknown) => {
          // After a cancel or timeout the face may reject its aborted prompt: expected, ignored.
          if (finish()) reject(e);
        },
      );
    });
  }
}
