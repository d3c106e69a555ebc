/**
 * The till's devices as the settings describe them: what is configured, how to
 * change it (`kassa devices set`), a test of each with a verdict a person can act
 * on (`kassa devices test`), and the open set of drivers the checkout and
 * `kassa sell` use. Devices fail on their own: nothing here throws into a sale.
 */
import { formatAddress, parseAddress, type DeviceAddress, type SerialAddress } from '../core/device-address.js';
import { KassaError, asKassaError, isKassaError } from '../core/errors.js';
import { formatAmount } from '../core/money.js';
import { formatQuantity } from '../core/quantity.js';
import type { DisplayProtocol, ScaleProtocol, Settings } from '../core/settings.js';
import { CustomerDisplay } from '../devices/display/driver.js';
import { createPrinter, type DrawerPulse, type PrintDocument, type PrintLine, type ReceiptPrinter } from '../devices/printer/driver.js';
import { describeStatus } from '../devices/printer/status.js';
import { createPaymentTerminal } from '../devices/payment-terminal/index.js';
import { ZvtTerminal } from '../devices/payment-terminal/zvt/driver.js';
import { Scale } from '../devices/scale/driver.js';
import { SerialScanner } from '../devices/scanner/scanner.js';
import { createTransport } from '../devices/transport/index.js';
import { loadSettings, setConfig } from './config.js';
import type { Ctx } from './context.js';

export const DEVICE_NAMES = ['printer', 'drawer', 'display', 'scanner', 'terminal', 'scale'] as const;
export type DeviceName = (typeof DEVICE_NAMES)[number];

export function isDeviceName(s: string): s is DeviceName {
  return (DEVICE_NAMES as readonly string[]).includes(s);
}

export interface DeviceEntry {
  device: DeviceName;
  configured: boolean;
  /** `tcp://192.168.1.50:9100`, `serial:/dev/ttyUSB0?baud=9600`, `preview`, `simulator`, `none` */
  address: string;
  /** What else the device is set to: `width 42`, `protocol cd5220`… */
  options: Record<string, string | number>;
}

/** Serial settings a protocol needs unless the address says otherwise. */
export const SERIAL_DEFAULTS: Record<ScaleProtocol, Partial<SerialAddress>> = {
  toledo8217: { baudRate: 9600, dataBits: 7, parity: 'even', stopBits: 1 },
  dialog06: { baudRate: 9600, dataBits: 7, parity: 'odd', stopBits: 1 },
};

export function deviceList(settings: Settings): DeviceEntry[] {
  const printer = settings['printer.address'];
  const terminal = settings['terminal.driver'];
  return [
    { device: 'printer', configured: printer !== 'none', address: printer, options: { width: settings['printer.width'], codePage: settings['printer.codePage'] } },
    {
      device: 'drawer',
      configured: settings['drawer.kick'] === 'printer' && printer !== 'none',
      address: settings['drawer.kick'] === 'printer' ? (printer === 'none' ? 'none (no printer)' : 'printer') : 'none',
      options: { pin: settings['drawer.pin'], onMs: settings['drawer.onMs'], offMs: settings['drawer.offMs'] },
    },
    { device: 'display', configured: settings['display.address'] !== 'none', address: settings['display.address'], options: { protocol: settings['display.protocol'] } },
    { device: 'scanner', configured: settings['scanner.address'] !== 'none', address: settings['scanner.address'], options: {} },
    {
      device: 'terminal',
      configured: true,
      address: terminal === 'zvt' ? settings['terminal.address'] || 'zvt (no address)' : terminal,
      options: terminal === 'simulator' ? { outcome: settings['terminal.simulator.outcome'] } : { timeoutSeconds: settings['terminal.timeoutSeconds'] },
    },
    {
      device: 'scale',
      configured: settings['scale.address'] !== 'none',
      address: settings['scale.address'] === 'none' ? 'none' : formatAddress(scaleAddress(settings)),
      options: { protocol: settings['scale.protocol'], minGrams: settings['scale.minGrams'] },
    },
  ];
}

export interface DeviceOptions {
  width?: string;
  codePage?: string;
  protocol?: string;
  pin?: string;
  onMs?: string;
  offMs?: string;
  password?: string;
}

/**
 * Point a device at an address, with its options, as one change (journaled per
 * setting, all or nothing). `none` removes it.
 */
export function setDevice(ctx: Ctx, device: DeviceName, address: string, opts: DeviceOptions = {}): DeviceEntry {
  const changes: [string, string][] = [];
  const a = address.trim();
  const refuse = (option: string) => {
    throw new KassaError('USAGE', `--${option} does not apply to the ${device}`, `see kassa devices set --help`);
  };
  const allowed: Record<DeviceName, (keyof DeviceOptions)[]> = {
    printer: ['width', 'codePage'],
    drawer: ['pin', 'onMs', 'offMs'],
    display: ['protocol'],
    scanner: [],
    terminal: ['password'],
    scale: ['protocol'],
  };
  for (const k of Object.keys(opts) as (keyof DeviceOptions)[]) {
    if (opts[k] !== undefined && !allowed[device].includes(k)) refuse(k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  }
  switch (device) {
    case 'printer':
      changes.push(['printer.address', a]);
      if (opts.width !== undefined) changes.push(['printer.width', opts.width]);
      if (opts.codePage !== undefined) changes.push(['printer.codePage', opts.codePage]);
      break;
    case 'drawer':
      if (a !== 'printer' && a !== 'none') {
        throw new KassaError('INVALID_DEVICE', `the drawer is kicked through the printer: "${a}" is not printer or none`, 'kassa devices set drawer printer --pin 2 --on-ms 100 --off-ms 200');
      }
      changes.push(['drawer.kick', a]);
      if (opts.pin !== undefined) changes.push(['drawer.pin', opts.pin]);
      if (opts.onMs !== undefined) changes.push(['drawer.onMs', opts.onMs]);
      if (opts.offMs !== undefined) changes.push(['drawer.offMs', opts.offMs]);
      break;
    case 'display':
      changes.push(['display.address', a]);
      if (opts.protocol !== undefined) changes.push(['display.protocol', opts.protocol]);
      break;
    case 'scanner':
      changes.push(['scanner.address', a]);
      break;
    case 'scale':
      // Stored as written: what it leaves out (7E1 for an 8217) follows the protocol when the scale opens.
      changes.push(['scale.address', a]);
      if (opts.protocol !== undefined) changes.push(['scale.protocol', opts.protocol]);
      break;
    case 'terminal':
      // No terminal connected to the till: the standalone kind, where the cashier confirms.
      if (a === 'none') changes.push(['terminal.driver', 'manual']);
      else if (a === 'manual' || a === 'simulator') changes.push(['terminal.driver', a]);
      else if (a.startsWith('zvt:')) {
        changes.push(['terminal.address', a], ['terminal.driver', 'zvt']);
      } else {
        throw new KassaError('INVALID_DEVICE', `"${a}" is not a card terminal address`, 'zvt://192.168.1.60:20007, simulator, or manual / none (a standalone terminal: the cashier confirms)');
      }
      if (opts.password !== undefined) changes.push(['terminal.password', opts.password]);
      break;
  }
  ctx.db.transaction(() => {
    for (const [k, v] of changes) setConfig(ctx, k, v);
  }).immediate();
  return deviceList(loadSettings(ctx)).find((d) => d.device === device)!;
}


export function drawerPulse(settings: Settings): DrawerPulse {
  return { pin: settings['drawer.pin'], onMs: settings['drawer.onMs'], offMs: settings['drawer.offMs'] };
}

/** Options for opening the printer: where the preview printer writes. */
export interface OpenOptions {
  previewFile?: string;
}

/** The receipt printer of the settings, or null when there is none. */
export function openPrinter(settings: Settings, opts: OpenOptions = {}): ReceiptPrinter | null {
  const address = parseAddress(settings['printer.address']);
  if (address.kind === 'none') return null;
  return createPrinter(address, {
    width: settings['printer.width'],
    codePage: settings['printer.codePage'],
    askStatus: settings['printer.askStatus'],
    ...(opts.previewFile ? { preview: { file: opts.previewFile } } : {}),
  });
}

export function openDisplay(settings: Settings): CustomerDisplay | null {
  const address = parseAddress(settings['display.address']);
  if (address.kind === 'none') return null;
  return new CustomerDisplay(createTransport(address, { reconnect: true }), settings['display.protocol'] as DisplayProtocol);
}

/** The scale's address with the framing its protocol implies where the address says nothing. */
export function scaleAddress(settings: Settings): DeviceAddress {
  return parseAddress(settings['scale.address'], SERIAL_DEFAULTS[settings['scale.protocol']]);
}

export function openScale(settings: Settings): Scale | null {
  const address = scaleAddress(settings);
  if (address.kind === 'none') return null;
  return new Scale(createTransport(address, { reconnect: true }), settings['scale.protocol'], { minGrams: settings['scale.minGrams'] });
}

export function openScanner(settings: Settings): SerialScanner | null {
  const address = parseAddress(settings['scanner.address']);
  if (address.kind === 'none') return null;
  return new SerialScanner(createTransport(address, { reconnect: true }));
}

export interface TestResult {
  device: DeviceName;
  ok: boolean;
  address: string;
  /** What happened, for a person: "printed a test receipt", "no answer within 3 s". */
  message: string;
  hint?: string;
  code?: string;
  /** What the device gave back: the scanned code, the weight, the preview text. */
  detail?: string[];
}

export interface TestOptions extends OpenOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Said before a test that waits for a person (scan a barcode, put something on the scale). */
  onWaiting?: (message: string) => void;
}

/** Try a device for real: print, kick, show, wait for a scan, ask the terminal, read the scale. */
export async function testDevice(ctx: Ctx, device: DeviceName, opts: TestOptions = {}): Promise<TestResult> {
  const settings = loadSettings(ctx);
  const entry = deviceList(settings).find((d) => d.device === device)!;
  const io = { timeoutMs: opts.timeoutMs ?? 5000, ...(opts.signal ? { signal: opts.signal } : {}) };
  const result = (ok: boolean, message: string, extra: Partial<TestResult> = {}): TestResult => ({ device, ok, address: entry.address, message, ...extra });
  const failed = (e: unknown): TestResult => {
    const err = asKassaError(e);
    return result(false, withoutAddress(err.message), { code: err.code, ...(err.hint ? { hint: err.hint } : {}) });
  };
  if (!entry.configured) {
    return result(false, `no ${device} is configured`, { code: 'DEVICE_NOT_CONFIGURED', hint: setHint(device) });
  }
  try {
    switch (device) {
      case 'printer': {
        const printer = openPrinter(settings, opts)!;
        try {
          const status = await printer.status(io).catch((e: unknown) => (isKassaError(e) && e.code === 'DEVICE_FAILED' ? null : Promise.reject(e)));
          await printer.print(testReceipt(settings), io);
          const detail = printer.driver === 'preview' ? printer.lastPage?.() : undefined;
          return result(true, `printed a test receipt${status ? '' : ' (this connection cannot report paper or cover status)'}`, detail ? { detail } : {});
        } finally {
          await printer.close();
        }
      }
      case 'drawer': {
        const printer = openPrinter(settings, opts)!;
        try {
          await printer.kickDrawer(drawerPulse(settings), io);
          const status = await printer.status(io).catch(() => null);
          const state = status?.drawerOpen === true ? ' — the printer reports it open' : status?.drawerOpen === false ? ' — the printer still reports it closed: check the cable and drawer.pin' : '';
          return result(true, `kicked the drawer (pin ${settings['drawer.pin']}, ${settings['drawer.onMs']}/${settings['drawer.offMs']} ms)${state}`);
        } finally {
          await printer.close();
        }
      }
      case 'display': {
        const display = openDisplay(settings)!;
        try {
          const lines: [string, string] = ['Kassa display test', '0123456789ABCDEFGHIJ'];
          await display.show(lines, io);
          return result(true, 'showed a test text: the display should read', { detail: lines });
        } finally {
          await display.close();
        }
      }
      case 'scanner': {
        const scanner = openScanner(settings)!;
        try {
          const status = await scanner.start();
          if (!status.connected) return failed(status.error ?? new KassaError('DEVICE_UNREACHABLE', status.message));
          opts.onWaiting?.('scan a barcode…');
          // A misread (wrong check digit) is an answer too: the scanner works, the code was not read right.
          let misread: { code: string; reason: string } | null = null;
          const onRejected = (code: string, reason: string) => {
            misread = { code, reason };
            ctl.abort();
          };
          const ctl = new AbortController();
          const onOuterAbort = () => ctl.abort();
          opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
          scanner.on('rejected', onRejected);
          try {
            const code = await scanner.waitForScan({ timeoutMs: opts.timeoutMs ?? 30_000, signal: ctl.signal });
            return result(true, `read a scan: ${code}`, { detail: [code] });
          } catch (e) {
            const m = misread as { code: string; reason: string } | null;
            if (m) return result(false, `the scanner sent ${m.code}, which is not a valid code: ${m.reason}`, { code: 'INVALID_GTIN', hint: 'scan again; if it keeps happening, check the scanner\'s symbology settings and the baud rate', detail: [m.code] });
            throw e;
          } finally {
            scanner.off('rejected', onRejected);
            opts.signal?.removeEventListener('abort', onOuterAbort);
          }
        } finally {
          await scanner.stop();
        }
      }
      case 'terminal': {
        const driver = settings['terminal.driver'];
        if (driver !== 'zvt') {
          return result(true, `${driver}: nothing to connect to (${driver === 'manual' ? 'the cashier confirms each card payment on the till' : `payments are simulated: ${settings['terminal.simulator.outcome']}`})`);
        }
        const t = createPaymentTerminal(settings, { confirm: async () => ({ approved: false }) as never }) as ZvtTerminal;
        try {
          const status = await t.statusEnquiry(io);
          return result(true, `the terminal answered a status enquiry`, { detail: status.lines });
        } finally {
          await t.close();
        }
      }
      case 'scale': {
        const scale = openScale(settings)!;
        try {
          opts.onWaiting?.('put something on the scale…');
          // Give the goods a moment to settle before calling the reading unsteady.
          const w = await scale.readWeight({ ...io, timeoutMs: Math.max(io.timeoutMs, 5000), waitStableMs: 3000 });
          return result(true, `read ${formatQuantity(w.grams, settings.locale)} kg`, { detail: [`${w.grams} g`] });
        } finally {
          await scale.close();
        }
      }
    }
  } catch (e) {
    return failed(e);
  }
}

function setHint(device: DeviceName): string {
  const examples: Record<DeviceName, string> = {
    printer: 'kassa devices set printer tcp://192.168.1.50:9100 --width 42 (or file:/dev/usb/lp0, or preview)',
    drawer: 'kassa devices set drawer printer --pin 2 (the drawer is kicked through the printer: set a printer first)',
    display: 'kassa devices set display serial:/dev/ttyS1 --protocol epson',
    scanner: 'kassa devices set scanner serial:/dev/ttyUSB0?baud=9600 (keyboard-wedge scanners need nothing)',
    terminal: 'kassa devices set terminal zvt://192.168.1.60:20007',
    scale: 'kassa devices set scale serial:/dev/ttyUSB1 --protocol toledo8217',
  };
  return examples[device];
}

/** A test page: the code page (€ and accents), the widths, a barcode and a cut. */
export function testReceipt(settings: Settings): PrintDocument {
  const w = settings['printer.width'];
  const ruler = '1234567890'.repeat(5).slice(0, w);
  const lines: PrintLine[] = [
      { text: settings['store.name'], bold: true, align: 'center' },
      { text: 'Kassa printer test', align: 'center' },
      { text: '-'.repeat(w) },
      { text: ruler },
      { text: `${w} columns, code page ${settings['printer.codePage']}` },
      { text: `Euro ${formatAmount(1234, settings.locale)} € · Crème brûlée · Käse · Façade` },
      { text: '-'.repeat(w) },
  ];
  return {
    lines: lines.map((l) => ({ ...l, text: l.text.slice(0, w) })),
    barcode: 'TEST-0001',
    cut: true,
  };
}

/** The device's messages start with its address; where the address is shown beside them, once is enough. */
function withoutAddress(message: string): string {
  return message.replace(/^(?:(?:tcp|zvt):\/\/\S+|(?:serial|file):\S+): /, '');
}

/** Where the preview printer of the store at `dbPath` writes: beside the database. */
export function previewFileOf(dbPath: string): string {
  return dbPath.replace(/(\.db|\.sqlite3?)?$/, '-printer.txt');
}

export interface DeviceStatus extends DeviceEntry {
  /** ok: answered; unknown: nothing to ask; failed: see message. */
  status: 'ok' | 'failed' | 'unknown' | 'none';
  message: string;
  hint?: string;
}

/** What `kassa devices list` shows: each device with a quick look (a status request, the port exists, the host answers). */
export async function deviceStatuses(ctx: Ctx, opts: OpenOptions & { probe?: boolean; timeoutMs?: number } = {}): Promise<DeviceStatus[]> {
  const settings = loadSettings(ctx);
  const io = { timeoutMs: opts.timeoutMs ?? 1500 };
  return Promise.all(
    deviceList(settings).map(async (d): Promise<DeviceStatus> => {
      if (!d.configured) return { ...d, status: 'none', message: 'not configured' };
      if (opts.probe === false) return { ...d, status: 'unknown', message: '' };
      try {
        return { ...d, ...(await probe(settings, d, io, opts)) };
      } catch (e) {
        const err = asKassaError(e);
        return { ...d, status: 'failed', message: withoutAddress(err.message), ...(err.hint ? { hint: err.hint } : {}) };
      }
    }),
  );
}

async function probe(settings: Settings, d: DeviceEntry, io: { timeoutMs: number }, opts: OpenOptions): Promise<Pick<DeviceStatus, 'status' | 'message'>> {
  switch (d.device) {
    case 'printer':
    case 'drawer': {
      const printer = openPrinter(settings, opts)!;
      try {
        const s = await printer.status(io).catch((e: unknown) => {
          // A device file answers no status: that it opens is all we can know.
          if (isKassaError(e) && e.code === 'DEVICE_FAILED') return null;
          throw e;
        });
        if (!s) return { status: 'unknown', message: printer.driver === 'preview' ? 'preview: receipts go to a text file' : 'no status from this connection' };
        if (d.device === 'drawer') return { status: 'ok', message: s.drawerOpen === null ? '' : s.drawerOpen ? 'open' : 'closed' };
        // The drawer has its own row.
        const words = describeStatus({ ...s, drawerOpen: null }, 'en');
        return { status: s.online && !s.paperOut && !s.coverOpen && !s.error ? 'ok' : 'failed', message: words };
      } finally {
        await printer.close();
      }
    }
    case 'terminal':
      if (settings['terminal.driver'] !== 'zvt') return { status: 'ok', message: '' };
      {
        const a = parseAddress(settings['terminal.address'] || 'none');
        if (a.kind !== 'zvt') return { status: 'failed', message: 'no address: kassa devices set terminal zvt://HOST:20007' };
        const t = createTransport(a, {});
        try {
          await t.open(io);
          return { status: 'ok', message: 'reachable' };
        } finally {
          await t.close();
        }
      }
    default: {
      const a = parseAddress(d.address);
      if (a.kind !== 'serial') return { status: 'unknown', message: '' };
      const t = createTransport(a, {});
      try {
        await t.open(io);
        return { status: 'ok', message: 'port opens' };
      } finally {
        await t.close();
      }
    }
  }
}
