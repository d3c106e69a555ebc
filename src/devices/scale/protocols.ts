/**
 * Serial scale protocols, pure: request bytes out, answers in, a reading or the
 * reason there is none. Weights are integer grams and prices integer cents,
 * read digit by digit: no float ever touches them.
 *
 * Mettler-Toledo 8217 ("ECR" protocol of Toledo checkout scales; 9600 baud,
 * 7 data bits, even parity, 1 stop bit):
 *   till → `W`
 *   scale → STX `01.234` CR         gross weight in kg, 3 decimals
 *           STX `01.234N` CR        net weight (a tare is active)
 *           STX `01234` CR          the variant without a decimal point (implied 3 decimals)
 *           STX `?` status CR       no valid weight: a status byte, bit 0 in motion,
 *                                   bit 1 over capacity, bit 2 under zero, bit 3 outside
 *                                   the zero capture range, bit 4 centre of zero, bit 5
 *                                   net, bit 6 always 1 (so it is printable), bit 7 parity.
 *   Two decimals (`01.23`) mean pounds in this protocol and are refused: legal
 *   trade in the EU is in kilograms, and guessing would misprice by a factor 2.2.
 *
 * Dialog 06 (the price-computing dialogue of Bizerba, Mettler-Toledo and Dibal
 * checkout scales; typically 9600 baud, 7 data bits, odd parity):
 *   till → EOT STX `01` ESC price6 ESC ETX          unit price (cents per kg)
 *          EOT STX `03` ESC price6 ESC tare4 ETX    … and a tare in grams
 *          EOT STX `04` ESC price6 ESC text13 ETX   … and an article text
 *          EOT STX `05` ESC price6 ESC tare4 ESC text13 ETX
 *   scale → ACK (accepted, shown on the scale) or NAK (an error)
 *   till → EOT ENQ                                    the weighing result, please
 *   scale → STX `02` ESC unit ESC weight5 ESC unitPrice5/6 ESC price6 ETX, or NAK
 *   after a NAK: till → EOT STX `08` ETX; scale → STX `09` ESC code2 ETX (status)
 *   At times the scale asks for checksums instead (record 11, STX `11` ESC …):
 *   that handshake uses a manufacturer's key that is not public, so it is
 *   reported, not answered.
 */

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const ENQ = 0x05;
const ACK = 0x06;
const CR = 0x0d;
const NAK = 0x15;
const ESC = 0x1b;

/** Why a scale gave no weight to sell by. */
export type ScaleRefusal = 'unstable' | 'underMinimum' | 'overload' | 'zero' | 'noPrice' | 'error';

export type ScaleReading =
  | { ok: true; grams: number; priceCents?: number; unitPriceCents?: number }
  | { ok: false; reason: ScaleRefusal; message: string; /** the scale's own status, for logs: a Dialog 06 code or an 8217 status byte in hex */ status?: string };

export type ScaleFailure = Extract<ScaleReading, { ok: false }>;

export interface DecodeOptions {
  /** The smallest weight that may be sold (legal minimum, e.g. 20 scale intervals); below it the reading is refused. */
  minGrams?: number;
}

function failure(reason: ScaleRefusal, message: string, status?: string): ScaleFailure {
  return status === undefined ? { ok: false, reason, message } : { ok: false, reason, message, status };
}

/** `grams` checked against what the customer may be charged for. */
function weighed(grams: number, opts: DecodeOptions, extra: { priceCents?: number; unitPriceCents?: number } = {}): ScaleReading {
  if (grams === 0) return failure('zero', 'there is nothing on the scale');
  if (opts.minGrams !== undefined && grams < opts.minGrams) {
    return failure('underMinimum', `${grams} g is less than the minimum of ${opts.minGrams} g`);
  }
  return { ok: true, grams, ...extra };
}

/** Digits only, as an integer; null when anything else is there. */
function digits(bytes: ArrayLike<number>, from = 0, to = bytes.length): number | null {
  if (to <= from) return null;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = bytes[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  return v;
}

function show(bytes: ArrayLike<number>): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    s += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `<${b.toString(16).padStart(2, '0')}>`;
  }
  return s;
}

// ---------------------------------------------------------------------------
// Mettler-Toledo 8217

/** The weight request: a single `W`. */
export const TOLEDO_WEIGHT_REQUEST: Uint8Array = Uint8Array.from([0x57]);

/** AnswerComplete for the 8217: everything up to the CR that ends an STX answer, 0 while incomplete. */
export function toledoAnswerLength(buf: Uint8Array): number {
  const start = buf.indexOf(STX);
  if (start < 0) return 0;
  const end = buf.indexOf(CR, start + 1);
  return end < 0 ? 0 : end + 1;
}

const TOLEDO_MOTION = 0x01;
const TOLEDO_OVER = 0x02;
const TOLEDO_UNDER_ZERO = 0x04;
const TOLEDO_OUTSIDE_ZERO = 0x08;
const TOLEDO_CENTER_ZERO = 0x10;

/** Decode one 8217 answer (as delimited by `toledoAnswerLength`). */
export function decodeToledo8217(answer: Uint8Array, opts: DecodeOptions = {}): ScaleReading {
  const start = answer.indexOf(STX);
  const end = start < 0 ? -1 : answer.indexOf(CR, start + 1);
  if (start < 0 || end < 0) return failure('error', `the scale sent something that is not an 8217 answer: "${show(answer)}"`);
  let i = start + 1;
  while (i < end && answer[i] === 0x20) i++;
  if (answer[i] === 0x3f) {
    // `?` + status byte. Bit 7 is parity: present when the port reads 8 bits.
    if (i + 1 >= end) return failure('error', 'the scale did not understand the weight request');
    return toledoStatus(answer[i + 1]! & 0x7f);
  }
  let stop = end;
  if (answer[stop - 1] === 0x4e) stop--; // `N`: net weight, a tare is active; still the weight to sell.
  const dot = answer.indexOf(0x2e, i);
  if (dot < 0 || dot >= stop) {
    const grams = digits(answer, i, stop);
    if (grams === null) return failure('error', `the scale sent a weight that is not a number: "${show(answer.subarray(start + 1, end))}"`);
    return weighed(grams, opts);
  }
  const kg = digits(answer, i, dot);
  const decimals = stop - dot - 1;
  const frac = digits(answer, dot + 1, stop);
  if (kg === null || frac === null) return failure('error', `the scale sent a weight that is not a number: "${show(answer.subarray(start + 1, end))}"`);
  if (decimals !== 3) {
    return failure('error', `the scale sent "${show(answer.subarray(start + 1, end))}", a weight in pounds; set the scale to kilograms`);
  }
  return weighed(kg * 1000 + frac, opts);
}

function toledoStatus(status: number): ScaleFailure {
  const hex = status.toString(16).padStart(2, '0');
  if (status & TOLEDO_OVER) return failure('overload', 'the scale is overloaded', hex);
  if (status & TOLEDO_MOTION) return failure('unstable', 'the weight is not steady yet', hex);
  if (status & TOLEDO_UNDER_ZERO) return failure('zero', 'the scale shows less than zero', hex);
  if (status & TOLEDO_OUTSIDE_ZERO) return failure('error', 'the scale could not find its zero point (outside the zero capture range)', hex);
  if (status & TOLEDO_CENTER_ZERO) return failure('zero', 'there is nothing on the scale', hex);
  return failure('error', `the scale sent no weight (status ${hex})`, hex);
}

// ---------------------------------------------------------------------------
// Dialog 06

export interface DialogPrice {
  /** Price per kilogram in cents (0 to 999999); 0 asks for the weight alone. */
  unitPriceCents: number;
  /** Tare in grams (0 to 9999), taken off by the scale. */
  tareGrams?: number;
  /** Article text shown on the scale (transliterate it first); up to 13 characters. */
  text?: string;
}

function fixed(n: number, width: number, what: string): number[] {
  if (!Number.isSafeInteger(n) || n < 0 || n >= 10 ** width) throw new RangeError(`${what} ${n} does not fit in ${width} digits`);
  return Array.from(String(n).padStart(width, '0'), (c) => c.charCodeAt(0));
}

/**
 * The record that starts a weighing: 01 (price), 03 (price, tare), 04 (price,
 * text) or 05 (price, tare, text). Throws RangeError for values that do not fit.
 */
export function encodeDialogPrice(p: DialogPrice): Uint8Array {
  const price = fixed(p.unitPriceCents, 6, 'unit price');
  const tare = p.tareGrams !== undefined && p.tareGrams > 0 ? fixed(p.tareGrams, 4, 'tare') : null;
  const text = p.text !== undefined && p.text !== '' ? dialogText(p.text) : null;
  const head = [EOT, STX, 0x30];
  if (tare && text) return Uint8Array.from([...head, 0x35, ESC, ...price, ESC, ...tare, ESC, ...text, ETX]);
  if (text) return Uint8Array.from([...head, 0x34, ESC, ...price, ESC, ...text, ETX]);
  if (tare) return Uint8Array.from([...head, 0x33, ESC, ...price, ESC, ...tare, ETX]);
  return Uint8Array.from([...head, 0x31, ESC, ...price, ESC, ETX]);
}

function dialogText(text: string): number[] {
  // Control characters would end the record early; the text is 13 columns at most.
  return Array.from(text.padEnd(13, ' ').slice(0, 13), (c) => {
    const b = c.charCodeAt(0);
    return b >= 0x20 && b < 0x7f ? b : 0x3f;
  });
}

/** Ask for the weighing result. */
export const DIALOG_RESULT_REQUEST: Uint8Array = Uint8Array.from([EOT, ENQ]);

/** Ask why the last answer was NAK (record 08). */
export const DIALOG_STATUS_REQUEST: Uint8Array = Uint8Array.from([EOT, STX, 0x30, 0x38, ETX]);

/** AnswerComplete for Dialog 06: a lone ACK or NAK, or a record from STX to ETX; stray bytes before it are included. */
export function dialogAnswerLength(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === ACK || b === NAK) return i + 1;
    if (b === STX) {
      const end = buf.indexOf(ETX, i + 1);
      return end < 0 ? 0 : end + 1;
    }
  }
  return 0;
}

export type DialogAnswer =
  | { kind: 'ack' }
  | { kind: 'nak' }
  /** Record 02: the weighing result, already checked. */
  | { kind: 'result'; reading: ScaleReading }
  /** Record 09: the status after a NAK, with what it means. */
  | { kind: 'status'; code: string; reading: ScaleFailure }
  /** Record 11: the scale wants the checksum handshake. */
  | { kind: 'checksums' }
  | { kind: 'unknown'; text: string };

/** Decode one Dialog 06 answer (as delimited by `dialogAnswerLength`). */
export function decodeDialogAnswer(answer: Uint8Array, opts: DecodeOptions = {}): DialogAnswer {
  const start = answer.findIndex((b) => b === ACK || b === NAK || b === STX);
  if (start < 0) return { kind: 'unknown', text: show(answer) };
  if (answer[start] === ACK) return { kind: 'ack' };
  if (answer[start] === NAK) return { kind: 'nak' };
  const end = answer.indexOf(ETX, start + 1);
  if (end < 0) return { kind: 'unknown', text: show(answer) };
  const body = answer.subarray(start + 1, end);
  const fields = split(body);
  const record = fields[0] === undefined ? '' : show(fields[0]);
  switch (record) {
    case '02':
      return { kind: 'result', reading: dialogResult(fields, opts) };
    case '09': {
      const code = fields[1] === undefined ? '' : show(fields[1]);
      return { kind: 'status', code, reading: dialogStatus(code) };
    }
    case '11':
      return { kind: 'checksums' };
    default:
      return { kind: 'unknown', text: show(answer) };
  }
}

function split(body: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= body.length; i++) {
    if (i === body.length || body[i] === ESC) {
      out.push(body.subarray(from, i));
      from = i + 1;
    }
  }
  return out;
}

function dialogResult(fields: Uint8Array[], opts: DecodeOptions): ScaleReading {
  const [, unit, weight, unitPrice, price] = fields;
  const text = fields.map(show).join('|');
  if (!unit || !weight || !unitPrice || !price || unit.length !== 1) return failure('error', `the scale sent a malformed weighing result: ${text}`);
  // Unit status: 0x33 kilograms; 0x30-0x32 are pound variants.
  if (unit[0] !== 0x33) return failure('error', 'the scale weighs in pounds; set it to kilograms');
  const grams = digits(weight);
  const unitPriceCents = digits(unitPrice);
  const priceCents = digits(price);
  if (grams === null || unitPriceCents === null || priceCents === null) return failure('error', `the scale sent a malformed weighing result: ${text}`);
  return weighed(grams, opts, { priceCents, unitPriceCents });
}

/** What a record 09 status code means for the cashier. */
export function dialogStatus(code: string): ScaleFailure {
  switch (code) {
    case '20':
    case '22': // the measurement is not finished: the same as waiting for a steady weight
      return failure('unstable', 'the weight is not steady yet', code);
    case '30':
      return failure('underMinimum', 'the weight is less than the minimum the scale may sell', code);
    case '31':
      return failure('zero', 'the scale shows less than zero', code);
    case '32':
      return failure('overload', 'the scale is overloaded', code);
    case '11':
      return failure('noPrice', 'the scale did not accept the unit price', code);
    case '21':
      // Legal for trade: the same goods may not be weighed twice without being lifted.
      return failure('error', 'the goods were not lifted since the last weighing: take them off the scale and put them back', code);
    case '12':
      return failure('error', 'the scale did not accept the tare', code);
    case '13':
      return failure('error', 'the scale did not accept the article text', code);
    case '02':
      return failure('error', 'the scale received garbled data (parity error or overflow): check the baud rate and parity', code);
    case '10':
      return failure('error', 'the scale does not know the record sent to it', code);
    case '01':
      return failure('error', 'the scale reports a general error', code);
    default:
      return failure('error', `the scale refused without a known reason (status ${code || 'missing'})`, code);
  }
}
