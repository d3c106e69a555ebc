import { KassaError } from './errors.js';
import { parseAddress, formatAddress, type AddressKind } from './device-address.js';
import { LOCALES, type Locale } from './money.js';

/**
 * The store's settings: their keys, defaults and validation. Values are
 * stored as JSON in `settings`; VAT rates (`vat.<code>`) live in their own table.
 */
export interface Settings {
  'store.name': string;
  'store.address': string;
  'store.vatNumber': string;
  'store.iban': string;
  currency: string;
  locale: Locale;
  cashRounding: number;
  businessDayStartHour: number;
  'receipt.header': string;
  'receipt.footer': string;
  'register.id': string;
  'prices.includeVat': boolean;
  'terminal.driver': TerminalDriver;
  'terminal.simulator.outcome': SimulatorOutcome;
  'terminal.timeoutSeconds': number;
  'terminal.address': string;
  'terminal.password': string;
  'printer.address': string;
  'printer.width': PaperWidth;
  'printer.codePage': number;
  'printer.retrySeconds': number;
  'printer.askStatus': boolean;
  'receipt.qr': string;
  'drawer.kick': DrawerKick;
  'drawer.pin': DrawerPin;
  'drawer.onMs': number;
  'drawer.offMs': number;
  'display.address': string;
  'display.protocol': DisplayProtocol;
  'scanner.address': string;
  'scale.address': string;
  'scale.protocol': ScaleProtocol;
  'scale.minGrams': number;
  'discount.approvalAbovePercent': number;
}

export const TERMINAL_DRIVERS = ['manual', 'simulator', 'zvt'] as const;
export const PAPER_WIDTHS = [32, 42, 48] as const;
export type PaperWidth = (typeof PAPER_WIDTHS)[number];
export const DRAWER_KICKS = ['printer', 'none'] as const;
export type DrawerKick = (typeof DRAWER_KICKS)[number];
export const DRAWER_PINS = [2, 5] as const;
export type DrawerPin = (typeof DRAWER_PINS)[number];
export const DISPLAY_PROTOCOLS = ['epson', 'cd5220'] as const;
export type DisplayProtocol = (typeof DISPLAY_PROTOCOLS)[number];
export const SCALE_PROTOCOLS = ['toledo8217', 'dialog06'] as const;
export type ScaleProtocol = (typeof SCALE_PROTOCOLS)[number];

/** The address kinds each device accepts (src/core/device-address.ts). */
export const DEVICE_ADDRESS_KINDS = {
  printer: ['tcp', 'file', 'serial', 'preview', 'none'],
  display: ['serial', 'tcp', 'none'],
  scanner: ['serial', 'none'],
  scale: ['serial', 'none'],
  terminal: ['zvt'],
} as const satisfies Record<string, readonly AddressKind[]>;
export type TerminalDriver = (typeof TERMINAL_DRIVERS)[number];
export const SIMULATOR_OUTCOMES = ['approve', 'decline', 'cancel', 'timeout'] as const;
export type SimulatorOutcome = (typeof SIMULATOR_OUTCOMES)[number];
export type SettingKey = keyof Settings;

interface SettingDef<K extends SettingKey> {
  description: string;
  default: Settings[K];
  /** Parse and validate text from the command line; throw with what is valid. */
  parse(text: string): Settings[K];
  valid: string; // what a person may write, for error messages and help
}

const CASH_ROUNDING_STEPS = [1, 2, 5, 10, 20, 50, 100];
const CURRENCIES = ['EUR'];

function text(max: number): (s: string) => string {
  return (s) => {
    if (s.length > max) throw new Error(`at most ${max} characters`);
    // The shell cannot pass a newline easily: `\n` stands for one.
    return s.replace(/\\n/g, '\n');
  };
}

function oneOf<T extends string | number>(values: readonly T[], parse: (s: string) => T): (s: string) => T {
  return (s) => {
    const v = parse(s);
    if (!values.includes(v)) throw new Error(`must be one of ${values.join(', ')}`);
    return v;
  };
}

const YES = ['true', 'yes', 'ja'];
const NO = ['false', 'no', 'nee'];

function yesNo(s: string): boolean {
  const v = s.trim().toLowerCase();
  if (YES.includes(v)) return true;
  if (NO.includes(v)) return false;
  throw new Error(`must be one of ${[...YES, ...NO].join(', ')}`);
}

function integer(s: string): number {
  if (!/^-?\d+$/.test(s.trim())) throw new Error('must be a whole number');
  return Number(s.trim());
}

function pulseMs(s: string): number {
  const v = integer(s);
  if (v < 2 || v > 510) throw new Error('must be from 2 to 510');
  if (v % 2 !== 0) throw new Error('must be even (the printer counts in steps of 2 ms)');
  return v;
}

/** A device address setting: parsed, checked against what the device accepts, stored in canonical form. */
function deviceAddress(device: keyof typeof DEVICE_ADDRESS_KINDS): (s: string) => string {
  return (s) => {
    let a;
    try {
      a = parseAddress(s);
    } catch (e) {
      throw new Error((e as Error).message.replace(/^device address "[^"]*": /, 'is not an address: '));
    }
    const kinds: readonly string[] = DEVICE_ADDRESS_KINDS[device];
    if (!kinds.includes(a.kind)) throw new Error(`cannot be a ${device} (${a.kind}); a ${device} can be: ${kinds.join(', ')}`);
    return formatAddress(a);
  };
}

export const SETTINGS: { [K in SettingKey]: SettingDef<K> } = {
  'store.name': {
    description: 'the shop name on receipts and reports',
    default: 'Kassa',
    valid: 'any name, 1 to 100 characters',
    parse: (s) => {
      if (!s.trim()) throw new Error('must not be empty');
      return text(100)(s.trim());
    },
  },
  'store.address': {
    description: 'address lines on receipts (\\n between lines)',
    default: '',
    valid: 'text, lines separated by \\n',
    parse: text(300),
  },
  'store.vatNumber': {
    description: 'VAT identification number on receipts',
    default: '',
    valid: 'an EU VAT number such as NL123456789B01, or empty',
    parse: (s) => {
      const v = s.replace(/[\s.]/g, '').toUpperCase();
      if (v === '') return '';
      if (!/^[A-Z]{2}[0-9A-Z+*]{2,13}$/.test(v)) throw new Error('is not a VAT number');
      return v;
    },
  },
  'store.iban': {
    description: 'the account for QR (EPC) payments',
    default: '',
    valid: 'an IBAN such as NL91ABNA0417164300, or empty',
    parse: (s) => {
      const v = s.replace(/\s/g, '').toUpperCase();
      if (v === '') return '';
      if (!isValidIban(v)) throw new Error('is not a valid IBAN (check digits do not match)');
      return v;
    },
  },
  currency: {
    description: 'the currency of all amounts',
    default: 'EUR',
    valid: CURRENCIES.join(', '),
    parse: oneOf(CURRENCIES, (s) => s.trim().toUpperCase()),
  },
  locale: {
    description: 'language and number format of receipts and screens',
    default: 'nl-NL',
    valid: LOCALES.join(', '),
    parse: oneOf(LOCALES, (s) => s.trim() as Locale),
  },
  cashRounding: {
    description: 'cash payments are rounded to this step in cents (5 in the Netherlands, 1 = none)',
    default: 5,
    valid: CASH_ROUNDING_STEPS.join(', '),
    parse: oneOf(CASH_ROUNDING_STEPS, integer),
  },
  businessDayStartHour: {
    description: 'hour at which a new business day starts (late sales count for the day before)',
    default: 4,
    valid: 'a whole hour from 0 to 23',
    parse: (s) => {
      const h = integer(s);
      if (h < 0 || h > 23) throw new Error('must be from 0 to 23');
      return h;
    },
  },
  'receipt.header': {
    description: 'extra text at the top of every receipt',
    default: '',
    valid: 'text, lines separated by \\n',
    parse: text(500),
  },
  'receipt.footer': {
    description: 'text at the bottom of every receipt',
    default: 'Bedankt en tot ziens!',
    valid: 'text, lines separated by \\n',
    parse: text(500),
  },
  'register.id': {
    description: 'this till: receipt numbers run per register (R1-000123)',
    default: '1',
    valid: '1 to 8 letters or digits',
    parse: (s) => {
      const v = s.trim();
      if (!/^[A-Za-z0-9]{1,8}$/.test(v)) throw new Error('must be 1 to 8 letters or digits');
      return v;
    },
  },
  'prices.includeVat': {
    description: 'prices include VAT (true, EU retail); false: prices are net and VAT is added per rate on the receipt',
    default: true,
    valid: [...YES, ...NO].join(', '),
    parse: yesNo,
  },
  'terminal.driver': {
    description: 'the card terminal: manual (a standalone terminal, the cashier confirms), simulator (demo and tests) or zvt (terminal.address)',
    default: 'manual',
    valid: TERMINAL_DRIVERS.join(', '),
    parse: oneOf(TERMINAL_DRIVERS, (s) => s.trim() as TerminalDriver),
  },
  'terminal.simulator.outcome': {
    description: 'what the simulator terminal answers to the next payments',
    default: 'approve',
    valid: SIMULATOR_OUTCOMES.join(', '),
    parse: oneOf(SIMULATOR_OUTCOMES, (s) => s.trim() as SimulatorOutcome),
  },
  'terminal.timeoutSeconds': {
    description: 'how long to wait for the card terminal before giving up',
    default: 90,
    valid: 'a whole number of seconds from 1 to 600',
    parse: (s) => {
      const v = integer(s);
      if (v < 1 || v > 600) throw new Error('must be from 1 to 600');
      return v;
    },
  },
  'terminal.address': {
    description: 'where the ZVT card terminal listens (terminal.driver zvt)',
    default: '',
    valid: 'zvt://HOST:PORT such as zvt://192.168.1.60:20007, or empty',
    parse: (s) => (s.trim() === '' ? '' : deviceAddress('terminal')(s)),
  },
  'terminal.password': {
    description: "the ZVT terminal's 6-digit password (registration and reversals)",
    default: '000000',
    valid: 'six digits',
    parse: (s) => {
      if (!/^\d{6}$/.test(s.trim())) throw new Error('must be six digits');
      return s.trim();
    },
  },
  'printer.address': {
    description: 'the receipt printer (ESC/POS): tcp://HOST:9100, file:/dev/usb/lp0, serial:PATH, preview (text on screen) or none',
    default: 'none',
    valid: 'tcp://HOST:PORT, file:PATH, serial:PATH?baud=N, preview, none',
    parse: deviceAddress('printer'),
  },
  'printer.width': {
    description: 'characters per line of the receipt paper (58 mm: 32; 80 mm: 42 or 48)',
    default: 42,
    valid: PAPER_WIDTHS.join(', '),
    parse: oneOf(PAPER_WIDTHS, (s) => integer(s) as PaperWidth),
  },
  'printer.codePage': {
    description: "the printer's number for code page PC858 (with the euro sign) in ESC t n: 19 on Epson, other numbers on some clones",
    default: 19,
    valid: 'a whole number from 0 to 255',
    parse: (s) => {
      const v = integer(s);
      if (v < 0 || v > 255) throw new Error('must be from 0 to 255');
      return v;
    },
  },
  'printer.retrySeconds': {
    description: 'how often a receipt that failed to print is tried again',
    default: 10,
    valid: 'a whole number of seconds from 1 to 3600',
    parse: (s) => {
      const v = integer(s);
      if (v < 1 || v > 3600) throw new Error('must be from 1 to 3600');
      return v;
    },
  },
  'printer.askStatus': {
    description: 'ask the printer for paper and cover status (DLE EOT) before each receipt; false for printers that never answer',
    default: true,
    valid: [...YES, ...NO].join(', '),
    parse: yesNo,
  },
  'receipt.qr': {
    description: 'a QR code at the bottom of printed receipts; {receipt} is replaced by the receipt number (empty: none)',
    default: '',
    valid: 'text or a URL such as https://shop.example/bon/{receipt}, up to 200 characters, or empty',
    parse: text(200),
  },
  'drawer.kick': {
    description: 'how the cash drawer is opened: through the printer (ESC p) or none',
    default: 'printer',
    valid: DRAWER_KICKS.join(', '),
    parse: oneOf(DRAWER_KICKS, (s) => s.trim() as DrawerKick),
  },
  'drawer.pin': {
    description: 'the drawer connector pin the printer pulses (2 or 5)',
    default: 2,
    valid: DRAWER_PINS.join(', '),
    parse: oneOf(DRAWER_PINS, (s) => integer(s) as DrawerPin),
  },
  'drawer.onMs': {
    description: 'how long the drawer pulse is on, in milliseconds (sent in steps of 2 ms)',
    default: 100,
    valid: 'an even number of milliseconds from 2 to 510',
    parse: pulseMs,
  },
  'drawer.offMs': {
    description: 'the pause after the drawer pulse, in milliseconds (sent in steps of 2 ms)',
    default: 200,
    valid: 'an even number of milliseconds from 2 to 510',
    parse: pulseMs,
  },
  'display.address': {
    description: 'the customer display (2×20 VFD): serial:PATH?baud=9600 or none',
    default: 'none',
    valid: 'serial:PATH?baud=N, tcp://HOST:PORT, none',
    parse: deviceAddress('display'),
  },
  'display.protocol': {
    description: "the customer display's command set",
    default: 'epson',
    valid: DISPLAY_PROTOCOLS.join(', '),
    parse: oneOf(DISPLAY_PROTOCOLS, (s) => s.trim() as DisplayProtocol),
  },
  'scanner.address': {
    description: 'a serial barcode scanner: serial:PATH?baud=9600 or none (keyboard-wedge scanners need nothing)',
    default: 'none',
    valid: 'serial:PATH?baud=N, none',
    parse: deviceAddress('scanner'),
  },
  'scale.address': {
    description: "the scale for weighed products: serial:PATH or none; what the address leaves out comes from the protocol (8217: 9600 7E1, Dialog 06: 9600 7O1)",
    default: 'none',
    valid: 'serial:PATH?baud=N&dataBits=7&parity=even, none',
    // Kept as written: a framing it does not spell out follows scale.protocol, also when that changes later.
    parse: (s) => (deviceAddress('scale')(s), s.trim()),
  },
  'scale.protocol': {
    description: "the scale's protocol: toledo8217 (Mettler-Toledo 8217, 9600 7E1) or dialog06 (Bizerba, Mettler, Dibal)",
    default: 'toledo8217',
    valid: SCALE_PROTOCOLS.join(', '),
    parse: oneOf(SCALE_PROTOCOLS, (s) => s.trim() as ScaleProtocol),
  },
  'scale.minGrams': {
    description: "the smallest weight that may be sold, in grams: the scale's legal minimum (20 divisions: 40 g for a 2 g scale)",
    default: 40,
    valid: 'a whole number of grams from 0 to 10000',
    parse: (s) => {
      const v = integer(s);
      if (v < 0 || v > 10000) throw new Error('must be from 0 to 10000');
      return v;
    },
  },
  'discount.approvalAbovePercent': {
    description: 'discounts above this percentage of the line or sale need a manager',
    default: 10,
    valid: 'a whole percentage from 0 to 100',
    parse: (s) => {
      const v = integer(s.replace(/\s*%$/, ''));
      if (v < 0 || v > 100) throw new Error('must be from 0 to 100');
      return v;
    },
  },
};

export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

export function parseSetting<K extends SettingKey>(key: K, value: string): Settings[K] {
  const def = SETTINGS[key];
  try {
    return def.parse(value);
  } catch (e) {
    throw new KassaError('INVALID_SETTING', `${key}: "${value}" ${(e as Error).message}`, `valid: ${def.valid}`);
  }
}

export function defaultSettings(): Settings {
  const out = {} as Record<string, unknown>;
  for (const k of SETTING_KEYS) out[k] = SETTINGS[k].default;
  return out as unknown as Settings;
}

/** ISO 13616 mod-97 check. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : ch;
    for (const d of digits) rem = (rem * 10 + (d.charCodeAt(0) - 48)) % 97;
  }
  return rem === 1;
}

/** VAT rates are settings too: `vat.high 21`, `vat.exempt exempt`. */
export const VAT_KEY = /^vat\.([a-z][a-z0-9-]{0,19})$/;

export function parseVatPercent(key: string, value: string): number | null {
  const v = value.trim().replace(/\s*%$/, '').replace(',', '.');
  if (v.toLowerCase() === 'exempt') return null;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(v)) {
    throw new KassaError('INVALID_SETTING', `${key}: "${value}" is not a VAT percentage`, 'valid: a percentage from 0 to 100 with up to 2 decimals (21, 9, 5.5), or exempt');
  }
  const [whole, frac = ''] = v.split('.');
  const bp = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  if (bp > 10000) throw new KassaError('INVALID_SETTING', `${key}: "${value}" is more than 100 %`, 'valid: 0 to 100, or exempt');
  return bp;
}

export function formatBp(bp: number | null): string {
  if (bp === null) return 'exempt';
  const whole = Math.trunc(bp / 100);
  const frac = bp % 100;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}
