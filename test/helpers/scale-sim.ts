/**
 * A checkout scale in software on the device end of a socat pty pair (or, with
 * startScaleSimTcp, behind a TCP port on 127.0.0.1, as a network scale), speaking
 * Mettler-Toledo 8217 or Dialog 06 as the service manuals describe them. Written
 * independently of src/devices/scale so the tests check the driver against the
 * protocol, not against itself.
 */
import { openSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import tty from 'node:tty';

export type SimScaleProtocol = 'toledo8217' | 'dialog06';

/** What is on the scale. */
export type SimLoad = 'stable' | 'unstable' | 'overload' | 'underZero' | 'underMinimum' | 'notLifted';

export interface SimScaleState {
  grams: number;
  load: SimLoad;
  /** Answer "in motion" to this many weight requests first, then as `load` says. */
  unstableFor: number;
  /** Say nothing at all (switched off, wrong cable). */
  silent: boolean;
  /** 8217: `decimal` (01.234), `plain` (01234), `pounds` (02.72), `net` (01.234N). */
  format: 'decimal' | 'plain' | 'pounds' | 'net';
  /** Dialog 06: refuse a unit price of 0 (status 11), as price-computing scales set up for it do. */
  requirePrice: boolean;
  /** Dialog 06: the scale's minimum weight; less is refused with status 30. */
  minGrams: number;
  /** Dialog 06: ask for the checksum handshake (record 11) instead of accepting a price. */
  askChecksums: boolean;
  /** Dialog 06: report this unit price instead of the one received (a scale with its own PLU price). */
  reportUnitPriceCents: number | null;
  /**
   * Answer every request this many ms late (a busy scale): each answer says what
   * was on the scale when asked, and goes out on the connection the request came
   * on (over TCP, a connection closed meanwhile never gets it).
   */
  answerDelayMs: number;
}

const DEFAULTS: SimScaleState = {
  grams: 0,
  load: 'stable',
  unstableFor: 0,
  silent: false,
  format: 'decimal',
  requirePrice: false,
  minGrams: 0,
  askChecksums: false,
  reportUnitPriceCents: null,
  answerDelayMs: 0,
};

export interface ScaleSim {
  readonly state: SimScaleState;
  set(s: Partial<SimScaleState>): void;
  /** What the till asked, in order: `W`, `price 001299`, `price 001299 tare 0150`, `ENQ`, `status?`, … */
  readonly requests: string[];
  close(): Promise<void>;
}

const STX = 0x02;
const ETX = 0x03;
const EOT = 0x04;
const ENQ = 0x05;
const ACK = 0x06;
const CR = 0x0d;
const NAK = 0x15;
const ESC = 0x1b;

export function startScaleSim(devicePath: string, protocol: SimScaleProtocol, initial: Partial<SimScaleState> = {}): ScaleSim {
  const state: SimScaleState = { ...DEFAULTS, ...initial };
  const requests: string[] = [];
  const port = new tty.ReadStream(openSync(devicePath, 'r+'));
  port.setRawMode(true);
  port.on('error', () => {});
  port.on('data', scaleProtocol(protocol, state, requests, (bytes) => port.write(bytes)));
  return {
    state,
    set: (s) => Object.assign(state, s),
    requests,
    close: async () => {
      port.destroy();
    },
  };
}

export interface TcpScaleSim extends ScaleSim {
  readonly port: number;
  /** Connections the till made so far. */
  readonly connections: number;
}

/** The same scale behind a TCP port on 127.0.0.1: every connection talks to the one scale. */
export async function startScaleSimTcp(protocol: SimScaleProtocol, initial: Partial<SimScaleState> = {}): Promise<TcpScaleSim> {
  const state: SimScaleState = { ...DEFAULTS, ...initial };
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    // A late answer for a connection the till has dropped goes nowhere.
    socket.on(
      'data',
      scaleProtocol(protocol, state, requests, (bytes) => {
        if (!socket.destroyed) socket.write(bytes);
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    get connections() {
      return connections;
    },
    state,
    set: (s) => Object.assign(state, s),
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One connection's side of the protocol: bytes from the till in, answers out through `write`. */
function scaleProtocol(protocol: SimScaleProtocol, state: SimScaleState, requests: string[], write: (bytes: Buffer) => void): (bytes: Buffer) => void {
  const send = (bytes: number[]) => {
    if (state.silent) return;
    if (state.answerDelayMs > 0) setTimeout(() => write(Buffer.from(bytes)), state.answerDelayMs);
    else write(Buffer.from(bytes));
  };
  const ascii = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
  /** The load a weight request sees now, counting down `unstableFor`. */
  const loadNow = (): SimLoad => {
    if (state.unstableFor > 0) {
      state.unstableFor--;
      return 'unstable';
    }
    return state.load;
  };

  // ---- Mettler-Toledo 8217: `W` → STX weight CR, or STX ? status CR.
  const toledo = (bytes: Buffer) => {
    for (const b of bytes) {
      if (b !== 0x57) continue;
      requests.push('W');
      const load = loadNow();
      // Status byte: bit 6 always set; bit 0 motion, 1 over capacity, 2 under zero.
      const status = { unstable: 0x01, overload: 0x02, underZero: 0x04 }[load as string];
      if (status !== undefined) {
        send([STX, 0x3f, 0x40 | status, CR]);
        continue;
      }
      const g = state.grams;
      const kg = `${String(Math.floor(g / 1000)).padStart(2, '0')}.${String(g % 1000).padStart(3, '0')}`;
      const text = {
        decimal: kg,
        net: `${kg}N`,
        plain: String(g).padStart(5, '0'),
        // 1 lb = 453.59237 g, shown to 0.01 lb.
        pounds: (Math.round((g * 100) / 453.59237) / 100).toFixed(2).padStart(5, '0'),
      }[state.format];
      send([STX, ...ascii(text), CR]);
    }
  };

  // ---- Dialog 06: records between EOT STX … ETX, and EOT ENQ.
  let buf: number[] = [];
  let unitPrice: number | null = null;
  let lastStatus = '00';
  const nak = (status: string) => {
    lastStatus = status;
    send([NAK]);
  };
  const record = (body: number[]) => {
    const fields: string[] = [];
    let cur = '';
    for (const c of body) {
      if (c === ESC) {
        fields.push(cur);
        cur = '';
      } else cur += String.fromCharCode(c);
    }
    fields.push(cur);
    const no = fields[0];
    if (no === '08') {
      requests.push('status?');
      send([STX, ...ascii('09'), ESC, ...ascii(lastStatus), ETX]);
      return;
    }
    if (no === '01' || no === '03' || no === '04' || no === '05') {
      const price = fields[1] ?? '';
      const tare = no === '03' || no === '05' ? (fields[2] ?? '') : null;
      const text = no === '04' ? fields[2] : no === '05' ? fields[3] : null;
      requests.push(`price ${price}${tare !== null ? ` tare ${tare}` : ''}${text != null ? ` text ${text}` : ''}`);
      if (!/^\d{5,6}$/.test(price)) return nak('11');
      if (tare !== null && !/^\d{4}$/.test(tare)) return nak('12');
      if (state.requirePrice && Number(price) === 0) return nak('11');
      if (state.askChecksums) {
        send([STX, ...ascii('11'), ESC, ...ascii('247'), ETX]);
        return;
      }
      unitPrice = Number(price);
      lastStatus = '00';
      send([ACK]);
      return;
    }
    requests.push(`record ${no}`);
    nak('10');
  };
  const weighing = () => {
    requests.push('ENQ');
    if (unitPrice === null) return nak('01');
    const load = loadNow();
    const code = { unstable: '20', underMinimum: '30', underZero: '31', overload: '32', notLifted: '21' }[load as string];
    if (code) return nak(code);
    if (state.grams < state.minGrams) return nak('30');
    const unit = state.reportUnitPriceCents ?? unitPrice;
    // grams × cents per kg / 1000, half up, in integers.
    const total = Math.floor((state.grams * unit + 500) / 1000);
    send([
      STX,
      ...ascii('02'),
      ESC,
      0x33, // kilograms
      ESC,
      ...ascii(String(state.grams).padStart(5, '0')),
      ESC,
      ...ascii(String(unit).padStart(6, '0')),
      ESC,
      ...ascii(String(total).padStart(6, '0')),
      ETX,
    ]);
  };
  const dialog = (bytes: Buffer) => {
    for (const b of bytes) {
      if (b === EOT) {
        buf = [EOT];
        continue;
      }
      if (buf.length === 0) continue; // noise outside a frame
      buf.push(b);
      if (buf.length === 2 && b === ENQ) {
        buf = [];
        weighing();
      } else if (buf[1] !== STX) {
        buf = [];
      } else if (b === ETX) {
        const body = buf.slice(2, -1);
        buf = [];
        record(body);
      }
    }
  };

  return protocol === 'toledo8217' ? toledo : dialog;
}
