/**
 * ZVT: the pure codecs against byte sequences written out from the
 * specification ("ECR-Interface ZVT-Protocol", PA00P015, Verband der
 * Terminalhersteller: chapters "Registration (06 00)", "Authorisation (06 01)",
 * "Reversal (06 30)", "Refund (06 31)", "Abort (06 B0)", "Status-Enquiry
 * (05 01)", "Status-Information (04 0F)", "Intermediate Status-Information
 * (04 FF)", "Print Line (06 D1)", "Print Text-Block (06 D3)", "Completion
 * (06 0F)", "Abort (06 1E)", the BMP summary and the error-message list), then
 * the driver against a ZVT terminal simulator on 127.0.0.1.
 */
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import { createPaymentTerminal } from '../../src/devices/payment-terminal/index.js';
import type { PaymentRequest, TerminalStatus } from '../../src/devices/payment-terminal/types.js';
import {
  ApduReassembler,
  apduLength,
  cardTypeName,
  decodeApdu,
  decodeBcd,
  decodeStatusInformation,
  decodeText,
  encodeAmount,
  encodeApdu,
  encodeBcd,
  encodeCurrency,
  encodePassword,
  encodeVarLength,
  findTlv,
  fromHex,
  hex,
  maskPan,
  parseBmps,
  parseTlv,
  readBmps,
  resultText,
  ZvtFormatError,
  type Apdu,
} from '../../src/devices/payment-terminal/zvt/apdu.js';
import { ZvtTerminal, type ZvtTerminalOptions } from '../../src/devices/payment-terminal/zvt/driver.js';
import * as zvt from '../../src/devices/payment-terminal/zvt/messages.js';
import { TcpTransport } from '../../src/devices/transport/tcp.js';
import { startZvtSimulator, type ZvtSimulator, type ZvtSimulatorOptions } from '../helpers/zvt-simulator.js';

const PASSWORD = '123456';
const apdu = (h: string): Apdu => decodeApdu(fromHex(h));

describe('ZVT APDUs', () => {
  it.each<[string, Uint8Array, string]>([
    // "Positive acknowledgement": the till's answer to every message of the terminal.
    ['the acknowledgement', zvt.ack(), '80 00 00'],
    // A negative acknowledgement carries the result code in APRC; 66 refuses a status information.
    ['a refusal', zvt.nack(0x66), '84 66 00'],
    // Authorisation of 1.00 EUR: BMP 04 = 6 bytes BCD cents. Length 07 is the amount alone;
    // with BMP 49 (EUR = 09 78) the length is 0A.
    ['an authorisation of 1.00 EUR', zvt.authorisation({ amountCents: 100 }), '06 01 07 04 00 00 00 00 01 00'],
    ['an authorisation of 12.50 EUR in euro', zvt.authorisation({ amountCents: 1250, currency: 978 }), '06 01 0A 04 00 00 00 00 12 50 49 09 78'],
    ['an authorisation with a payment type', zvt.authorisation({ amountCents: 1, currency: 978, paymentType: 0x40 }), '06 01 0C 04 00 00 00 00 00 01 49 09 78 19 40'],
    // Registration: <password 3 BCD> <config-byte> <CC untagged> 03 <service-byte>.
    ['a registration', zvt.registration({ password: PASSWORD, configByte: 0xbe, currency: 978, serviceByte: 0x01 }), '06 00 08 12 34 56 BE 09 78 03 01'],
    ['a registration without currency', zvt.registration({ password: '000000' }), '06 00 04 00 00 00 BE'],
    // Refund: <password> 04 <amount> 49 <CC>.
    ['a refund of 5.00 EUR', zvt.refund({ password: PASSWORD, amountCents: 500, currency: 978 }), '06 31 0D 12 34 56 04 00 00 00 00 05 00 49 09 78'],
    // Reversal: <password> 87 <receipt-no 2 BCD>.
    ['a reversal of receipt 42', zvt.reversal({ password: PASSWORD, receiptNo: '42' }), '06 30 06 12 34 56 87 00 42'],
    ['an abort', zvt.abort(), '06 B0 00'],
    ['a log-off', zvt.logOff(), '06 02 00'],
    // Status-Enquiry: <password> [03 <service-byte>].
    ['a status enquiry', zvt.statusEnquiry({ password: PASSWORD }), '05 01 03 12 34 56'],
    ['a status enquiry with a service byte', zvt.statusEnquiry({ password: PASSWORD, serviceByte: 0x01 }), '05 01 05 12 34 56 03 01'],
  ])('builds %s', (_what, bytes, expected) => {
    expect(hex(bytes)).toBe(expected);
  });

  it.each<[number, string]>([
    [0, '06 D3 00'],
    [254, '06 D3 FE'],
    // Above 254 bytes the length byte is FF and two bytes follow, low byte first.
    [255, '06 D3 FF FF 00'],
    [300, '06 D3 FF 2C 01'],
    [65535, '06 D3 FF FF FF'],
  ])('writes the length of %d data bytes as %s', (n, head) => {
    const bytes = encodeApdu(0x06, 0xd3, new Uint8Array(n).fill(0x41));
    expect(hex(bytes.subarray(0, head.split(' ').length))).toBe(head);
    expect(bytes.length).toBe(head.split(' ').length + n);
    expect(apduLength(bytes)).toBe(bytes.length);
    expect(decodeApdu(bytes).data).toEqual(new Uint8Array(n).fill(0x41));
  });

  it('refuses data no length field can carry', () => {
    expect(() => encodeApdu(0x06, 0xd3, new Uint8Array(65536))).toThrow(RangeError);
    expect(() => encodeApdu(0x100, 0x00)).toThrow(RangeError);
  });

  it.each<[string, number]>([
    ['', 0],
    ['80', 0],
    ['80 00', 0],
    ['80 00 00', 3],
    ['06 1E 01', 0],
    ['06 1E 01 6C', 4],
    ['06 1E 01 6C 80 00 00', 4],
    ['06 D3 FF', 0],
    ['06 D3 FF 02', 0],
    ['06 D3 FF 02 00 41', 0],
    ['06 D3 FF 02 00 41 42', 7],
  ])('sees a complete APDU at the start of "%s": %d bytes', (h, n) => {
    expect(apduLength(fromHex(h))).toBe(n);
  });
});

describe('ApduReassembler', () => {
  // What a terminal sends during a payment, as one byte stream.
  const stream = fromHex(
    [
      '80 00 00', // acknowledgement
      '04 FF 01 0A', // insert card
      `06 D3 FF 2C 01 ${Array(300).fill('41').join(' ')}`, // a text block in the extended length format
      '06 0F 00', // completion
    ].join(' '),
  );
  const controls = (apdus: Apdu[]) => apdus.map((a) => hex([a.cls, a.ins]));

  it('cuts several APDUs out of one chunk', () => {
    const r = new ApduReassembler();
    expect(controls(r.push(stream))).toEqual(['80 00', '04 FF', '06 D3', '06 0F']);
    expect(r.pending).toBe(0);
  });

  it('puts an APDU back together from chunks cut anywhere, the length field included', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const r = new ApduReassembler();
      const got = [...r.push(stream.subarray(0, cut)), ...r.push(stream.subarray(cut))];
      expect(controls(got), `cut at ${cut}`).toEqual(['80 00', '04 FF', '06 D3', '06 0F']);
      expect(got[2]!.data.length).toBe(300);
    }
  });

  it('reads a stream fed one byte at a time and keeps what is incomplete', () => {
    const r = new ApduReassembler();
    const got: Apdu[] = [];
    for (const b of stream.subarray(0, stream.length - 1)) got.push(...r.push(Uint8Array.of(b)));
    expect(controls(got)).toEqual(['80 00', '04 FF', '06 D3']);
    expect(r.pending).toBe(2);
    expect(controls(r.push(stream.subarray(stream.length - 1)))).toEqual(['06 0F']);
  });

  it('does not keep a reference to the caller’s buffer', () => {
    const r = new ApduReassembler();
    const chunk = fromHex('06 1E 01');
    r.push(chunk);
    chunk[1] = 0x00;
    expect(controls(r.push(fromHex('6C')))).toEqual(['06 1E']);
  });

  it('starts clean after a reset', () => {
    const r = new ApduReassembler();
    r.push(fromHex('04 FF 05 0A'));
    r.reset();
    expect(controls(r.push(fromHex('80 00 00')))).toEqual(['80 00']);
  });
});

describe('ZVT fields', () => {
  it.each<[string, Uint8Array, string]>([
    // BMP 04: 6 bytes BCD, in cents.
    ['12.50 as an amount', encodeAmount(1250), '00 00 00 00 12 50'],
    ['0.00 as an amount', encodeAmount(0), '00 00 00 00 00 00'],
    ['the largest amount', encodeAmount(999_999_999_999), '99 99 99 99 99 99'],
    // The password: 3 bytes BCD.
    ['the password 123456', encodePassword('123456'), '12 34 56'],
    // BMP 49: ISO 4217 as 2 bytes BCD; EUR = 978.
    ['EUR', encodeCurrency(978), '09 78'],
    ['CHF', encodeCurrency(756), '07 56'],
    // BMP 0B trace number: 3 bytes BCD.
    ['trace number 1001', encodeBcd('1001', 3), '00 10 01'],
    // LLVAR / LLLVAR: the length as digits with F in the high nibble.
    ['an LLVAR length of 17', encodeVarLength(17, 2), 'F1 F7'],
    ['an LLLVAR length of 5', encodeVarLength(5, 3), 'F0 F0 F5'],
  ])('encodes %s', (_what, bytes, expected) => {
    expect(hex(bytes)).toBe(expected);
  });

  it.each<[string, () => unknown]>([
    ['a negative amount', () => encodeAmount(-1)],
    ['a fraction of a cent', () => encodeAmount(12.5)],
    ['an amount of 13 digits', () => encodeAmount(1_000_000_000_000)],
    ['a password of five digits', () => encodePassword('12345')],
    ['a password with letters', () => encodePassword('12a456')],
    ['digits that do not fit', () => encodeBcd('12345', 2)],
  ])('refuses %s', (_what, fn) => {
    expect(fn).toThrow(RangeError);
  });

  it('decodes BCD and refuses nibbles above 9', () => {
    expect(decodeBcd(fromHex('52 50 01 46'))).toBe('52500146');
    expect(() => decodeBcd(fromHex('1A'))).toThrow(ZvtFormatError);
  });

  it.each<[string, string]>([
    // What the terminal read, first 8 digits unmasked: the till keeps the first 6 only.
    ['67 03 67 89 12 34 12 34', '670367******1234'],
    // Masked by the terminal: E for each hidden digit.
    ['EE EE EE EE EE EE 12 34', '************1234'],
    ['49 99 99 EE EE EE 00 10', '499999******0010'],
    // 19 digits: padded with F.
    ['67 03 67 89 12 34 56 78 91 2F', '670367*********8912'],
    // Too short to hide anything between the first 6 and the last 4: only the last 4 stay.
    ['12 34 56 78 90', '******7890'],
  ])('masks the PAN %s as %s', (bcd, masked) => {
    expect(maskPan(fromHex(bcd))).toBe(masked);
  });

  it('refuses a PAN with a nibble that is no digit, mask or padding', () => {
    expect(() => maskPan(fromHex('67 03 AB'))).toThrow(ZvtFormatError);
  });

  it.each<[number, string]>([
    [0x00, 'no error (0x00)'],
    [0x05, 'declined by the card issuer or its network (0x05)'],
    [0x64, 'card not readable (0x64)'],
    [0x6c, 'aborted by timeout or the abort key (0x6C)'],
    [0x78, 'card expired (0x78)'],
    [0xb4, 'already reversed (0xB4)'],
    [0xff, 'system error (0xFF)'],
    [0x99, 'unknown result code 0x99'],
  ])('says what result code %d means', (code, text) => {
    expect(resultText(code)).toBe(text);
  });

  it.each<[number, string | null]>([
    [0x05, 'girocard'],
    [0x06, 'Mastercard'],
    [0x0a, 'Visa'],
    [0x2e, 'Maestro'],
    [0x01, null],
  ])('names card type %d', (id, name) => {
    expect(cardTypeName(id)).toBe(name);
  });

  it('decodes terminal text in code page 437 and drops control characters and NUL padding', () => {
    expect(decodeText(fromHex('84 94 81 8E 99 9A E1'))).toBe('äöüÄÖÜß');
    expect(decodeText(fromHex('80 9C FE'))).toBe('Ç£■');
    expect(decodeText(fromHex('4D 61 65 73 74 72 6F 00 00 0D 0A'))).toBe('Maestro');
  });
});

describe('ZVT BMPs and TLV', () => {
  it('reads fixed, LLVAR, LLLVAR and TLV fields', () => {
    // 27 00 | 22 F0 F2 <2 bytes> | 3C F0 F0 F3 "abc" | 06 03 <TLV: 1F10 01 00>... no: 06 <len 04> 1F 10 01 00 | 87 00 42
    const { bmps, unparsed } = parseBmps(fromHex('27 00 22 F0 F2 12 34 3C F0 F0 F3 61 62 63 06 04 1F 10 01 00 87 00 42'));
    expect(unparsed).toBeNull();
    expect(bmps.map((b) => [b.id.toString(16), hex(b.value)])).toEqual([
      ['27', '00'],
      ['22', '12 34'],
      ['3c', '61 62 63'],
      ['6', '1F 10 01 00'],
      ['87', '00 42'],
    ]);
  });

  it('stops at a BMP it does not know and keeps what came before', () => {
    const { bmps, unparsed } = parseBmps(fromHex('27 00 29 52 50 01 46 5F 01 02 87 00 42'));
    expect(bmps.map((b) => b.id)).toEqual([0x27, 0x29]);
    expect(hex(unparsed!)).toBe('5F 01 02 87 00 42');
  });

  it.each([
    ['a fixed field cut short', '04 00 00 12'],
    ['an LLVAR length that is not digits', '22 F1 FA 00'],
    ['an LLVAR value cut short', '8B F0 F5 41 42'],
    ['a TLV container cut short', '06 05 07 01 41'],
  ])('refuses %s', (_what, h) => {
    expect(() => parseBmps(fromHex(h))).toThrow(ZvtFormatError);
  });

  it('reads on as far as it can without throwing when asked to: what came before a bad or unknown BMP is kept', () => {
    expect(readBmps(fromHex('27 00 29 52 50 01 46 04 00 00 12'))).toMatchObject({ bmps: [{ id: 0x27 }, { id: 0x29 }], error: 'BMP 04 needs 6 bytes, 3 left' });
    expect(hex(readBmps(fromHex('27 00 22 F1 FA 00')).unparsed!)).toBe('22 F1 FA 00');
    // 5F is in no table: where the next BMP starts cannot be known, so reading stops there.
    const unknown = readBmps(fromHex('27 00 5F 01 02 87 00 42'));
    expect(unknown).toMatchObject({ bmps: [{ id: 0x27 }], error: null });
    expect(hex(unknown.unparsed!)).toBe('5F 01 02 87 00 42');
    // BMPs of known length a till does not keep (2A VU number, 0E expiry) are stepped over.
    expect(readBmps(fromHex(`2A ${Array(15).fill('41').join(' ')} 0E 25 12 27 00`)).bmps.map((b) => b.id)).toEqual([0x2a, 0x0e, 0x27]);
  });

  it('reads one- and two-byte tags, the 81 and 82 length forms, and constructed tags', () => {
    const long = Array(200).fill('41').join(' ');
    const objects = parseTlv(fromHex(`1F 07 01 02 25 08 07 02 48 49 07 02 4A 4B 07 81 C8 ${long} 09 82 00 01 FF`));
    expect(objects.map((o) => [o.tag.toString(16), o.constructed, o.value.length])).toEqual([
      ['1f07', false, 1],
      ['25', true, 8],
      ['7', false, 200],
      ['9', false, 1],
    ]);
    expect(findTlv(objects, 0x07).map((o) => decodeText(o.value).slice(0, 2))).toEqual(['HI', 'JK', 'AA']);
    expect(() => parseTlv(fromHex('07 83 00 00 01 41'))).toThrow(ZvtFormatError);
  });

  it('decodes a status information after an approval, a TLV container in the middle', () => {
    // 04 0F as a terminal sends it after an approved payment; every field a till keeps.
    const data = fromHex(
      [
        '27 00', // result: approved
        '04 00 00 00 00 12 50', // amount 12.50
        '0B 00 10 01', // trace number
        '0C 14 30 05', // time 14:30:05
        '0D 06 15', // date 15 June
        '22 F0 F8 67 03 67 89 12 34 12 34', // PAN (LLVAR, BCD), 8 digits unmasked by this terminal
        '29 52 50 01 46', // terminal id
        '06 0B 1F 10 01 00 1F 12 01 02 41 01 2E', // TLV: cardholder auth, card technology, card type id
        '3B 41 31 42 32 43 33 00 00', // authorisation attribute "A1B2C3"
        '87 00 42', // receipt number
        '49 09 78', // EUR
        '8A 2E', // card type: Maestro
        '8B F0 F8 4D 61 65 73 74 72 6F 00', // card name "Maestro", NUL-terminated
        '3C F0 F1 F0 47 45 4E 2E 4E 52 2E 3A 31 32', // additional text "GEN.NR.:12"
      ].join(' '),
    );
    expect(decodeStatusInformation(data)).toMatchObject({
      resultCode: 0,
      amountCents: 1250,
      traceNo: '001001',
      time: '14:30:05',
      date: '06-15',
      maskedPan: '670367******1234',
      terminalId: '52500146',
      authCode: 'A1B2C3',
      receiptNo: '0042',
      currency: 978,
      cardType: 0x2e,
      cardName: 'Maestro',
      additionalText: 'GEN.NR.:12',
    });
    expect(decodeStatusInformation(data).tlv.map((t) => t.tag)).toEqual([0x1f10, 0x1f12, 0x41]);
  });

  it('leaves absent fields null', () => {
    expect(decodeStatusInformation(fromHex('27 6C'))).toMatchObject({ resultCode: 0x6c, amountCents: null, maskedPan: null, receiptNo: null, cardName: null, problems: [] });
  });

  it('keeps the fields that decode when one does not (a trace number that is not BCD)', () => {
    const info = decodeStatusInformation(fromHex('27 00 04 00 00 00 00 12 50 0B 00 1A 01 87 00 42'));
    expect(info).toMatchObject({ resultCode: 0, amountCents: 1250, traceNo: null, receiptNo: '0042' });
    expect(info.problems).toEqual(['BMP 0B: 00 1A 01 is not BCD']);
  });

  it('keeps what came before a BMP it cannot read past, and says so', () => {
    const info = decodeStatusInformation(fromHex('04 00 00 00 00 12 50 5F 01 02 27 00'));
    expect(info).toMatchObject({ resultCode: null, amountCents: 1250 });
    expect(info.problems).toEqual(['stopped reading at BMP 5F, which this decoder does not know']);
    expect(decodeStatusInformation(fromHex('27 00 04 00 00 12'))).toMatchObject({ resultCode: 0, amountCents: null, problems: ['stopped reading: BMP 04 needs 6 bytes, 3 left'] });
  });
});

describe('ZVT messages from the terminal', () => {
  it.each<[string, string, zvt.TerminalMessage | Record<string, unknown>]>([
    ['the acknowledgement', '80 00 00', { type: 'ack' }],
    ['84 00 as an acknowledgement', '84 00 00', { type: 'ack' }],
    ['a refusal', '84 83 00', { type: 'nack', code: 0x83, reason: 'function not possible (0x83)' }],
    // 04 FF <status> [<timeout>] [06 <TLV>], codes from the list of intermediate statuses.
    ['"insert card"', '04 FF 01 0A', { type: 'intermediate', code: 0x0a, state: 'waiting_for_card', message: 'insert or present the card' }],
    ['"watch PIN pad"', '04 FF 01 01', { type: 'intermediate', state: 'waiting_for_card', message: 'watch the PIN pad' }],
    ['"please wait" with a timeout byte', '04 FF 02 0E 1E', { type: 'intermediate', state: 'processing', message: 'please wait…' }],
    ['"waiting for the host"', '04 FF 01 04', { type: 'intermediate', state: 'processing', message: 'waiting for the card issuer' }],
    [
      'a status with the terminal’s own display text',
      '04 FF 12 17 1E 06 0E 24 0C 07 0A 42 69 74 74 65 20 50 49 4E 21',
      { type: 'intermediate', code: 0x17, state: 'processing', message: 'Bitte PIN!' },
    ],
    ['an unknown status', '04 FF 01 99', { type: 'intermediate', state: 'processing', message: 'terminal status 0x99' }],
    // 06 D1 <attribute> <text>: top bit = last line; FF = line feeds.
    ['a print line', '06 D1 07 00 42 65 74 72 61 67', { type: 'print-line', text: 'Betrag', lastLine: false, feed: 0 }],
    ['the last print line', '06 D1 05 81 45 6E 64 65', { type: 'print-line', text: 'Ende', lastLine: true, feed: 0 }],
    ['line feeds', '06 D1 02 FF 03', { type: 'print-line', text: '', lastLine: false, feed: 3 }],
    // 06 D3 06 <TLV: 1F07 receipt type, 25 print texts of 07 lines>.
    [
      'a customer receipt as a text block',
      '06 D3 10 06 0E 1F 07 01 02 25 08 07 02 48 49 07 02 4A 4B',
      { type: 'print-block', receiptType: 2, lines: ['HI', 'JK'] },
    ],
    ['a completion', '06 0F 00', { type: 'completion', data: new Uint8Array(0) }],
    // 06 1E <result code>.
    ['an abort by the customer', '06 1E 01 6C', { type: 'abort', resultCode: 0x6c, reason: 'aborted by timeout or the abort key (0x6C)' }],
    ['an abort without a code', '06 1E 00', { type: 'abort', resultCode: 0xff }],
    ['an abort request', '06 B0 00', { type: 'abort-request' }],
    ['a menu request it does not handle', '04 0E 00', { type: 'other', cls: 0x04, ins: 0x0e }],
  ])('decodes %s (%s)', (_what, h, expected) => {
    expect(zvt.decodeMessage(apdu(h))).toMatchObject(expected);
  });

  it('decodes a status information message inside the envelope', () => {
    const m = zvt.decodeMessage(apdu('04 0F 09 27 00 04 00 00 00 00 01 00'));
    expect(m).toMatchObject({ type: 'status', info: { resultCode: 0, amountCents: 100 } });
  });

  it('decodes what it can of a status information cut short, and says what it could not', () => {
    const m = zvt.decodeMessage(apdu('04 0F 04 27 00 04 00'));
    expect(m).toMatchObject({ type: 'status', info: { resultCode: 0, amountCents: null, problems: [expect.stringContaining('BMP 04')] } });
  });

  it('decodes the completion of a registration: status byte, terminal id, currency', () => {
    expect(zvt.decodeCompletion(fromHex('19 00 29 52 50 01 46 49 09 78'))).toEqual({ resultCode: null, statusByte: 0, terminalId: '52500146', currency: 978 });
  });

  it('decodes the completion of a status enquiry: software version (LLLVAR) and terminal status', () => {
    expect(zvt.decodeStatusEnquiryCompletion(fromHex('F0 F0 F5 31 2E 32 2E 33 00'))).toMatchObject({ softwareVersion: '1.2.3', statusCode: 0, status: 'ready' });
    expect(zvt.decodeStatusEnquiryCompletion(fromHex('F0 F0 F1 58 CC'))).toMatchObject({ statusCode: 0xcc, status: 'printer not ready' });
    expect(() => zvt.decodeStatusEnquiryCompletion(fromHex('19 00 29 52'))).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------
// The driver against the simulator, over TCP on 127.0.0.1

const SALE: PaymentRequest = { kind: 'payment', amountCents: 1250, currency: 'EUR', reference: 'R1-000123' };

describe('ZvtTerminal against a ZVT terminal simulator', () => {
  const sims: ZvtSimulator[] = [];
  const terminals: ZvtTerminal[] = [];

  afterEach(async () => {
    await Promise.all(terminals.splice(0).map((t) => t.close()));
    await Promise.all(sims.splice(0).map((s) => s.close()));
  });

  async function simulator(opts: ZvtSimulatorOptions = {}): Promise<ZvtSimulator> {
    const s = await startZvtSimulator(opts);
    sims.push(s);
    return s;
  }

  function terminal(port: number, opts: Partial<ZvtTerminalOptions> = {}): ZvtTerminal {
    const t = new ZvtTerminal({ transport: new TcpTransport('127.0.0.1', port, `zvt://127.0.0.1:${port}`), password: PASSWORD, timeoutMs: 10_000, ...opts });
    terminals.push(t);
    return t;
  }

  /** Pays and records what the screen would show. */
  async function pay(t: ZvtTerminal, req: PaymentRequest = SALE, signal?: AbortSignal, onStatus?: (s: TerminalStatus) => void) {
    const statuses: TerminalStatus[] = [];
    const outcome = await t.pay(req, {
      onStatus: (s) => {
        statuses.push(s);
        onStatus?.(s);
      },
      ...(signal ? { signal } : {}),
    });
    return { outcome, statuses };
  }

  it('approves a payment: brand, masked PAN, authorisation code, the receipt and what the screen showed', async () => {
    const sim = await simulator();
    const { outcome, statuses } = await pay(terminal(sim.port));

    expect(outcome).toMatchObject({ status: 'approved', brand: 'Maestro', maskedPan: '670367******1234', authCode: 'A1B2C3', zvt: { receiptNo: '0042', terminalId: '52500146', amountCents: 1250 } });
    if (outcome.status !== 'approved') throw new Error('not approved');
    expect(outcome.terminalReceipt).toEqual([
      'KASSA ZVT SIMULATOR',
      'KARTENZAHLUNG',
      'Maestro',
      'Karte ############1234',
      'Betrag EUR 12,50',
      'Autorisierung A1B2C3',
      'Beleg-Nr. 0042',
      'Vielen Dank für Ihren Einkauf',
    ]);
    expect(statuses).toEqual([
      { state: 'connecting', message: `connecting to the card terminal at zvt://127.0.0.1:${sim.port}` },
      { state: 'waiting_for_card', message: 'insert or present the card' },
      { state: 'processing', message: 'Bitte warten' },
    ]);

    // Registered first (password, config byte, EUR, service byte), then the amount in BCD with EUR.
    expect(sim.commands()).toEqual(['06 00', '06 01']);
    expect(sim.received.find((r) => r.control === '06 00')!.hex).toBe('06 00 08 12 34 56 BE 09 78 03 01');
    expect(sim.received.find((r) => r.control === '06 01')!.hex).toBe('06 01 0A 04 00 00 00 00 12 50 49 09 78');
    // Every message of the terminal was acknowledged with 80 00 00, the completion too.
    await sim.waitFor(() => sim.answers.at(-1)?.sent === '06 0F', 5000, 'the answer to the completion');
    expect(sim.answers.length).toBeGreaterThanOrEqual(12);
    expect(sim.answers.filter((a) => a.answer !== '80 00 00')).toEqual([]);
    expect(sim.answers.at(-1)).toEqual({ sent: '06 0F', answer: '80 00 00' });
  });

  it('registers once per connection', async () => {
    const sim = await simulator();
    const t = terminal(sim.port);
    expect((await pay(t)).outcome.status).toBe('approved');
    const second = await pay(t);
    expect(second.outcome).toMatchObject({ status: 'approved', zvt: { receiptNo: '0043' } });
    expect(second.statuses.map((s) => s.state)).not.toContain('connecting');
    expect(sim.commands()).toEqual(['06 00', '06 01', '06 01']);
    expect(sim.connections).toBe(1);
  });

  it('keeps only the customer’s copy when the terminal sends both receipts as text blocks (one longer than 254 bytes)', async () => {
    const sim = await simulator({ printTextBlock: true });
    const { outcome } = await pay(terminal(sim.port));
    if (outcome.status !== 'approved') throw new Error(`not approved: ${JSON.stringify(outcome)}`);
    expect(outcome.terminalReceipt[0]).toBe('KUNDENBELEG');
    expect(outcome.terminalReceipt).toContain('Zeile 8 des Kundenbelegs ........');
    expect(outcome.terminalReceipt.at(-1)).toBe('Zahlung erfolgt');
    expect(outcome.terminalReceipt.join('\n')).not.toContain('HAENDLERBELEG');
  });

  it.each<[number, string]>([
    [0x05, 'declined by the card issuer or its network (0x05): Karte abgelehnt'],
    [0x78, 'card expired (0x78): Karte abgelehnt'],
  ])('declines with result code %d and says why', async (declineCode, reason) => {
    const sim = await simulator({ scenario: 'decline', declineCode });
    const { outcome } = await pay(terminal(sim.port));
    expect(outcome).toEqual({ status: 'declined', reason });
    await sim.waitFor(() => sim.answers.at(-1)?.sent === '06 1E', 5000, 'the answer to the abort');
    expect(sim.answers.at(-1)).toEqual({ sent: '06 1E', answer: '80 00 00' });
  });

  it('gives up after timeoutMs with the outcome unknown, tells the terminal to stop, and works again on a new connection', async () => {
    const sim = await simulator({ scenario: 'timeout' });
    const t = terminal(sim.port, { timeoutMs: 2000 });
    await t.register({ timeoutMs: 5000 }); // so the 2 s are the payment's alone
    const { outcome } = await pay(t);
    expect(outcome.status).toBe('timeout');
    expect(outcome.status === 'timeout' && outcome.reason).toMatch(/^no answer from the terminal within 2 s: the result is unknown — check the terminal/);
    await sim.waitFor(() => sim.commands().includes('06 B0'), 5000, 'an abort after the timeout');

    sim.scenario = 'approve';
    expect((await pay(t)).outcome.status).toBe('approved');
    expect(sim.connections).toBe(2);
  });

  it('is cancelled at the till by an AbortSignal: the terminal is told (06 B0) and confirms (06 1E 6C)', async () => {
    const sim = await simulator({ scenario: 'abort' });
    const ac = new AbortController();
    const { outcome, statuses } = await pay(terminal(sim.port), SALE, ac.signal, (s) => {
      if (s.state === 'waiting_for_card') ac.abort();
    });
    expect(outcome).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'waiting_for_card']);
    expect(sim.commands()).toEqual(['06 00', '06 01', '06 B0']);
    await sim.waitFor(() => sim.answers.at(-1)?.sent === '06 1E', 5000, 'the answer to the abort');
    expect(sim.answers.at(-1)).toEqual({ sent: '06 1E', answer: '80 00 00' });
  });

  it('is cancelled by abort() as by a signal', async () => {
    const sim = await simulator({ scenario: 'abort' });
    const t = terminal(sim.port);
    const { outcome } = await pay(t, SALE, undefined, (s) => {
      if (s.state === 'waiting_for_card') void t.abort();
    });
    expect(outcome).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(sim.commands()).toContain('06 B0');
  });

  it('says the result is unknown, not cancelled, when a hung terminal does not confirm the abort, and drops the connection', async () => {
    const sim = await simulator({ scenario: 'timeout' });
    const ac = new AbortController();
    const t = terminal(sim.port, { abortWaitMs: 300 });
    const { outcome } = await pay(t, SALE, ac.signal, (s) => {
      if (s.state === 'waiting_for_card') ac.abort();
    });
    // The card may have been charged: "cancelled" would have the cashier take it again.
    expect(outcome).toEqual({
      status: 'timeout',
      reason: 'the payment was cancelled at the till, but the terminal did not confirm the abort: the result is unknown — check the terminal (or its end-of-day report) before you take the payment again',
    });
    expect(sim.commands()).toContain('06 B0');

    sim.scenario = 'approve';
    expect((await pay(t)).outcome.status).toBe('approved');
    expect(sim.connections).toBe(2);
  });

  it('says the result is unknown when the terminal neither confirms the abort nor answers before the deadline', async () => {
    const sim = await simulator({ scenario: 'timeout' });
    const ac = new AbortController();
    const t = terminal(sim.port, { timeoutMs: 1500, abortWaitMs: 60_000 });
    await t.register({ timeoutMs: 5000 });
    const { outcome } = await pay(t, SALE, ac.signal, (s) => {
      if (s.state === 'waiting_for_card') ac.abort();
    });
    expect(outcome.status).toBe('timeout');
    expect(outcome.status === 'timeout' && outcome.reason).toMatch(/^the payment was cancelled at the till, but the terminal did not confirm the abort: the result is unknown — check the terminal/);
  });

  it('refuses an approval that arrives after the cashier cancelled, so the terminal reverses it', async () => {
    const sim = await simulator({ scenario: 'slow', stepMs: 60 });
    const ac = new AbortController();
    const { outcome } = await pay(terminal(sim.port, { abortWaitMs: 5000 }), SALE, ac.signal, (s) => {
      if (s.message === 'watch the PIN pad') ac.abort();
    });
    expect(outcome).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(sim.answers).toContainEqual({ sent: '04 0F', answer: '84 66 00' });
    expect(sim.autoReversals).toBe(1);
  });

  it('acknowledges a status information with a trace number that is not BCD, and keeps the approval and what decoded', async () => {
    const sim = await simulator({ scenario: 'bad-trace' });
    const { outcome } = await pay(terminal(sim.port));
    expect(outcome).toMatchObject({ status: 'approved', brand: 'Maestro', authCode: 'A1B2C3', zvt: { receiptNo: '0042', traceNo: null, amountCents: 1250 } });
    await sim.waitFor(() => sim.answers.at(-1)?.sent === '06 0F', 5000, 'the answer to the completion');
    // A refusal (84 xx) would have made the terminal reverse the payment.
    expect(sim.answers.filter((a) => a.answer !== '80 00 00')).toEqual([]);
    expect(sim.autoReversals).toBe(0);
  });

  it.each<[ZvtSimulatorOptions['scenario'], string]>([
    ['unknown-bmp', 'an unknown BMP before the result code'],
    ['no-result', 'no result code'],
    ['no-status', 'no status information at all'],
  ])('says the result is unknown, never approved, for a completion after %s (%s)', async (scenario) => {
    const sim = await simulator({ scenario });
    const { outcome } = await pay(terminal(sim.port));
    expect(outcome).toEqual({ status: 'timeout', reason: 'the terminal reported completion without a result: check the terminal (or its end-of-day report) before you take the payment again' });
    await sim.waitFor(() => sim.answers.at(-1)?.sent === '06 0F', 5000, 'the answer to the completion');
    expect(sim.answers.filter((a) => a.answer !== '80 00 00')).toEqual([]);
  });

  it('does not start when the signal is already aborted', async () => {
    const sim = await simulator();
    const { outcome, statuses } = await pay(terminal(sim.port), SALE, AbortSignal.abort());
    expect(outcome).toEqual({ status: 'cancelled', reason: 'cancelled at the till' });
    expect(statuses).toEqual([]);
    expect(sim.received).toEqual([]);
  });

  it('says the result is unknown when the connection is lost mid-payment, never declined', async () => {
    const sim = await simulator({ scenario: 'lost' });
    const { outcome, statuses } = await pay(terminal(sim.port));
    expect(outcome.status).toBe('timeout');
    expect(outcome.status === 'timeout' && outcome.reason).toBe(
      'the connection to the terminal was lost during the payment: the result is unknown — check the terminal (or its end-of-day report) before you take the payment again',
    );
    expect(statuses.map((s) => s.state)).toContain('waiting_for_card');
  });

  it('refunds: 06 31 with the password and the amount, and the terminal’s refund receipt', async () => {
    const sim = await simulator();
    const { outcome } = await pay(terminal(sim.port), { ...SALE, kind: 'refund', amountCents: 500 });
    expect(outcome).toMatchObject({ status: 'approved', brand: 'Maestro' });
    expect(outcome.status === 'approved' && outcome.terminalReceipt).toContain('GUTSCHRIFT');
    expect(sim.received.find((r) => r.control === '06 31')!.hex).toBe('06 31 0D 12 34 56 04 00 00 00 00 05 00 49 09 78');
  });

  it('reverses a payment by its receipt number, and says so when the terminal cannot', async () => {
    const sim = await simulator();
    const t = terminal(sim.port);
    const paid = (await pay(t)).outcome;
    expect(paid.status).toBe('approved');
    const receiptNo = paid.zvt!.receiptNo!;

    const reversed = await t.reverse(receiptNo);
    expect(reversed).toMatchObject({ status: 'approved', zvt: { receiptNo, amountCents: 1250 } });
    expect(reversed.status === 'approved' && reversed.terminalReceipt).toContain('STORNO');
    expect(sim.received.find((r) => r.control === '06 30')!.hex).toBe(`06 30 06 12 34 56 87 ${receiptNo.slice(0, 2)} ${receiptNo.slice(2)}`);

    expect(await t.reverse(receiptNo)).toEqual({ status: 'declined', reason: 'reversal not possible (0xB5)' });
    await expect(t.reverse('12345')).rejects.toThrow(RangeError);
  });

  it('answers a status enquiry with the terminal id, its software and "ready"', async () => {
    const sim = await simulator();
    const status = await terminal(sim.port).statusEnquiry({ timeoutMs: 5000 });
    expect(status).toMatchObject({ ready: true, terminalId: '52500146', softwareVersion: 'SIM 1.2.3', statusCode: 0 });
    expect(status.lines).toEqual(['terminal id 52500146', 'software SIM 1.2.3', 'status: ready']);
    expect(sim.commands()).toEqual(['06 00', '05 01']);
    expect(sim.received.find((r) => r.control === '05 01')!.hex).toBe('05 01 03 12 34 56');
  });

  it('rejects a status enquiry when the terminal is not ready, saying why', async () => {
    const sim = await simulator({ terminalStatus: 0xcc });
    await expect(terminal(sim.port).statusEnquiry({ timeoutMs: 5000 })).rejects.toMatchObject({
      code: 'DEVICE_FAILED',
      message: `zvt://127.0.0.1:${sim.port}: the terminal is not ready: printer not ready`,
    });
  });

  it('registers on request and reports the terminal id', async () => {
    const sim = await simulator();
    expect(await terminal(sim.port).register({ timeoutMs: 5000 })).toEqual({ terminalId: '52500146' });
  });

  it('reports a refused connection: DEVICE_UNREACHABLE with a hint, and a payment that charged nothing', async () => {
    const port = await closedPort();
    const t = terminal(port);
    const err = await t.statusEnquiry({ timeoutMs: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KassaError);
    expect(err).toMatchObject({ code: 'DEVICE_UNREACHABLE', message: `zvt://127.0.0.1:${port}: connection refused`, hint: 'check the address and port, and that the device is switched on' });

    const { outcome } = await pay(t);
    expect(outcome).toEqual({
      status: 'declined',
      reason: `zvt://127.0.0.1:${port}: connection refused: nothing was charged (check the address and port, and that the device is switched on)`,
    });
  });

  it('is what createPaymentTerminal builds for terminal.driver zvt', async () => {
    const sim = await simulator();
    const t = createPaymentTerminal(
      {
        'terminal.driver': 'zvt',
        'terminal.simulator.outcome': 'approve',
        'terminal.timeoutSeconds': 10,
        'terminal.address': sim.address,
        'terminal.password': PASSWORD,
        currency: 'EUR',
      },
      { confirm: () => new Promise(() => {}) },
    );
    expect(t).toBeInstanceOf(ZvtTerminal);
    terminals.push(t as ZvtTerminal);
    expect(t.driver).toBe('zvt');
    expect((await t.pay(SALE)).status).toBe('approved');
    expect(sim.received[0]!.hex).toBe('06 00 08 12 34 56 BE 09 78 03 01');
  });
});

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}
