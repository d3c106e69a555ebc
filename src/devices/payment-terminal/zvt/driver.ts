/**
 * A ZVT card terminal over TCP (zvt://HOST:20007), the German/Austrian standard
 * between a till (ECR) and a card terminal (PT).
 *
 * One command at a time: the till sends it, the terminal acknowledges, then
 * talks (statuses, receipt lines, the result) and the till acknowledges every
 * message until the terminal completes (06 0F) or aborts (06 1E). Only the
 * bytes are handled here; their meaning is in messages.ts and apdu.ts.
 *
 * Money safety: once a payment command has left, an ending that is not the
 * terminal's own word (a timeout, a lost connection, an abort it never
 * confirmed, a completion without a result) is `timeout`, never `declined` or
 * `cancelled`: the card may have been charged. After such an ending the
 * connection is dropped (reset, not closed: the next payment opens a fresh one),
 * so the terminal's late messages go unacknowledged (a terminal reverses a
 * payment whose status information the till never acknowledged) and cannot be
 * mistaken for the next payment's.
 */
import { KassaError } from '../../../core/errors.js';
import { aborted, deviceError, disconnected, timedOut } from '../../transport/io.js';
import type { Transport } from '../../transport/types.js';
import { cancelledAtTill, checkMs, checkRequest, formatDuration } from '../simulator.js';
import type { PaymentRequest, PaymentTerminal, PayOptions, TerminalOutcome, TerminalStatus } from '../types.js';
import { ApduReassembler, cardTypeName, currencyNumber, resultText, type Apdu, type StatusInformation } from './apdu.js';
import * as zvt from './messages.js';

export interface ZvtTerminalOptions {
  /** Usually a TcpTransport to the terminal; this driver owns it from now on. */
  transport: Transport;
  /** The terminal's six-digit password (registration, refunds, reversals). */
  password: string;
  /** A payment with no result within this ends as `timeout` (unknown). */
  timeoutMs: number;
  /** The till's currency, told to the terminal at registration; default EUR. */
  currency?: string;
  /** After asking the terminal to abort (06 B0), wait this long for it to confirm; default 3000. */
  abortWaitMs?: number;
  /** Register (06 00) on every new connection before the first command; default true. */
  register?: boolean;
  /** Registration config byte; default messages.DEFAULT_CONFIG_BYTE. */
  configByte?: number;
}

export interface ZvtIoOptions {
  /** Default: the terminal's timeoutMs. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What a ZVT terminal tells about a transaction beyond the common outcome; nothing here is card data. */
export interface ZvtTransaction {
  /** The terminal's receipt number: `reverse()` needs it. */
  receiptNo: string | null;
  traceNo: string | null;
  terminalId: string | null;
  amountCents: number | null;
  /** MM-DD and HH:MM:SS as the terminal booked it. */
  date: string | null;
  time: string | null;
  cardType: number | null;
}

export type ZvtOutcome = TerminalOutcome & { zvt?: ZvtTransaction };

/** The answer to a status enquiry from a terminal that is ready. */
export interface ZvtStatus {
  ready: true;
  terminalId: string | null;
  softwareVersion: string | null;
  statusCode: number;
  status: string;
  /** For a person: what `kassa devices test terminal` shows. */
  lines: string[];
}

/** How one command's conversation with the terminal ended. */
type Ending =
  | { kind: 'completed'; completion: Uint8Array; status: StatusInformation | null; receipt: string[]; refusedApproval: boolean }
  | { kind: 'aborted'; resultCode: number; reason: string; status: StatusInformation | null; afterCancel: boolean }
  | { kind: 'refused'; code: number; reason: string }
  | { kind: 'unreachable'; error: KassaError }
  | { kind: 'lost'; error: KassaError }
  | { kind: 'timeout' }
  /** Cancelled before the command went out: nothing can have been charged. */
  | { kind: 'cancelled' }
  /** The till sent Abort (06 B0) and the terminal never confirmed it; `refusedApproval`: an approval came in meanwhile and was refused. */
  | { kind: 'abort-unconfirmed'; refusedApproval: boolean };

interface Exchange {
  deadline: number;
  signal?: AbortSignal | undefined;
  onStatus?: ((s: TerminalStatus) => void) | undefined;
}

type Kind = 'payment' | 'refund' | 'reversal';

// Acknowledgements are tiny; a write that takes longer than this is a dead link.
const WRITE_MS = 5000;
const DEFAULT_ABORT_WAIT_MS = 3000;

export class ZvtTerminal implements PaymentTerminal {
  readonly driver = 'zvt';
  readonly #transport: Transport;
  readonly #password: string;
  readonly #timeoutMs: number;
  readonly #currency: number;
  readonly #abortWaitMs: number;
  readonly #register: boolean;
  readonly #configByte: number;
  readonly #reassembler = new ApduReassembler();
  #registered = false;
  #terminalId: string | null = null;
  /** Receives the terminal's APDUs while a command runs. */
  #handler: ((a: Apdu) => void) | null = null;
  /** Cancels the running command (abort()). */
  #cancel: (() => void) | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(opts: ZvtTerminalOptions) {
    if (!/^\d{6}$/.test(opts.password)) throw new RangeError('the ZVT password must be six digits');
    const currency = currencyNumber(opts.currency ?? 'EUR');
    if (currency === null) throw new RangeError(`the ZVT driver does not know the currency ${opts.currency}`);
    this.#transport = opts.transport;
    this.#password = opts.password;
    this.#timeoutMs = checkMs('timeoutMs', opts.timeoutMs, 1);
    this.#currency = currency;
    this.#abortWaitMs = checkMs('abortWaitMs', opts.abortWaitMs ?? DEFAULT_ABORT_WAIT_MS, 1);
    this.#register = opts.register ?? true;
    this.#configByte = opts.configByte ?? zvt.DEFAULT_CONFIG_BYTE;
    this.#transport.onData((chunk) => {
      for (const a of this.#reassembler.push(chunk)) this.#handler?.(a);
    });
    this.#transport.onState((s) => {
      if (s === 'open') return;
      // A new connection is a new session: register again, and start reading at an APDU boundary.
      this.#registered = false;
      this.#reassembler.reset();
    });
  }

  get address(): string {
    return this.#transport.address;
  }

  /** A payment (06 01) or a refund (06 31). Never rejects for a refusal, a timeout or a lost connection. */
  async pay(req: PaymentRequest, opts: PayOptions = {}): Promise<ZvtOutcome> {
    checkRequest(req);
    if (opts.signal?.aborted) return cancelledAtTill();
    const currency = currencyNumber(req.currency);
    if (currency === null) return { status: 'declined', reason: `the ZVT driver does not know the currency ${req.currency}: nothing was charged` };
    const command =
      req.kind === 'payment'
        ? zvt.authorisation({ amountCents: req.amountCents, currency })
        : zvt.refund({ password: this.#password, amountCents: req.amountCents, currency });
    return this.#serial(() => this.#transaction(req.kind, command, this.#timeoutMs, opts));
  }

  /** Reverse (void) an earlier payment by the terminal's receipt number (ZvtTransaction.receiptNo). */
  async reverse(receiptNo: string, opts: PayOptions & { timeoutMs?: number } = {}): Promise<ZvtOutcome> {
    if (!/^\d{1,4}$/.test(receiptNo)) throw new RangeError(`receipt number "${receiptNo}" is not 1 to 4 digits`);
    if (opts.signal?.aborted) return cancelledAtTill();
    const command = zvt.reversal({ password: this.#password, receiptNo });
    return this.#serial(() => this.#transaction('reversal', command, opts.timeoutMs ?? this.#timeoutMs, opts));
  }

  /** Register (06 00) now. Rejects with a DEVICE_* KassaError when the terminal cannot be reached or refuses. */
  async register(opts: ZvtIoOptions = {}): Promise<{ terminalId: string | null }> {
    const ms = opts.timeoutMs ?? this.#timeoutMs;
    return this.#serial(async () => {
      const e = await this.#registration({ deadline: Date.now() + ms, signal: opts.signal });
      if (e.kind !== 'completed') throw this.#error('registration', e, ms);
      return { terminalId: this.#terminalId };
    });
  }

  /**
   * Ask whether the terminal is ready (05 01), registering first when needed:
   * what `kassa devices test terminal` runs. Resolves only for a ready terminal;
   * otherwise rejects with a DEVICE_* KassaError that says what is wrong.
   */
  async statusEnquiry(opts: ZvtIoOptions = {}): Promise<ZvtStatus> {
    const ms = opts.timeoutMs ?? this.#timeoutMs;
    return this.#serial(async () => {
      const x: Exchange = { deadline: Date.now() + ms, signal: opts.signal };
      if (this.#register && !this.#registered) {
        const r = await this.#registration(x);
        if (r.kind !== 'completed') throw this.#error('registration', r, ms);
      }
      const e = await this.#exchange(zvt.statusEnquiry({ password: this.#password }), x);
      await this.#settle(e);
      if (e.kind !== 'completed') throw this.#error('status enquiry', e, ms);
      let softwareVersion: string | null = null;
      let statusCode = 0;
      let status = 'ready';
      try {
        ({ softwareVersion, statusCode, status } = zvt.decodeStatusEnquiryCompletion(e.completion));
      } catch {
        // Some terminals complete with BMPs instead; a result code there is the status.
        const c = safe(() => zvt.decodeCompletion(e.completion));
        if (c?.resultCode) ({ statusCode, status } = { statusCode: c.resultCode, status: `not ready (0x${c.resultCode.toString(16).toUpperCase()})` });
      }
      const terminalId = e.status?.terminalId ?? this.#terminalId;
      if (statusCode !== 0) {
        throw new KassaError('DEVICE_FAILED', `${this.address}: the terminal is not ready: ${status}`, "follow the terminal's display (or its manual), then test again");
      }
      const lines = [terminalId ? `terminal id ${terminalId}` : null, softwareVersion ? `software ${softwareVersion}` : null, `status: ${status}`].filter(
        (l): l is string => l !== null,
      );
      return { ready: true, terminalId, softwareVersion: softwareVersion || null, statusCode, status, lines };
    });
  }

  /** Abort the running command as an AbortSignal would (06 B0 to the terminal). Does nothing when idle. */
  async abort(): Promise<void> {
    this.#cancel?.();
  }

  /** Close the connection for good. A payment still running ends as `timeout` (unknown). */
  async close(): Promise<void> {
    await this.#transport.close();
  }

  // -------------------------------------------------------------------------

  async #transaction(kind: Kind, command: Uint8Array, timeoutMs: number, opts: PayOptions): Promise<ZvtOutcome> {
    const x: Exchange = { deadline: Date.now() + timeoutMs, signal: opts.signal, onStatus: opts.onStatus };
    if (this.#transport.state !== 'open') report(opts.onStatus, { state: 'connecting', message: `connecting to the card terminal at ${this.address}` });
    if (this.#register && !this.#registered) {
      const r = await this.#registration(x);
      if (r.kind !== 'completed') return notStarted(kind, r);
    }
    const e = await this.#exchange(command, x);
    await this.#settle(e);
    return outcome(kind, e, timeoutMs);
  }

  async #registration(x: Exchange): Promise<Ending> {
    const command = zvt.registration({ password: this.#password, configByte: this.#configByte, currency: this.#currency, serviceByte: zvt.DEFAULT_SERVICE_BYTE });
    const e = await this.#exchange(command, { ...x, onStatus: undefined });
    await this.#settle(e);
    if (e.kind === 'completed') {
      this.#registered = true;
      this.#terminalId = safe(() => zvt.decodeCompletion(e.completion))?.terminalId ?? this.#terminalId;
    }
    return e;
  }

  /** After an ending the terminal has not confirmed, stop listening to this connection (see the top of the file). */
  async #settle(e: Ending): Promise<void> {
    if (e.kind === 'timeout') {
      // Let a terminal still waiting for a card give up, so the next customer is not asked for this amount.
      await this.#transport.write(zvt.abort(), { timeoutMs: 1000 }).catch(() => {});
    }
    // Reset, not close: the next command connects afresh; only close() is final.
    if (e.kind === 'timeout' || e.kind === 'lost' || e.kind === 'abort-unconfirmed') await this.#transport.reset();
  }

  /**
   * Send one command and follow the conversation to its end. Never rejects:
   * every way it can end is an Ending.
   */
  #exchange(command: Uint8Array, x: Exchange): Promise<Ending> {
    const address = this.address;
    return new Promise<Ending>((resolve) => {
      // connecting → sent (the command is out) → running (acknowledged) → aborting (06 B0 sent)
      let phase: 'connecting' | 'sent' | 'running' | 'aborting' = 'connecting';
      let settled = false;
      let status: StatusInformation | null = null;
      let refusedApproval = false;
      const receipt = new ReceiptCollector();
      let abortTimer: ReturnType<typeof setTimeout> | undefined;

      const finish = (e: Ending): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearTimeout(abortTimer);
        x.signal?.removeEventListener('abort', cancel);
        offState();
        if (this.#handler === handle) this.#handler = null;
        if (this.#cancel === cancel) this.#cancel = null;
        resolve(e);
      };
      const send = (bytes: Uint8Array): void => {
        // A failed write shows as a lost connection (onState); nothing to do here.
        this.#transport.write(bytes, { timeoutMs: WRITE_MS }).catch(() => {});
      };

      const cancel = (): void => {
        if (settled) return;
        if (phase === 'connecting') return finish({ kind: 'cancelled' });
        if (phase === 'aborting') return;
        phase = 'aborting';
        send(zvt.abort());
        // Silence is not a confirmation: the terminal may have charged the card meanwhile.
        abortTimer = setTimeout(() => finish({ kind: 'abort-unconfirmed', refusedApproval }), this.#abortWaitMs);
      };

      const handle = (a: Apdu): void => {
        if (settled) return;
        const m = zvt.decodeMessage(a);
        if (m.type === 'ack') {
          if (phase === 'sent') phase = 'running';
          return; // also the terminal's answer to our 06 B0
        }
        if (m.type === 'nack') {
          // A refusal of our command; during an abort it refuses the abort: wait for the payment's own end.
          if (phase === 'sent') finish({ kind: 'refused', code: m.code, reason: m.reason });
          return;
        }
        if (phase === 'sent') phase = 'running'; // a terminal may skip the acknowledgement and just talk
        switch (m.type) {
          case 'intermediate':
            send(zvt.ack());
            report(x.onStatus, { state: m.state, message: m.message });
            return;
          case 'status':
            // Whatever did not decode is left null; the message is acknowledged all the same
            // (a refusal would make the terminal reverse a payment the till may keep).
            status = m.info;
            if (phase === 'aborting' && m.info.resultCode === 0) {
              // Approved just as the cashier cancelled: refusing the status information makes the terminal reverse it.
              refusedApproval = true;
              send(zvt.nack(0x66));
            } else send(zvt.ack());
            return;
          case 'print-line':
            send(zvt.ack());
            receipt.line(m.text, m.lastLine, m.feed);
            return;
          case 'print-block':
            send(zvt.ack());
            receipt.block(m.receiptType, m.lines);
            return;
          case 'completion':
            send(zvt.ack());
            return finish({ kind: 'completed', completion: m.data, status, receipt: receipt.lines(), refusedApproval });
          case 'abort':
            send(zvt.ack());
            return finish({ kind: 'aborted', resultCode: m.resultCode, reason: m.reason, status, afterCancel: phase === 'aborting' });
          case 'abort-request':
            send(zvt.ack());
            return;
          default:
            // A receipt block we cannot read costs only its text, and a status information is never refused (see
            // above); anything else we do not support is refused as the specification asks.
            send((m.cls === 0x06 && m.ins === 0xd3) || (m.cls === 0x04 && m.ins === 0x0f) ? zvt.ack() : zvt.nack(0x83));
            return;
        }
      };

      const started = Date.now();
      const timer = setTimeout(
        () => {
          if (phase === 'connecting') finish({ kind: 'unreachable', error: timedOut(`connect to ${address}`, Math.max(1, x.deadline - started)) });
          else if (phase === 'aborting') finish({ kind: 'abort-unconfirmed', refusedApproval });
          else finish({ kind: 'timeout' });
        },
        Math.max(1, x.deadline - Date.now()),
      );
      const offState = this.#transport.onState((s) => {
        if (phase !== 'connecting' && (s === 'disconnected' || s === 'closed')) finish({ kind: 'lost', error: disconnected(address) });
      });
      if (x.signal?.aborted) return finish({ kind: 'cancelled' });
      x.signal?.addEventListener('abort', cancel, { once: true });
      this.#cancel = cancel;

      void (async () => {
        try {
          await this.#transport.open({ timeoutMs: Math.max(1, x.deadline - Date.now()) });
        } catch (e) {
          return finish({ kind: 'unreachable', error: deviceError(address, e) });
        }
        if (settled) return;
        phase = 'sent';
        this.#handler = handle;
        this.#transport.write(command, { timeoutMs: WRITE_MS }).catch((e: unknown) => finish({ kind: 'lost', error: deviceError(address, e) }));
      })();
    });
  }

  #error(what: string, e: Ending, ms: number): KassaError {
    const at = this.address;
    switch (e.kind) {
      case 'unreachable':
        return e.error;
      case 'lost':
        return e.error.code === 'DEVICE_DISCONNECTED' ? e.error : disconnected(at, e.error.message);
      case 'refused':
        return new KassaError('DEVICE_FAILED', `${at}: the terminal refused the ${what}: ${e.reason}`, "check terminal.password (the terminal's 6-digit ZVT password) and that the terminal accepts a till (ECR) over TCP");
      case 'aborted':
        return new KassaError('DEVICE_FAILED', `${at}: the terminal ended the ${what}: ${e.reason}`, "follow the terminal's display, then try again");
      case 'timeout':
        return timedOut(`${what} at ${at}`, ms);
      case 'cancelled':
      case 'abort-unconfirmed':
        return aborted(`${what} at ${at}`);
      case 'completed':
        return new KassaError('DEVICE_FAILED', `${at}: ${what} completed`); // not reached: callers check first
    }
  }

  /** One command at a time, in the order asked; a failure does not stop the next. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => {});
    return run;
  }
}

/** The terminal's receipts: print lines (06 D1) end a receipt at their last line; text blocks (06 D3) say whose copy they are. */
class ReceiptCollector {
  readonly #docs: { type: number | null; lines: string[] }[] = [];
  #open: string[] | null = null;

  line(text: string, lastLine: boolean, feed: number): void {
    if (!this.#open) {
      this.#open = [];
      this.#docs.push({ type: null, lines: this.#open });
    }
    if (feed > 0) for (let i = 0; i < feed; i++) this.#open.push('');
    else this.#open.push(text);
    if (lastLine) this.#open = null;
  }

  block(type: number | null, lines: string[]): void {
    this.#docs.push({ type, lines });
  }

  /** The customer's copy (receipt type 2) when the terminal marked one, else everything it printed. */
  lines(): string[] {
    const customer = this.#docs.filter((d) => d.type === 2);
    const lines = (customer.length ? customer : this.#docs).flatMap((d) => d.lines);
    while (lines.length && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }
}

const CHECK = 'check the terminal (or its end-of-day report) before you take the payment again';
const UNKNOWN = `the result is unknown — ${CHECK}`;

function outcome(noun: Kind, e: Ending, timeoutMs: number): ZvtOutcome {
  switch (e.kind) {
    case 'completed': {
      const s = e.status;
      if (e.refusedApproval) return { status: 'timeout', reason: `the card was approved just as the ${noun} was cancelled, and the terminal did not confirm reversing it: ${UNKNOWN}` };
      if (s?.resultCode) return refusal(s.resultCode, s);
      // Approved only on the terminal's word: a status information with result code 00.
      if (s?.resultCode !== 0) return { status: 'timeout', reason: `the terminal reported completion without a result: ${CHECK}` };
      return {
        status: 'approved',
        brand: s?.cardName ?? (s?.cardType != null ? cardTypeName(s.cardType) : null),
        maskedPan: s?.maskedPan ?? null,
        authCode: s?.authCode ?? null,
        terminalReceipt: e.receipt,
        zvt: {
          receiptNo: s?.receiptNo ?? null,
          traceNo: s?.traceNo ?? null,
          terminalId: s?.terminalId ?? null,
          amountCents: s?.amountCents ?? null,
          date: s?.date ?? null,
          time: s?.time ?? null,
          cardType: s?.cardType ?? null,
        },
      };
    }
    case 'aborted':
      if (e.afterCancel) return cancelledAtTill();
      return refusal(e.resultCode, e.status);
    case 'refused':
      return { status: 'declined', reason: `the terminal refused the ${noun}: ${e.reason}` };
    case 'unreachable':
      return { status: 'declined', reason: `${e.error.message}: nothing was charged${e.error.hint ? ` (${e.error.hint})` : ''}` };
    case 'lost':
      return { status: 'timeout', reason: `the connection to the terminal was lost during the ${noun}: ${UNKNOWN}` };
    case 'timeout':
      return { status: 'timeout', reason: `no answer from the terminal within ${formatDuration(timeoutMs)}: ${UNKNOWN}` };
    case 'cancelled':
      return cancelledAtTill();
    case 'abort-unconfirmed':
      if (e.refusedApproval) return { status: 'timeout', reason: `the card was approved just as the ${noun} was cancelled, and the terminal did not confirm reversing it: ${UNKNOWN}` };
      return { status: 'timeout', reason: `the ${noun} was cancelled at the till, but the terminal did not confirm the abort: ${UNKNOWN}` };
  }
}

/** A result code from the terminal: abort key or terminal timeout is the customer cancelling; the rest are declines. */
function refusal(code: number, s: StatusInformation | null): ZvtOutcome {
  if (code === 0x6c) return { status: 'cancelled', reason: 'cancelled on the terminal (abort key or timeout)' };
  return { status: 'declined', reason: `${resultText(code)}${s?.additionalText ? `: ${s.additionalText}` : ''}` };
}

/** The registration before a payment failed: nothing was sent that could charge a card. */
function notStarted(kind: Kind, e: Ending): ZvtOutcome {
  switch (e.kind) {
    case 'cancelled':
    case 'abort-unconfirmed':
      return cancelledAtTill();
    case 'unreachable':
      return outcome(kind, e, 0);
    case 'refused':
    case 'aborted':
      return { status: 'declined', reason: `the terminal refused the registration: ${e.reason} (check terminal.password): nothing was charged` };
    case 'lost':
      return { status: 'declined', reason: `the connection to the terminal was lost before the ${kind} started: nothing was charged` };
    default:
      return { status: 'declined', reason: `the terminal did not complete the registration before the ${kind}: nothing was charged` };
  }
}

function report(onStatus: ((s: TerminalStatus) => void) | undefined, s: TerminalStatus): void {
  try {
    onStatus?.(s);
  } catch {
    /* the screen missed one update; the payment goes on */
  }
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
