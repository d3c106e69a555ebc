/**
 * Device addresses as an admin writes them (`kassa devices set printer tcp://192.168.1.50:9100`):
 *
 *   tcp://HOST[:PORT]                   a network device (printers: port 9100)
 *   zvt://HOST[:PORT]                   a ZVT card terminal over TCP (port 20007)
 *   file:/dev/usb/lp0                   a device file (USB printer)
 *   serial:/dev/ttyUSB0[?baud=9600&dataBits=7&parity=even&stopBits=1]
 *   preview | simulator | manual | none   drivers without an address
 */
import { KassaError } from './errors.js';

export type Parity = 'none' | 'even' | 'odd';

export interface SerialAddress {
  kind: 'serial';
  path: string;
  baudRate: number;
  dataBits: 7 | 8;
  parity: Parity;
  stopBits: 1 | 2;
}

export type DeviceAddress =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'zvt'; host: string; port: number }
  | { kind: 'file'; path: string }
  | SerialAddress
  | { kind: 'preview' }
  | { kind: 'simulator' }
  | { kind: 'manual' }
  | { kind: 'none' };

export type AddressKind = DeviceAddress['kind'];

export const DEFAULT_PORTS = { tcp: 9100, zvt: 20007 } as const;
const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200];

export interface SerialDefaults {
  baudRate: number;
  dataBits: 7 | 8;
  parity: Parity;
  stopBits: 1 | 2;
}
const SERIAL_DEFAULTS: SerialDefaults = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

const EXAMPLES = 'tcp://192.168.1.50:9100, file:/dev/usb/lp0, serial:/dev/ttyUSB0?baud=9600, zvt://192.168.1.60:20007, preview, simulator, none';

function invalid(text: string, why: string): KassaError {
  return new KassaError('INVALID_DEVICE', `device address "${text}": ${why}`, `examples: ${EXAMPLES}`);
}

/**
 * Parse an address. `serialDefaults` fills what a serial address leaves out (a
 * Mettler-Toledo 8217 scale talks 9600 7E1 unless told otherwise).
 */
export function parseAddress(text: string, serialDefaults: Partial<SerialDefaults> = {}): DeviceAddress {
  const t = text.trim();
  if (t === 'preview' || t === 'simulator' || t === 'manual' || t === 'none') return { kind: t };
  const m = /^([a-z]+):(.*)$/.exec(t);
  if (!m) throw invalid(t, 'not an address');
  const [, scheme, rest] = m as unknown as [string, string, string];
  switch (scheme) {
    case 'tcp':
    case 'zvt': {
      const hp = /^\/\/(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(rest);
      if (!hp) throw invalid(t, `expected ${scheme}://HOST:PORT`);
      const host = hp[1]!.replace(/^\[|\]$/g, '');
      const port = hp[2] === undefined ? DEFAULT_PORTS[scheme] : Number(hp[2]);
      if (port < 1 || port > 65535) throw invalid(t, 'the port must be from 1 to 65535');
      return { kind: scheme, host, port };
    }
    case 'file': {
      const path = rest.replace(/^\/\/(?=\/)/, '');
      if (!path.startsWith('/')) throw invalid(t, 'expected file:/ and an absolute path such as file:/dev/usb/lp0');
      return { kind: 'file', path };
    }
    case 'serial': {
      const [pathPart, query = ''] = rest.replace(/^\/\/(?=\/)/, '').split('?', 2) as [string, string?];
      if (!pathPart.startsWith('/') && !/^COM\d+$/i.test(pathPart)) throw invalid(t, 'expected serial: and a device path such as serial:/dev/ttyUSB0');
      const a: SerialAddress = { kind: 'serial', path: pathPart, ...SERIAL_DEFAULTS, ...serialDefaults };
      for (const pair of query ? query.split('&') : []) {
        const [k, v = ''] = pair.split('=', 2) as [string, string?];
        switch (k) {
          case 'baud':
          case 'baudRate':
            if (!BAUD_RATES.includes(Number(v))) throw invalid(t, `baud must be one of ${BAUD_RATES.join(', ')}`);
            a.baudRate = Number(v);
            break;
          case 'dataBits':
          case 'bits':
            if (v !== '7' && v !== '8') throw invalid(t, 'dataBits must be 7 or 8');
            a.dataBits = Number(v) as 7 | 8;
            break;
          case 'parity':
            if (v !== 'none' && v !== 'even' && v !== 'odd') throw invalid(t, 'parity must be none, even or odd');
            a.parity = v;
            break;
          case 'stopBits':
            if (v !== '1' && v !== '2') throw invalid(t, 'stopBits must be 1 or 2');
            a.stopBits = Number(v) as 1 | 2;
            break;
          default:
            throw invalid(t, `unknown option "${k}" (baud, dataBits, parity, stopBits)`);
        }
      }
      return a;
    }
    default:
      throw invalid(t, `unknown kind "${scheme}:"`);
  }
}

/** The canonical text of an address: what `kassa devices list` shows and the settings store. */
export function formatAddress(a: DeviceAddress): string {
  switch (a.kind) {
    case 'tcp':
    case 'zvt':
      return `${a.kind}://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
    case 'file':
      return `file:${a.path}`;
    case 'serial': {
      const q = [`baud=${a.baudRate}`];
      if (a.dataBits !== 8) q.push(`dataBits=${a.dataBits}`);
      if (a.parity !== 'none') q.push(`parity=${a.parity}`);
      if (a.stopBits !== 1) q.push(`stopBits=${a.stopBits}`);
      return `serial:${a.path}?${q.join('&')}`;
    }
    default:
      return a.kind;
  }
}
