/**
 * A ZVT card terminal on 127.0.0.1 (a random port) for the driver tests.
 *
 * It speaks the protocol the way the specification ("ECR-Interface
 * ZVT-Protocol", PA00P015) describes a terminal: it acknowledges a command with
 * 80 00 00, then sends intermediate statuses (04 FF), the status information
 * (04 0F), the receipt (06 D1 lines or 06 D3 blocks) and a completion (06 0F) or
 * an abort (06 1E), waiting for the till's 80 00 00 after each. A till that
 * refuses the status information (84 xx) gets the approval reversed, as a real
 * terminal does.
 *
 * It parses and builds its bytes with its own few lines below, not with the
 * driver's codecs, so the tests hold the driver to the protocol rather than to
 * itself. Everything the till sends is recorded for assertions.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type ZvtScenario =
  /** Card read, PIN, approved: status information, receipt, completion. */
  | 'approve'
  /** The issuer says no: status information with the result code, then 06 1E. */
  | 'decline'
  /** Asks for the card and then says nothing more, not even to an abort. */
  | 'timeout'
  /** Asks for the card and waits; honours the till's 06 B0 with 06 1E 6C. */
  | 'abort'
  /** Asks for the card, then the connection drops. */
  | 'lost'
  /** Several statuses, each after `stepMs`, then approves; ignores an abort. */
  | 'slow'
  /** Approves, but the trace number in the status information is not BCD (00 1A 01). */
  | 'bad-trace'
  /** Approves, but the status information starts with a BMP no table knows (5F), before the result code. */
  | 'unknown-bmp'
  /** Completes, but the status information carries no result code (BMP 27). */
  | 'no-result'
  /** Completes without sending a status information at all. */
  | 'no-status';

export interface ZvtSimulatorOptions {
  scenario?: ZvtScenario;
  terminalId?: string;
  /** Result code of a decline; default 0x05 (from the issuer's network). */
  declineCode?: number;
  /** Pause before each message the terminal sends; default 5 ms ('slow': 150 ms). */
  stepMs?: number;
  /** Send the receipts as 06 D3 text blocks, a merchant and a customer copy, instead of 06 D1 lines. */
  printTextBlock?: boolean;
  /** The terminal status code a status enquiry reports; default 00 (ready). */
  terminalStatus?: number;
  /** How long to wait for the till's acknowledgement of a message; default 5000 ms. */
  ackTimeoutMs?: number;
}

export interface ReceivedApdu {
  /** The control field: "06 01". */
  control: string;
  data: Buffer;
  /** The whole APDU as spaced hex. */
  hex: string;
}

export interface ZvtSimulator {
  readonly port: number;
  /** zvt://127.0.0.1:PORT */
  readonly address: string;
  scenario: ZvtScenario;
  /** Every APDU the till sent, in order. */
  readonly received: ReceivedApdu[];
  /** What the till answered to each message of the terminal: { sent: "04 0F", answer: "80 00 00" }. */
  readonly answers: { sent: string; answer: string }[];
  /** Approvals the till refused, so the terminal reversed them. */
  readonly autoReversals: number;
  readonly connections: number;
  /** Control fields of the till's commands (acknowledgements left out): ["06 00", "06 01"]. */
  commands(): string[];
  waitFor(cond: () => boolean, ms?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

const TERMINAL_ID = '52500146';
// What the simulated card reader read: more than a till may keep, so the driver must mask it.
const PAN = '6703678912341234';
const CARD_NAME = 'Maestro';

export async function startZvtSimulator(opts: ZvtSimulatorOptions = {}): Promise<ZvtSimulator> {
  const received: ReceivedApdu[] = [];
  const answers: { sent: string; answer: string }[] = [];
  const sockets = new Set<Socket>();
  let scenario: ZvtScenario = opts.scenario ?? 'approve';
  let connections = 0;
  let autoReversals = 0;
  let nextReceipt = 42;
  let nextTrace = 1001;
  const booked = new Map<string, number>(); // receipt number → amount, for reversals
  const terminalId = opts.terminalId ?? TERMINAL_ID;
  const ackTimeoutMs = opts.ackTimeoutMs ?? 5000;

  const server: Server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let open = true;
    let waiter: ((answer: Buffer | null) => void) | null = null;
    let abortRequested: (() => void) | null = null;
    let abortSeen = false;
    let busy = false;
    let queue: Promise<void> = Promise.resolve();

    const send = (bytes: Buffer): void => {
      if (open) socket.write(bytes);
    };
    /** Send a message and wait for the till's answer; null when none came. */
    const talk = async (bytes: Buffer): Promise<Buffer | null> => {
      await sleep(stepMs());
      if (!open) return null;
      const answer = new Promise<Buffer | null>((resolve) => {
        const t = setTimeout(() => {
          waiter = null;
          resolve(null);
        }, ackTimeoutMs);
        waiter = (a) => {
          clearTimeout(t);
          waiter = null;
          resolve(a);
        };
      });
      send(bytes);
      const a = await answer;
      answers.push({ sent: hex(bytes.subarray(0, 2)), answer: a ? hex(a) : 'none' });
      return a;
    };
    const acked = (a: Buffer | null): boolean => a !== null && a[0] === 0x80 && a[1] === 0x00;

    const stepMs = (): number => opts.stepMs ?? (scenario === 'slow' ? 150 : 5);

    /** The spec's sequence after a payment, refund or reversal was accepted. */
    const transaction = async (title: string, amountCents: number, reversalOf?: string): Promise<void> => {
      const s = scenario;
      if (!acked(await talk(apdu(0x04, 0xff, [0x0a])))) return; // insert card
      if (s === 'timeout') return; // silent from now on
      if (s === 'lost') {
        await sleep(stepMs());
        socket.destroy();
        return;
      }
      if (s === 'abort') {
        // The till's 06 B0 may already be here, in the same chunk as its acknowledgement.
        if (!abortSeen) await new Promise<void>((resolve) => (abortRequested = resolve));
        abortRequested = null;
        send(apdu(0x80, 0x00, []));
        await talk(apdu(0x06, 0x1e, [0x6c]));
        return;
      }
      if (s === 'slow') {
        if (!acked(await talk(apdu(0x04, 0xff, [0x01])))) return; // watch the PIN pad
        if (!acked(await talk(apdu(0x04, 0xff, [0x04])))) return; // waiting for the host
      }
      // "please wait" with a timeout byte and the terminal's own display text (TLV tag 24, lines in tag 07).
      const shown = tlv(0x24, tlv(0x07, ascii('Bitte warten')));
      if (!acked(await talk(apdu(0x04, 0xff, [0x17, 0x1e, 0x06, ...tlvLength(shown.length), ...shown])))) return;

      if (s === 'decline') {
        const code = opts.declineCode ?? 0x05;
        const info = [0x27, code, 0x04, ...bcd(amountCents, 6), 0x29, ...bcd(terminalId, 4), 0x3c, ...lllvar(ascii('Karte abgelehnt'))];
        await talk(apdu(0x04, 0x0f, info));
        await talk(apdu(0x06, 0x1e, [code]));
        return;
      }

      const receiptNo = reversalOf ?? String(nextReceipt++).padStart(4, '0');
      const trace = String(nextTrace++).padStart(6, '0');
      const authCode = 'A1B2C3';
      const extra = tlv(0x1f10, [0x00]).concat(tlv(0x1f12, [0x02]), tlv(0x41, [0x2e])); // cardholder auth, chip, card type
      const info = [
        0x27, 0x00,
        0x04, ...bcd(amountCents, 6),
        0x0b, ...(s === 'bad-trace' ? [0x00, 0x1a, 0x01] : bcd(trace, 3)),
        0x0c, 0x14, 0x30, 0x05,
        0x0d, 0x06, 0x15,
        0x22, ...llvar(panBcd(PAN)),
        0x29, ...bcd(terminalId, 4),
        // A TLV container in the middle: a parser that skips it wrongly loses everything after it.
        0x06, ...tlvLength(extra.length), ...extra,
        0x3b, ...ascii(authCode), 0x00, 0x00,
        0x87, ...bcd(receiptNo, 2),
        0x49, 0x09, 0x78,
        0x8a, 0x2e,
        0x8b, ...llvar([...ascii(CARD_NAME), 0x00]),
      ];
      if (s === 'unknown-bmp') info.unshift(0x5f, 0x01, 0x02);
      if (s === 'no-result') info.splice(0, 2);
      const answer = s === 'no-status' ? null : await talk(apdu(0x04, 0x0f, info));
      if (s !== 'no-status' && !acked(answer)) {
        if (answer) {
          // The till refused the result: reverse it and say so.
          autoReversals++;
          await talk(apdu(0x06, 0x1e, [answer[1]!]));
        }
        return;
      }
      if (reversalOf) booked.delete(reversalOf);
      else if (title !== 'GUTSCHRIFT') booked.set(receiptNo, amountCents);

      const amount = `EUR ${Math.floor(amountCents / 100)},${String(amountCents % 100).padStart(2, '0')}`;
      const lines = ['KASSA ZVT SIMULATOR', title, CARD_NAME, `Karte ############${PAN.slice(-4)}`, `Betrag ${amount}`, `Autorisierung ${authCode}`, `Beleg-Nr. ${receiptNo}`];
      if (opts.printTextBlock) {
        if (!acked(await talk(printBlock(1, ['HAENDLERBELEG', ...lines, 'Zahlung erfolgt'])))) return;
        // Long enough to need the extended length field (FF lo hi).
        const filler = Array.from({ length: 8 }, (_, i) => `Zeile ${i + 1} des Kundenbelegs ........`);
        if (!acked(await talk(printBlock(2, ['KUNDENBELEG', ...lines, ...filler, 'Zahlung erfolgt'])))) return;
      } else {
        for (const line of lines) if (!acked(await talk(apdu(0x06, 0xd1, [0x00, ...ascii(line)])))) return;
        // The last line, in code page 437: 0x81 is "ü".
        if (!acked(await talk(apdu(0x06, 0xd1, [0x81, ...ascii('Vielen Dank f'), 0x81, ...ascii('r Ihren Einkauf')])))) return;
      }
      await talk(apdu(0x06, 0x0f, []));
    };

    const command = async (control: string, data: Buffer): Promise<void> => {
      switch (control) {
        case '06 00': // registration: password, config byte, currency
          send(apdu(0x80, 0x00, []));
          await talk(apdu(0x06, 0x0f, [0x19, 0x00, 0x29, ...bcd(terminalId, 4), 0x49, 0x09, 0x78]));
          return;
        case '05 01': // status enquiry: software version (LLLVAR) and the terminal status code
          send(apdu(0x80, 0x00, []));
          await talk(apdu(0x06, 0x0f, [...lllvar(ascii('SIM 1.2.3')), opts.terminalStatus ?? 0x00]));
          return;
        case '06 01': {
          // authorisation: 04 <amount> [49 <currency>] ...
          const amount = data[0] === 0x04 ? Number(unbcd(data.subarray(1, 7))) : 0;
          send(apdu(0x80, 0x00, []));
          await transaction('KARTENZAHLUNG', amount);
          return;
        }
        case '06 31': {
          // refund: <password> 04 <amount> ...
          const amount = data[3] === 0x04 ? Number(unbcd(data.subarray(4, 10))) : 0;
          send(apdu(0x80, 0x00, []));
          await transaction('GUTSCHRIFT', amount);
          return;
        }
        case '06 30': {
          // reversal: <password> 87 <receipt-no>
          const receiptNo = data[3] === 0x87 ? unbcd(data.subarray(4, 6)) : '';
          send(apdu(0x80, 0x00, []));
          const amount = booked.get(receiptNo);
          if (amount === undefined) {
            await talk(apdu(0x06, 0x1e, [0xb5])); // reversal not possible
            return;
          }
          await transaction('STORNO', amount, receiptNo);
          return;
        }
        case '06 02': // log off
          send(apdu(0x80, 0x00, []));
          return;
        default:
          send(apdu(0x84, 0x83, [])); // function not possible
      }
    };

    const dispatch = (a: Buffer): void => {
      const control = hex(a.subarray(0, 2));
      const data = a.subarray(a[2] === 0xff ? 5 : 3);
      received.push({ control, data: Buffer.from(data), hex: hex(a) });
      if (a[0] === 0x80 || a[0] === 0x84) {
        waiter?.(a);
        return;
      }
      if (control === '06 B0') {
        if (busy) abortSeen = true;
        if (abortRequested) abortRequested();
        else if (!busy) send(apdu(0x80, 0x00, []));
        // Otherwise the terminal is past the point where it can stop: it ignores the request.
        return;
      }
      // One command at a time; the next may arrive in the same chunk as the acknowledgement of the last.
      queue = queue.then(() => {
        busy = true;
        abortSeen = false;
        return command(control, data).finally(() => (busy = false));
      });
    };

    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      for (let n = frameLength(buf); n > 0; n = frameLength(buf)) {
        const a = buf.subarray(0, n);
        buf = buf.subarray(n);
        dispatch(Buffer.from(a));
      }
    });
    socket.on('close', () => {
      open = false;
      sockets.delete(socket);
      waiter?.(null);
    });
    socket.on('error', () => {});
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;

  return {
    port,
    address: `zvt://127.0.0.1:${port}`,
    get scenario() {
      return scenario;
    },
    set scenario(s: ZvtScenario) {
      scenario = s;
    },
    received,
    answers,
    get autoReversals() {
      return autoReversals;
    },
    get connections() {
      return connections;
    },
    commands: () => received.filter((r) => !r.control.startsWith('80') && !r.control.startsWith('84')).map((r) => r.control),
    async waitFor(cond, ms = 5000, what = 'the condition') {
      const end = Date.now() + ms;
      while (!cond()) {
        if (Date.now() > end) throw new Error(`zvt simulator: ${what} not met within ${ms} ms`);
        await sleep(10);
      }
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// ---------------------------------------------------------------------------
// The simulator's own byte handling (independent of src/devices/payment-terminal/zvt).

/** Length of the APDU at the start of buf (3-byte header, or 5 with FF lo hi), 0 if incomplete. */
function frameLength(buf: Buffer): number {
  if (buf.length < 3) return 0;
  const total = buf[2] === 0xff ? (buf.length >= 5 ? 5 + buf.readUInt16LE(3) : Infinity) : 3 + buf[2]!;
  return buf.length >= total ? total : 0;
}

function apdu(cls: number, ins: number, data: number[]): Buffer {
  const head = data.length > 254 ? [cls, ins, 0xff, data.length & 0xff, data.length >> 8] : [cls, ins, data.length];
  return Buffer.from([...head, ...data]);
}

function bcd(value: number | string, bytes: number): number[] {
  const digits = String(value).padStart(bytes * 2, '0');
  const out: number[] = [];
  for (let i = 0; i < digits.length; i += 2) out.push(parseInt(digits.slice(i, i + 2), 16));
  return out;
}

function unbcd(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A PAN as BCD nibbles, padded with F to whole bytes. */
function panBcd(pan: string): number[] {
  const p = pan.length % 2 ? `${pan}F` : pan;
  const out: number[] = [];
  for (let i = 0; i < p.length; i += 2) out.push(parseInt(p.slice(i, i + 2), 16));
  return out;
}

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function llvar(v: number[]): number[] {
  const n = String(v.length).padStart(2, '0');
  return [0xf0 + Number(n[0]), 0xf0 + Number(n[1]), ...v];
}

function lllvar(v: number[]): number[] {
  const n = String(v.length).padStart(3, '0');
  return [0xf0 + Number(n[0]), 0xf0 + Number(n[1]), 0xf0 + Number(n[2]), ...v];
}

function tlvLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

function tlv(tag: number, value: number[]): number[] {
  const t = tag > 0xff ? [tag >> 8, tag & 0xff] : [tag];
  return [...t, ...tlvLength(value.length), ...value];
}

/** 06 D3 06 <TLV: 1F07 receipt type, 25 print texts of 07 lines>. */
function printBlock(receiptType: number, lines: string[]): Buffer {
  const texts = lines.flatMap((l) => tlv(0x07, ascii(l)));
  const container = [...tlv(0x1f07, [receiptType]), ...tlv(0x25, texts)];
  return apdu(0x06, 0xd3, [0x06, ...tlvLength(container.length), ...container]);
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
