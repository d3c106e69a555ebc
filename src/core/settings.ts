import { KassaError } from './errors.js';
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
  'discount.approvalAbovePercent': number;
}

export const TERMINAL_DRIVERS = ['manual', 'simulator'] as const;
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
    description: 'the card terminal: manual (a standalone terminal, the cashier confirms) or simulator (demo and tests)',
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
