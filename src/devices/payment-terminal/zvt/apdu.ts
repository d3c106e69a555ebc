/**
 * ZVT framing and field codecs, pure (bytes in, bytes out, no I/O, no clock).
 *
 * The ZVT protocol ("ECR-Interface ZVT-Protocol", PA00P015, published by the
 * Verband der Terminalhersteller; https://www.terminalhersteller.de) sends APDUs:
 *
 *   CCRC/class  APRC/instr  length  data
 *   1 byte      1 byte      1 byte  0..254 bytes
 *                           FF lo hi  when the data is longer than 254 bytes
 *
 * Over TCP (port 20007) the APDUs travel as they are, without the DLE STX … DLE
 * ETX CRC framing of the serial link, so a stream is cut into APDUs by their
 * length fields alone.
 *
 * Data fields are "BMPs": a one-byte number followed by a value whose length is
 * fixed per BMP, an LLVAR/LLLVAR (the length as 2 or 3 bytes `Fx`, one decimal
 * digit each), or a TLV container (BMP 06, BER-style tags and lengths).
 */

export interface Apdu {
  /** CCRC or class byte: 06 commands, 04 status, 05 enquiry, 80/84 acknowledgements. */
  cls: number;
  /** APRC or instruction byte. */
  ins: number;
  data: Uint8Array;
}

/** A byte sequence that does not follow the protocol. */
export class ZvtFormatError extends Error {
  override readonly name = 'ZvtFormatError';
}

const MAX_SHORT = 254;
const MAX_EXTENDED = 0xffff;

/** One APDU as bytes: the short length up to 254 data bytes, `FF lo hi` above. */
export function encodeApdu(cls: number, ins: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  checkByte('class', cls);
  checkByte('instruction', ins);
  if (data.length > MAX_EXTENDED) throw new RangeError(`ZVT APDU data of ${data.length} bytes is longer than ${MAX_EXTENDED}`);
  const head = data.length <= MAX_SHORT ? [cls, ins, data.length] : [cls, ins, 0xff, data.length & 0xff, data.length >> 8];
  const out = new Uint8Array(head.length + data.length);
  out.set(head, 0);
  out.set(data, head.length);
  return out;
}

/** The length of the complete APDU at the start of `buf`, or 0 while more bytes are needed. */
export function apduLength(buf: Uint8Array): number {
  if (buf.length < 3) return 0;
  if (buf[2] !== 0xff) {
    const n = 3 + buf[2]!;
    return buf.length >= n ? n : 0;
  }
  if (buf.length < 5) return 0;
  const n = 5 + (buf[3]! | (buf[4]! << 8));
  return buf.length >= n ? n : 0;
}

/** Split bytes that hold exactly one APDU into its parts. */
export function decodeApdu(bytes: Uint8Array): Apdu {
  const n = apduLength(bytes);
  if (n === 0 || n !== bytes.length) throw new ZvtFormatError(`not one complete APDU: ${hex(bytes)}`);
  const start = bytes[2] === 0xff ? 5 : 3;
  return { cls: bytes[0]!, ins: bytes[1]!, data: bytes.slice(start, n) };
}

/**
 * Cuts a TCP byte stream into APDUs: chunks may end inside an APDU or carry
 * several. Keeps the incomplete rest for the next chunk.
 */
export class ApduReassembler {
  #buf: Uint8Array = new Uint8Array(0);

  /** Bytes held back, waiting for the rest of their APDU. */
  get pending(): number {
    return this.#buf.length;
  }

  push(chunk: Uint8Array): Apdu[] {
    let buf = this.#buf.length ? concat(this.#buf, chunk) : chunk;
    const out: Apdu[] = [];
    for (let n = apduLength(buf); n > 0; n = apduLength(buf)) {
      out.push(decodeApdu(buf.subarray(0, n)));
      buf = buf.subarray(n);
    }
    // Copy so a caller's buffer that is reused later cannot change what we keep.
    this.#buf = buf.slice();
    return out;
  }

  /** Forget a partial APDU (after a disconnect: a new connection starts clean). */
  reset(): void {
    this.#buf = new Uint8Array(0);
  }
}

// ---------------------------------------------------------------------------
// BCD

/** `digits` as packed BCD in `size` bytes, left-padded with zeros. */
export function encodeBcd(digits: string, size: number): Uint8Array {
  if (!/^\d*$/.test(digits)) throw new RangeError(`"${digits}" is not a string of digits`);
  if (digits.length > size * 2) throw new RangeError(`${digits} does not fit in ${size} BCD bytes`);
  const padded = digits.padStart(size * 2, '0');
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (Number(padded[2 * i]) << 4) | Number(padded[2 * i + 1]);
  return out;
}

/** Packed BCD as a string of digits; anything but 0–9 in a nibble is an error. */
export function decodeBcd(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    const hi = b >> 4;
    const lo = b & 0x0f;
    if (hi > 9 || lo > 9) throw new ZvtFormatError(`${hex(bytes)} is not BCD`);
    s += `${hi}${lo}`;
  }
  return s;
}

/** BMP 04: an amount in cents as 6 bytes BCD (up to 999 999 999 999). */
export function encodeAmount(cents: number): Uint8Array {
  if (!Number.isSafeInteger(cents) || cents < 0 || cents > 999_999_999_999) throw new RangeError(`${cents} is not an amount in cents ZVT can send`);
  return encodeBcd(String(cents), 6);
}

export function decodeAmount(bytes: Uint8Array): number {
  return Number(decodeBcd(bytes));
}

/** The terminal's password: 6 digits as 3 bytes BCD. */
export function encodePassword(password: string): Uint8Array {
  if (!/^\d{6}$/.test(password)) throw new RangeError('the ZVT password must be six digits');
  return encodeBcd(password, 3);
}

/** ISO 4217 numeric codes of the currencies a ZVT terminal in Europe may be set up for. */
const CURRENCIES: Record<string, number> = {
  EUR: 978,
  CHF: 756,
  GBP: 826,
  USD: 840,
  DKK: 208,
  SEK: 752,
  NOK: 578,
  PLN: 985,
  CZK: 203,
  HUF: 348,
};

/** The ISO 4217 number of a currency code ('EUR' → 978), or null when unknown here. */
export function currencyNumber(code: string): number | null {
  return CURRENCIES[code.toUpperCase()] ?? null;
}

/** A currency as ZVT sends it (BMP 49, and untagged in Registration): 2 bytes BCD, EUR = 09 78. */
export function encodeCurrency(isoNumber: number): Uint8Array {
  if (!Number.isInteger(isoNumber) || isoNumber < 0 || isoNumber > 9999) throw new RangeError(`${isoNumber} is not an ISO 4217 number`);
  return encodeBcd(String(isoNumber), 2);
}

/** Receipt number (BMP 87): 4 digits as 2 bytes BCD. */
export function encodeReceiptNo(receiptNo: string): Uint8Array {
  if (!/^\d{1,4}$/.test(receiptNo)) throw new RangeError(`receipt number "${receiptNo}" is not 1 to 4 digits`);
  return encodeBcd(receiptNo, 2);
}

// ---------------------------------------------------------------------------
// BMPs

type BmpLength = number | 'LL' | 'LLL' | 'TLV';

/** Lengths of the BMPs, from the specification's summary of BMPs. */
const BMP_LENGTHS: Record<number, BmpLength> = {
  0x01: 1, // timeout
  0x02: 1, // max. status infos
  0x03: 1, // service byte
  0x04: 6, // amount
  0x05: 1, // pump number
  0x06: 'TLV',
  0x0b: 3, // trace number
  0x0c: 3, // time HHMMSS
  0x0d: 2, // date MMDD
  0x0e: 2, // expiry date YYMM
  0x17: 2, // card sequence number
  0x19: 1, // payment type / status byte
  0x22: 'LL', // PAN / EF_ID
  0x23: 'LL', // track 2
  0x24: 'LLL', // track 3
  0x27: 1, // result code
  0x29: 4, // terminal id
  0x2a: 15, // VU number
  0x2d: 'LL', // track 1
  0x2e: 'LLL', // synchronous chip data
  0x37: 3, // original trace number
  0x3a: 2, // CVV
  0x3b: 8, // AID authorisation attribute
  0x3c: 'LLL', // additional data / text
  0x3d: 3, // password
  0x49: 2, // currency
  0x60: 'LLL', // individual totals
  0x70: 4,
  0x71: 4,
  0x72: 1,
  0x73: 1,
  0x74: 1,
  0x75: 1,
  0x87: 2, // receipt number
  0x88: 3, // turnover record number
  0x8a: 1, // card type
  0x8b: 'LL', // card name
  0x8c: 1, // card type id of the network operator
  0x92: 'LLL', // additional data ec-Cash
  0x9a: 'LLL', // Geldkarte records
  0xa0: 1, // result code AS
  0xa7: 'LL', // chip data
  0xaa: 3, // date YYMMDD
  0xaf: 'LLL', // EF_Info
  0xba: 5, // AID parameter
  0xd0: 1,
  0xd1: 'LL',
  0xd2: 1,
  0xd3: 1,
  0xe0: 1,
  0xe1: 'LL',
  0xe2: 'LL',
  0xe3: 'LL',
  0xe4: 'LL',
  0xe5: 'LL',
  0xe6: 'LL',
  0xe7: 'LL',
  0xe8: 'LL',
  0xe9: 1,
  0xea: 1,
  0xeb: 8,
  0xf0: 1,
  0xf1: 'LL',
  0xf2: 'LL',
  0xf3: 'LL',
  0xf4: 'LL',
  0xf5: 'LL',
  0xf6: 'LL',
  0xf7: 'LL',
  0xf8: 'LL',
  0xf9: 1,
  0xfa: 1,
  0xfb: 1,
  0xfc: 1,
  0xfd: 1,
};

export interface Bmp {
  id: number;
  /** The value without its length prefix (for 06: the TLV objects inside the container). */
  value: Uint8Array;
}

export interface BmpList {
  bmps: Bmp[];
  /** Bytes from a BMP this decoder does not know onwards (their length cannot be known), else null. */
  unparsed: Uint8Array | null;
}

export interface BmpReading extends BmpList {
  /** Why reading stopped before the end (a value cut short, a length that is not digits), else null; `unparsed` then holds the bytes from the BMP that failed. */
  error: string | null;
}

/**
 * Read a sequence of BMPs. Stops at a BMP it does not know, returning the rest
 * as `unparsed`: a newer terminal may send fields this table lacks, and what came
 * before them is still good. A value cut short is an error.
 */
export function parseBmps(data: Uint8Array): BmpList {
  const { bmps, unparsed, error } = readBmps(data);
  if (error !== null) throw new ZvtFormatError(error);
  return { bmps, unparsed };
}

/**
 * Like parseBmps, but never throws: a BMP that does not decode ends the reading
 * the way an unknown one does, and says why in `error`. For messages where what
 * decoded must not be lost to what did not (a Status-Information).
 */
export function readBmps(data: Uint8Array): BmpReading {
  const bmps: Bmp[] = [];
  let i = 0;
  while (i < data.length) {
    const id = data[i]!;
    const kind = BMP_LENGTHS[id];
    // Not in the specification's table: its length, and so where the next BMP starts, cannot be known.
    if (kind === undefined) return { bmps, unparsed: data.slice(i), error: null };
    try {
      let start = i + 1;
      let len: number;
      if (typeof kind === 'number') len = kind;
      else if (kind === 'TLV') {
        const l = readTlvLength(data, start);
        start = l.next;
        len = l.length;
      } else {
        const digits = kind === 'LL' ? 2 : 3;
        len = readVarLength(data, start, digits);
        start += digits;
      }
      if (start + len > data.length) throw new ZvtFormatError(`BMP ${hex([id])} needs ${len} bytes, ${Math.max(0, data.length - start)} left`);
      bmps.push({ id, value: data.slice(start, start + len) });
      i = start + len;
    } catch (e) {
      return { bmps, unparsed: data.slice(i), error: (e as Error).message };
    }
  }
  return { bmps, unparsed: null, error: null };
}

/** The LLVAR/LLLVAR length prefix: `F1 F7` = 17. */
function readVarLength(data: Uint8Array, at: number, digits: number): number {
  if (at + digits > data.length) throw new ZvtFormatError('a variable length is cut short');
  let n = 0;
  for (let k = 0; k < digits; k++) {
    const b = data[at + k]!;
    if (b >> 4 !== 0xf || (b & 0x0f) > 9) throw new ZvtFormatError(`${hex(data.subarray(at, at + digits))} is not an LL/LLL length`);
    n = n * 10 + (b & 0x0f);
  }
  return n;
}

/** An LLVAR (2) or LLLVAR (3) length prefix for `n` bytes. */
export function encodeVarLength(n: number, digits: 2 | 3): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n >= 10 ** digits) throw new RangeError(`${n} does not fit an ${'L'.repeat(digits)}VAR length`);
  const s = String(n).padStart(digits, '0');
  return Uint8Array.from(s, (c) => 0xf0 | Number(c));
}

// ---------------------------------------------------------------------------
// TLV (BMP 06)

export interface Tlv {
  /** The tag's bytes as one number: 0x07, 0x25, 0x1F07. */
  tag: number;
  constructed: boolean;
  value: Uint8Array;
  /** For a constructed tag: the objects inside. */
  children: Tlv[];
}

function readTlvLength(data: Uint8Array, at: number): { length: number; next: number } {
  if (at >= data.length) throw new ZvtFormatError('a TLV length is missing');
  const b = data[at]!;
  if (b < 0x80) return { length: b, next: at + 1 };
  if (b === 0x81) {
    if (at + 1 >= data.length) throw new ZvtFormatError('a TLV length is cut short');
    return { length: data[at + 1]!, next: at + 2 };
  }
  if (b === 0x82) {
    if (at + 2 >= data.length) throw new ZvtFormatError('a TLV length is cut short');
    return { length: (data[at + 1]! << 8) | data[at + 2]!, next: at + 3 };
  }
  throw new ZvtFormatError(`TLV length byte ${hex([b])} is not used by ZVT`);
}

/** The TLV objects in `data` (the contents of a BMP 06 container, or of a constructed tag). */
export function parseTlv(data: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  while (i < data.length) {
    const first = data[i]!;
    let tag = first;
    i++;
    if ((first & 0x1f) === 0x1f) {
      // Multi-byte tag: further bytes follow while their top bit is set.
      let b: number;
      do {
        if (i >= data.length) throw new ZvtFormatError('a TLV tag is cut short');
        b = data[i++]!;
        tag = tag * 256 + b;
      } while (b & 0x80);
    }
    const { length, next } = readTlvLength(data, i);
    if (next + length > data.length) throw new ZvtFormatError(`TLV tag ${tag.toString(16)} needs ${length} bytes, ${data.length - next} left`);
    const value = data.slice(next, next + length);
    const constructed = (first & 0x20) !== 0;
    out.push({ tag, constructed, value, children: constructed ? parseTlv(value) : [] });
    i = next + length;
  }
  return out;
}

/** Every object with `tag`, at any depth, in order. */
export function findTlv(objects: Tlv[], tag: number): Tlv[] {
  const found: Tlv[] = [];
  for (const o of objects) {
    if (o.tag === tag) found.push(o);
    if (o.children.length) found.push(...findTlv(o.children, tag));
  }
  return found;
}

// ---------------------------------------------------------------------------
// Text

// Code page 437, bytes 0x80–0xFF: the character set ZVT terminals print in
// unless the ECR registers another one.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

/** Text from the terminal (code page 437); control characters and NUL padding are dropped. */
export function decodeText(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    if (b >= 0x80) s += CP437_HIGH[b - 0x80];
    else if (b >= 0x20 && b !== 0x7f) s += String.fromCharCode(b);
  }
  return s;
}

// ---------------------------------------------------------------------------

/** Bytes as spaced hex, as the specification writes them: `06 01 0A`. */
export function hex(bytes: ArrayLike<number>): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

/** Hex text (`"06 01 0A"`, spaces optional) as bytes; for tests and logs. */
export function fromHex(text: string): Uint8Array {
  const t = text.replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(t)) throw new RangeError(`"${text}" is not hex bytes`);
  return Uint8Array.from(t.match(/../g) ?? [], (h) => parseInt(h, 16));
}

function checkByte(what: string, b: number): void {
  if (!Number.isInteger(b) || b < 0 || b > 0xff) throw new RangeError(`ZVT ${what} ${b} is not a byte`);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

// ---------------------------------------------------------------------------
// Status-information (04 0F): what the terminal reports about a transaction

export interface StatusInformation {
  /** BMP 27: 0 = approved; anything else says why not (see `resultText`). */
  resultCode: number | null;
  amountCents: number | null;
  /** BMP 0B. */
  traceNo: string | null;
  /** BMP 0C, HH:MM:SS. */
  time: string | null;
  /** BMP 0D, MM-DD (the terminal does not send the year). */
  date: string | null;
  /** BMP 22, never more than the first 6 and the last 4 digits. */
  maskedPan: string | null;
  /** BMP 29. */
  terminalId: string | null;
  /** BMP 3B: the authorisation code (AID authorisation attribute). */
  authCode: string | null;
  /** BMP 87: the terminal's receipt number, needed to reverse the payment. */
  receiptNo: string | null;
  /** BMP 8A: the ZVT card-type id. */
  cardType: number | null;
  /** BMP 8B. */
  cardName: string | null;
  /** BMP 49, ISO 4217 number. */
  currency: number | null;
  /** BMP 3C: a text from the host ("Abbruch durch Kunde"). */
  additionalText: string | null;
  /** BMP 06, for callers that want more (card technology, EMV data). */
  tlv: Tlv[];
  /**
   * What did not decode, for logs: a field left null, or where reading stopped
   * (an unknown BMP, a value cut short). Empty when everything decoded.
   */
  problems: string[];
}

/**
 * Decode the data of a Status-Information (04 0F). Fields that are absent are
 * null. Never throws: a field that does not decode is left null (and named in
 * `problems`), and reading stops at a BMP whose length cannot be known, keeping
 * what came before. The till must acknowledge the message whatever it holds: a
 * refusal makes the terminal reverse the payment.
 */
export function decodeStatusInformation(data: Uint8Array): StatusInformation {
  const info: StatusInformation = {
    resultCode: null,
    amountCents: null,
    traceNo: null,
    time: null,
    date: null,
    maskedPan: null,
    terminalId: null,
    authCode: null,
    receiptNo: null,
    cardType: null,
    cardName: null,
    currency: null,
    additionalText: null,
    tlv: [],
    problems: [],
  };
  const { bmps, unparsed, error } = readBmps(data);
  for (const { id, value } of bmps) {
    try {
      decodeStatusField(info, id, value);
    } catch (e) {
      info.problems.push(`BMP ${hex([id])}: ${(e as Error).message}`);
    }
  }
  if (error !== null) info.problems.push(`stopped reading: ${error}`);
  else if (unparsed) info.problems.push(`stopped reading at BMP ${hex([unparsed[0]!])}, which this decoder does not know`);
  return info;
}

function decodeStatusField(info: StatusInformation, id: number, value: Uint8Array): void {
  switch (id) {
    case 0x27:
      info.resultCode = value[0]!;
      break;
    case 0x04:
      info.amountCents = decodeAmount(value);
      break;
    case 0x0b:
      info.traceNo = decodeBcd(value);
      break;
    case 0x0c: {
      const t = decodeBcd(value);
      info.time = `${t.slice(0, 2)}:${t.slice(2, 4)}:${t.slice(4, 6)}`;
      break;
    }
    case 0x0d: {
      const d = decodeBcd(value);
      info.date = `${d.slice(0, 2)}-${d.slice(2, 4)}`;
      break;
    }
    case 0x22:
      info.maskedPan = maskPan(value);
      break;
    case 0x29:
      info.terminalId = decodeBcd(value);
      break;
    case 0x3b:
      info.authCode = decodeText(value).trim() || null;
      break;
    case 0x87:
      info.receiptNo = decodeBcd(value);
      break;
    case 0x8a:
      info.cardType = value[0]!;
      break;
    case 0x8b:
      info.cardName = decodeText(value).trim() || null;
      break;
    case 0x49:
      info.currency = Number(decodeBcd(value));
      break;
    case 0x3c:
      info.additionalText = decodeText(value).trim() || null;
      break;
    case 0x06:
      info.tlv = parseTlv(value);
      break;
    default:
      // A BMP of known length that a till does not keep: skipped.
      break;
  }
}

/**
 * BMP 22 (PAN, BCD; `E` = a digit the terminal masked, `F` = padding) as text
 * with `*` for hidden digits. Whatever the terminal sends, at most the first 6
 * and the last 4 digits stay visible (DESIGN.md: a till keeps no more).
 */
export function maskPan(bcd: Uint8Array): string {
  const digits: string[] = [];
  for (const b of bcd) {
    for (const nibble of [b >> 4, b & 0x0f]) {
      if (nibble <= 9) digits.push(String(nibble));
      else if (nibble === 0x0e) digits.push('*');
      else if (nibble !== 0x0f) throw new ZvtFormatError(`PAN ${hex(bcd)} has a nibble ${nibble.toString(16).toUpperCase()}`);
    }
  }
  const n = digits.length;
  // A number too short to hide anything between its first 6 and last 4 shows its last 4 only.
  const head = n > 10 ? 6 : 0;
  return digits.map((d, i) => (i < head || i >= n - 4 ? d : '*')).join('');
}

/** ZVT card-type ids (BMP 8A) of the cards a shop is likely to see; the full list is in the specification. */
const CARD_TYPES: Record<number, string> = {
  0x05: 'girocard',
  0x06: 'Mastercard',
  0x08: 'American Express',
  0x0a: 'Visa',
  0x0b: 'Visa Electron',
  0x0c: 'Diners',
  0x0d: 'V PAY',
  0x0e: 'JCB',
  0x1e: 'Geldkarte',
  0x2e: 'Maestro',
  0xc4: 'Dankort',
  0xc6: 'UnionPay',
  0xe8: 'Discover',
};

/** The brand of a ZVT card-type id, or null when this table does not know it. */
export function cardTypeName(id: number): string | null {
  return CARD_TYPES[id] ?? null;
}

/** Result codes (BMP 27, 06 1E, 84 xx) from the specification's list of error messages. */
const RESULT_CODES: Record<number, string> = {
  0x00: 'no error',
  0x64: 'card not readable',
  0x65: 'card data not present (no magnetic stripe or chip found)',
  0x66: 'processing error',
  0x67: 'function not permitted for girocard and Maestro cards',
  0x68: 'function not permitted for credit and fuel cards',
  0x6a: 'turnover file full',
  0x6b: 'function deactivated (terminal not registered)',
  0x6c: 'aborted by timeout or the abort key',
  0x6e: 'card in the blocked list',
  0x6f: 'wrong currency',
  0x71: 'credit not sufficient',
  0x72: 'chip error',
  0x73: 'card data incorrect',
  0x74: 'DUKPT engine exhausted',
  0x75: 'text not authentic',
  0x76: 'card number not in the white list',
  0x77: 'end-of-day batch not possible',
  0x78: 'card expired',
  0x79: 'card not yet valid',
  0x7a: 'card unknown',
  0x7b: 'fallback to magnetic stripe not possible for girocard',
  0x7c: 'fallback to magnetic stripe not possible',
  0x7d: 'communication error',
  0x7e: 'fallback to magnetic stripe not possible, debit advice possible',
  0x83: 'function not possible',
  0x85: 'key missing',
  0x89: 'PIN pad defective',
  0x9a: 'ZVT protocol error',
  0x9b: 'error from dial-up or communication fault',
  0x9c: 'please wait',
  0xa0: 'receiver not ready',
  0xa1: 'remote station does not respond',
  0xa3: 'no connection',
  0xa4: 'submission of Geldkarte not possible',
  0xa5: 'function not allowed due to PCI-DSS/P2PE rules',
  0xb1: 'memory full',
  0xb2: 'merchant journal full',
  0xb4: 'already reversed',
  0xb5: 'reversal not possible',
  0xb7: 'pre-authorisation incorrect (amount too high) or amount wrong',
  0xb8: 'error in pre-authorisation',
  0xbf: 'voltage supply too low',
  0xc0: 'card locking mechanism defective',
  0xc1: 'merchant card locked',
  0xc2: 'diagnosis required',
  0xc3: 'maximum amount exceeded',
  0xc4: 'card profile invalid',
  0xc5: 'payment method not supported',
  0xc6: 'currency not applicable',
  0xc8: 'amount too small',
  0xc9: 'maximum transaction amount too small',
  0xcb: 'function only allowed in euro',
  0xcc: 'printer not ready',
  0xcd: 'cashback not possible',
  0xd2: 'function not permitted for service cards',
  0xdc: 'card inserted',
  0xdd: 'error during card eject',
  0xde: 'error during card insertion',
  0xe0: 'remote maintenance activated',
  0xe2: 'card reader does not answer or is defective',
  0xe3: 'shutter closed',
  0xe4: 'terminal activation required',
  0xe7: 'goods group not found',
  0xe8: 'no goods groups table loaded',
  0xe9: 'restriction code not permitted',
  0xea: 'card code not permitted',
  0xeb: 'function not executable (PIN algorithm unknown)',
  0xec: 'PIN processing not possible',
  0xed: 'PIN pad defective',
  0xf0: 'open end-of-day batch present',
  0xf1: 'ec-cash/Maestro offline error',
  0xf5: 'OPT error',
  0xf6: 'OPT data not available',
  0xfa: 'error transmitting offline transactions',
  0xfb: 'turnover data set defective',
  0xfc: 'necessary device not present or defective',
  0xfd: 'baud rate not supported',
  0xfe: 'register unknown',
  0xff: 'system error',
};

/** A result code in words: "card expired (0x78)"; codes 01–63 come from the card issuer's network. */
export function resultText(code: number): string {
  const h = `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
  const known = RESULT_CODES[code];
  if (known) return `${known} (${h})`;
  if (code >= 0x01 && code <= 0x63) return `declined by the card issuer or its network (${h})`;
  return `unknown result code ${h}`;
}

/** Terminal status codes of a Status Enquiry (05 01): 00 is ready, the rest say what is wrong. */
const TERMINAL_STATUS: Record<number, string> = {
  0x00: 'ready',
  0x51: 'initialisation required',
  0x62: 'date/time not set',
  0x9a: 'ZVT protocol error',
  0x9c: 'please wait (e.g. a software update is running)',
  0xa0: 'receiver not ready',
  0xb1: 'memory full',
  0xb2: 'merchant journal full',
  0xbf: 'voltage supply too low',
  0xc0: 'card locking mechanism defective',
  0xc1: 'merchant card locked',
  0xc2: 'diagnosis required',
  0xc4: 'card profile invalid',
  0xcc: 'printer not ready',
  0xdc: 'card inserted',
  0xdf: 'out of order',
  0xe0: 'remote maintenance activated',
  0xe1: 'card not completely removed',
  0xe2: 'card reader does not answer or is defective',
  0xe3: 'shutter closed',
  0xe4: 'terminal activation required',
  0xf0: 'reconciliation required',
  0xf6: 'OPT data not available',
};

export function terminalStatusText(code: number): string {
  return TERMINAL_STATUS[code] ?? `unknown terminal status 0x${code.toString(16).toUpperCase().padStart(2, '0')}`;
}
