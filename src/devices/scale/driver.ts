/**
 * The scale for weighed goods over a transport. One `readWeight` is one
 * weighing: a weight (and, with Dialog 06, the price the scale computed) or a
 * KassaError saying why not and what to do.
 *
 * Serial settings are the address's business (the lead's defaults): the 8217
 * talks 9600 baud 7E1 (`serial:/dev/ttyUSB1?baud=9600&dataBits=7&parity=even`),
 * Dialog 06 scales usually 9600 7O1 (`…&dataBits=7&parity=odd`).
 */
import { KassaError, type ErrorCode } from '../../core/errors.js';
import type { ScaleProtocol } from '../../core/settings.js';
import { aborted, deviceError, timedOut } from '../transport/io.js';
import type { AnswerComplete, IoOptions, Transport } from '../transport/types.js';
import { transliterate } from '../display/encode.js';
import {
  DIALOG_RESULT_REQUEST,
  DIALOG_STATUS_REQUEST,
  TOLEDO_WEIGHT_REQUEST,
  decodeDialogAnswer,
  decodeToledo8217,
  dialogAnswerLength,
  encodeDialogPrice,
  toledoAnswerLength,
  type DecodeOptions,
  type ScaleFailure,
  type ScaleReading,
} from './protocols.js';

export type { ScaleProtocol };

export interface ScaleOptions {
  /** The smallest weight that may be sold, in grams (the scale's legal minimum). Readings below it are refused. */
  minGrams?: number;
  /** Pause between polls while waiting for a steady weight, in ms. Default 200. */
  pollMs?: number;
}

export interface ReadWeightOptions extends IoOptions {
  /** Dialog 06: the unit price (cents per kg) the scale computes the price with; 0 or absent for the weight alone. */
  unitPriceCents?: number;
  /** Dialog 06: a tare in grams for the scale to take off. */
  tareGrams?: number;
  /** Dialog 06: the article name shown on the scale (transliterated, 13 columns). */
  text?: string;
  /**
   * Keep asking while the weight moves, up to this many ms (within `timeoutMs`),
   * instead of refusing at the first unsteady reading. Default 0.
   */
  waitStableMs?: number;
}

export interface Weighing {
  grams: number;
  /** Dialog 06 only: the price to pay as the scale computed it (legal for trade). */
  priceCents?: number;
  /** Dialog 06 only: the unit price the scale used. */
  unitPriceCents?: number;
}

const DEFAULT_POLL_MS = 200;

export class Scale {
  readonly minGrams: number | undefined;
  readonly pollMs: number;

  constructor(
    readonly transport: Transport,
    readonly protocol: ScaleProtocol,
    opts: ScaleOptions = {},
  ) {
    this.minGrams = opts.minGrams;
    this.pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  }

  /**
   * Weigh once. Rejects with SCALE_UNSTABLE, SCALE_UNDER_MINIMUM, SCALE_OVERLOAD,
   * SCALE_EMPTY, SCALE_NO_PRICE, DEVICE_FAILED (the scale reported another
   * error) or a transport's DEVICE_* error (timeout, abort, unplugged).
   */
  async readWeight(opts: ReadWeightOptions): Promise<Weighing> {
    const deadline = Date.now() + opts.timeoutMs;
    const stableBy = Date.now() + Math.min(opts.waitStableMs ?? 0, opts.timeoutMs);
    try {
      return this.protocol === 'dialog06' ? await this.#dialog(opts, deadline, stableBy) : await this.#toledo(opts, deadline, stableBy);
    } catch (e) {
      // Each request gets what is left of the time; the cashier set the whole of it.
      if (e instanceof KassaError && e.code === 'DEVICE_TIMEOUT') throw timedOut(`read the weight from ${this.transport.address}`, opts.timeoutMs);
      throw e instanceof KassaError ? e : deviceError(this.transport.address, e);
    }
  }

  /** Let go of the transport. Never rejects. */
  async close(): Promise<void> {
    await this.transport.close().catch(() => {});
  }

  get #decode(): DecodeOptions {
    return this.minGrams === undefined ? {} : { minGrams: this.minGrams };
  }

  async #toledo(opts: ReadWeightOptions, deadline: number, stableBy: number): Promise<Weighing> {
    for (;;) {
      const answer = await this.#request(TOLEDO_WEIGHT_REQUEST, toledoAnswerLength, opts, deadline);
      const r = decodeToledo8217(answer, this.#decode);
      if (r.ok) return weighing(r);
      await this.#retryOrThrow(r, opts, deadline, stableBy);
    }
  }

  async #dialog(opts: ReadWeightOptions, deadline: number, stableBy: number): Promise<Weighing> {
    let record: Uint8Array;
    try {
      record = encodeDialogPrice({
        unitPriceCents: opts.unitPriceCents ?? 0,
        ...(opts.tareGrams !== undefined ? { tareGrams: opts.tareGrams } : {}),
        ...(opts.text !== undefined ? { text: transliterate(opts.text) } : {}),
      });
    } catch (e) {
      throw new KassaError('INVALID_AMOUNT', `scale: ${(e as Error).message}`, 'the unit price must be below 10000.00 per kg and the tare below 10 kg');
    }
    const first = decodeDialogAnswer(await this.#request(record, dialogAnswerLength, opts, deadline));
    switch (first.kind) {
      case 'ack':
        break;
      case 'nak':
        throw this.#refusal(await this.#status(opts, deadline));
      case 'checksums':
        throw new KassaError(
          'DEVICE_FAILED',
          `${this.transport.address}: the scale asks for the Dialog 06 checksum handshake, which Kassa does not speak`,
          "switch the checksum (legal) handshake off in the scale's interface settings, or use the 8217 protocol",
        );
      default:
        throw this.#unexpected(first);
    }
    for (;;) {
      const answer = decodeDialogAnswer(await this.#request(DIALOG_RESULT_REQUEST, dialogAnswerLength, opts, deadline), this.#decode);
      let r: ScaleReading;
      if (answer.kind === 'result') r = answer.reading;
      else if (answer.kind === 'nak') r = await this.#status(opts, deadline);
      else throw this.#unexpected(answer);
      if (r.ok) {
        const sent = opts.unitPriceCents ?? 0;
        // The price the customer pays is the scale's; it must be the article's.
        if (sent > 0 && r.unitPriceCents !== sent) {
          throw new KassaError('DEVICE_FAILED', `${this.transport.address}: the scale priced with ${r.unitPriceCents} instead of ${sent} cents per kg`, 'weigh again; if it persists, check the scale');
        }
        // Without a unit price the scale's "price" is 0: not a price to show anyone.
        return sent > 0 ? weighing(r) : { grams: r.grams };
      }
      // The spec allows asking again (EOT ENQ) while the scale is still settling (20, 22).
      await this.#retryOrThrow(r, opts, deadline, stableBy);
    }
  }

  async #status(opts: ReadWeightOptions, deadline: number): Promise<ScaleFailure> {
    const a = decodeDialogAnswer(await this.#request(DIALOG_STATUS_REQUEST, dialogAnswerLength, opts, deadline));
    if (a.kind !== 'status') throw this.#unexpected(a);
    return a.reading;
  }

  async #retryOrThrow(r: ScaleFailure, opts: ReadWeightOptions, deadline: number, stableBy: number): Promise<void> {
    if (r.reason !== 'unstable' || Date.now() + this.pollMs > Math.min(stableBy, deadline)) throw this.#refusal(r);
    await pause(this.pollMs, opts.signal, `read the weight from ${this.transport.address}`);
  }

  /**
   * One request with what is left of the time. A request given up (timeout,
   * abort) may still be answered: on the same connection that late answer could
   * be taken for the next request's, a stale weight sold. So the connection is
   * dropped and the next weighing starts on a fresh one.
   */
  async #request(bytes: Uint8Array, complete: AnswerComplete, opts: IoOptions, deadline: number): Promise<Buffer> {
    const io = this.#left(opts, deadline);
    try {
      return await this.transport.request(bytes, complete, io);
    } catch (e) {
      if (e instanceof KassaError && (e.code === 'DEVICE_TIMEOUT' || e.code === 'DEVICE_ABORTED')) await this.transport.reset();
      throw e;
    }
  }

  #left(opts: IoOptions, deadline: number): IoOptions {
    const ms = deadline - Date.now();
    if (ms <= 0) throw timedOut(`request to ${this.transport.address}`, opts.timeoutMs);
    return opts.signal ? { timeoutMs: ms, signal: opts.signal } : { timeoutMs: ms };
  }

  #unexpected(a: { kind: string; text?: string }): KassaError {
    return new KassaError('DEVICE_FAILED', `${this.transport.address}: unexpected answer from the scale (${a.text ?? a.kind})`, 'check that the scale is set to the Dialog 06 protocol');
  }

  #refusal(r: ScaleFailure): KassaError {
    const [code, hint] = refusalCode(r, this.minGrams);
    return new KassaError(code, `scale: ${r.message}`, hint, r.status === undefined ? { reason: r.reason } : { reason: r.reason, status: r.status });
  }
}

function weighing(r: Extract<ScaleReading, { ok: true }>): Weighing {
  const w: Weighing = { grams: r.grams };
  if (r.priceCents !== undefined) w.priceCents = r.priceCents;
  if (r.unitPriceCents !== undefined) w.unitPriceCents = r.unitPriceCents;
  return w;
}

function refusalCode(r: ScaleFailure, minGrams: number | undefined): [ErrorCode, string] {
  switch (r.reason) {
    case 'unstable':
      return ['SCALE_UNSTABLE', 'wait until the weight is steady, then weigh again'];
    case 'underMinimum':
      return ['SCALE_UNDER_MINIMUM', `put more on the scale: the minimum is ${minGrams !== undefined ? `${minGrams} g` : "the scale's minimum weight"}`];
    case 'overload':
      return ['SCALE_OVERLOAD', 'too heavy for the scale: take something off and weigh in parts'];
    case 'zero':
      return /less than zero/.test(r.message)
        ? ['SCALE_EMPTY', "empty the scale and press its zero key, then weigh again"]
        : ['SCALE_EMPTY', 'put the goods on the scale, then weigh again'];
    case 'noPrice':
      return ['SCALE_NO_PRICE', 'the scale needs a unit price: give the product a price per kg'];
    case 'error':
      return ['DEVICE_FAILED', 'check the scale and its interface settings, then weigh again'];
  }
}

function pause(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  if (signal?.aborted) return Promise.reject(aborted(what));
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(what));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
