/**
 * `kassa devices …`, and the devices behind `kassa sell`, `kassa drawer open`
 * and `kassa receipt print`, from the command line: the built binary against
 * real stand-ins — a printer on 127.0.0.1, display, scale and scanner on socat
 * pseudo-terminals, a ZVT terminal simulator (issue 5).
 *
 * The binary runs as a child process that the test does not block on (see
 * `start`): the stand-ins live in this process and must answer while it runs.
 * An exit code a verb sets without throwing is checked with expect.soft, so a
 * wrong one fails the test and the rest of what the user sees is still checked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, type CliResult } from '../helpers/cli.js';
import { startDisplaySim, type VfdCommandSet } from '../helpers/display-sim.js';
import { actions, decodeEscPos, textLines, type EscPosOp } from '../helpers/escpos-decoder.js';
import { startScaleSim } from '../helpers/scale-sim.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';
import { tempDir } from '../helpers/store.js';
import { TcpTestPrinter } from '../helpers/tcp-printer.js';
import { startZvtSimulator, type ZvtSimulatorOptions } from '../helpers/zvt-simulator.js';

/** A command that has not exited by then is hanging (an open socket, a retry timer): the test fails. */
const EXIT_WITHIN_MS = 20_000;
/** Several commands per test on a loaded 2-core machine. */
const SLOW = 90_000;

const children = new Set<ChildProcess>();
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
  while (cleanup.length) await Promise.resolve(cleanup.pop()!()).catch(() => {});
});

interface Running {
  /** Everything written to stdout and stderr so far. */
  stdout(): string;
  stderr(): string;
  done: Promise<CliResult>;
}

/**
 * Start `kassa` without blocking this process (spawnSync would stop the
 * in-process printer, simulators and timers from answering). `done` rejects
 * when the process has not exited within EXIT_WITHIN_MS.
 */
function start(args: string[], opts: { input?: string } = {}): Running {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', KASSA_DB: '' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin.on('error', () => {});
  child.stdin.end(opts.input ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kassa ${args.join(' ')} did not exit within ${EXIT_WITHIN_MS / 1000} s\n--- stdout:\n${stdout}\n--- stderr:\n${stderr}`));
    }, EXIT_WITHIN_MS);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // 'close', not 'exit': all of stdout and stderr has been read by then.
    child.once('close', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
  // A test that fails before awaiting `done` must not also get an unhandled rejection.
  done.catch(() => {});
  return { stdout: () => stdout, stderr: () => stderr, done };
}

async function until(cond: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function parse<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n--- stderr:\n${r.stderr}`);
  }
}

const show = (r: CliResult): string => `exit ${r.code}\n--- stdout:\n${r.stdout}\n--- stderr:\n${r.stderr}`;

interface DeviceStatus {
  device: string;
  configured: boolean;
  address: string;
  options: Record<string, string | number>;
  status: 'ok' | 'failed' | 'unknown' | 'none';
  message: string;
  hint?: string;
}
interface TestVerdict {
  device: string;
  ok: boolean;
  address: string;
  message: string;
  hint?: string;
  code?: string;
  detail?: string[];
}
interface PrintJob {
  id: number;
  receiptNo: string;
  kind: 'receipt' | 'copy';
  status: 'pending' | 'printed' | 'failed';
  lastError: string | null;
}
interface Payment {
  method: string;
  amountCents: number;
  brand: string | null;
  maskedPan: string | null;
  authCode: string | null;
}
interface Sale {
  receiptNo: string;
  totalCents: number;
  payments: Payment[];
}

/** A demo store of its own for each test: Anna, cashier 1, PIN 1234; Bert, manager 2, PIN 9999. */
let dir: string;
let db: string;
let ANNA: string[];
let BERT: string[];
const kassa = (args: string[], opts: { input?: string } = {}): Promise<CliResult> => start(['--db', db, ...args], opts).done;

beforeEach(async () => {
  const t = tempDir('kassa-devices-');
  cleanup.push(() => t.cleanup());
  dir = t.dir;
  db = join(dir, 'shop.db');
  const pin = (name: string, value: string): string => {
    const f = join(dir, name);
    writeFileSync(f, `${value}\n`);
    return f;
  };
  ANNA = ['--cashier', '1', '--pin-file', pin('anna.pin', '1234')];
  BERT = ['--cashier', '2', '--pin-file', pin('bert.pin', '9999')];
  const r = await kassa(['demo', '--no-checkout']);
  expect(r.code, show(r)).toBe(0);
}, SLOW);

async function ok(args: string[]): Promise<CliResult> {
  const r = await kassa(args);
  expect(r.code, `kassa ${args.join(' ')}: ${show(r)}`).toBe(0);
  return r;
}
const setDevice = (...args: string[]) => ok(['devices', 'set', ...args]);
const listed = async (): Promise<DeviceStatus[]> => parse<DeviceStatus[]>(await ok(['devices', 'list', '--json', '--no-probe']));
const device = async (name: string): Promise<DeviceStatus> => (await listed()).find((d) => d.device === name)!;
const queue = async (): Promise<PrintJob[]> => parse<PrintJob[]>(await ok(['devices', 'queue', '--json']));
const allSales = async (): Promise<Sale[]> => parse<Sale[]>(await ok(['sales', 'list', '--from', '2000-01-01', '--to', '2099-12-31', '--json']));

async function printer(): Promise<TcpTestPrinter> {
  const p = await TcpTestPrinter.start();
  cleanup.push(() => p.close());
  return p;
}
async function pty(): Promise<PtyPair> {
  const pair = await ptyPair();
  cleanup.push(() => pair.close());
  return pair;
}

/** 3,29 + 2 × 0,95 + 0,350 kg × 14,95 = 10,42; paid in cash 10,40 (rounded), 9,60 back from 20,00. */
const BASKET = ['8712439011619', '2*BROOD-002', '0.350*KAAS-001'];

/** The ops of the jobs the printer received, status requests left out. */
function ops(p: TcpTestPrinter): EscPosOp[] {
  return decodeEscPos(p.received()).filter((o) => o.op !== 'status');
}

// ---------------------------------------------------------------------------

describe('kassa devices set and list', () => {
  it('points every device at its address with its options, and list shows them', async () => {
    await setDevice('printer', 'tcp://127.0.0.1:9100', '--width', '32', '--code-page', '16');
    await setDevice('drawer', 'printer', '--pin', '5', '--on-ms', '50', '--off-ms', '250');
    await setDevice('display', 'serial:/dev/ttyS1?baud=19200', '--protocol', 'cd5220');
    await setDevice('scanner', 'serial:/dev/ttyUSB0?baud=9600');
    await setDevice('terminal', 'zvt://127.0.0.1:20007', '--password', '123456');
    await setDevice('scale', 'serial:/dev/ttyUSB1', '--protocol', 'toledo8217');
    const list = await listed();
    expect(list.map((d) => [d.device, d.configured, d.address, d.options])).toEqual([
      ['printer', true, 'tcp://127.0.0.1:9100', expect.objectContaining({ width: 32, codePage: 16 })],
      ['drawer', true, 'printer', expect.objectContaining({ pin: 5, onMs: 50, offMs: 250 })],
      ['display', true, 'serial:/dev/ttyS1?baud=19200', expect.objectContaining({ protocol: 'cd5220' })],
      ['scanner', true, 'serial:/dev/ttyUSB0?baud=9600', expect.any(Object)],
      ['terminal', true, 'zvt://127.0.0.1:20007', expect.any(Object)],
      // A Toledo 8217 talks 9600 7E1: the address says so.
      ['scale', true, 'serial:/dev/ttyUSB1?baud=9600&dataBits=7&parity=even', expect.objectContaining({ protocol: 'toledo8217' })],
    ]);
    // --no-probe: nothing was contacted, so nothing is known.
    expect(list.every((d) => d.status === 'unknown')).toBe(true);
    // The terminal setting behind it: the zvt driver, and the password is not shown.
    const cfg = await ok(['config', 'get', 'terminal.driver']);
    expect(cfg.stdout).toContain('zvt');
    expect(JSON.stringify(list)).not.toContain('123456');
  }, SLOW);

  it('set --json answers the device as list shows it; the human form says how to try it', async () => {
    const r = await ok(['devices', 'set', 'printer', 'tcp://127.0.0.1:9100', '--width', '48', '--json']);
    expect(parse(r)).toEqual({ device: 'printer', configured: true, address: 'tcp://127.0.0.1:9100', options: expect.objectContaining({ width: 48, codePage: 19 }) });
    const h = await ok(['devices', 'set', 'scale', 'serial:/dev/ttyUSB1', '--protocol', 'dialog06']);
    expect(h.stderr).toContain('kassa devices test scale');
    // Dialog 06 scales talk 7O1.
    expect((await device('scale')).address).toBe('serial:/dev/ttyUSB1?baud=9600&dataBits=7&parity=odd');
  }, SLOW);

  it('none removes a device; the drawer without a printer is not configured', async () => {
    await setDevice('scanner', 'serial:/dev/ttyUSB0');
    await setDevice('scanner', 'none');
    expect(await device('scanner')).toMatchObject({ configured: false, address: 'none', status: 'none' });
    await setDevice('printer', 'none');
    expect(await device('printer')).toMatchObject({ configured: false, address: 'none' });
    expect(await device('drawer')).toMatchObject({ configured: false, address: 'none (no printer)' });
    await setDevice('drawer', 'none');
    expect(await device('drawer')).toMatchObject({ configured: false, address: 'none' });
    await setDevice('terminal', 'simulator');
    expect(await device('terminal')).toMatchObject({ configured: true, address: 'simulator' });
  }, SLOW);

  it('devices list probes serial ports: one that opens is ok, one that is not there failed with where to look', async () => {
    const pair = await pty();
    await setDevice('scanner', `serial:${pair.till}`);
    await setDevice('display', 'serial:/dev/ttyKassaNone3', '--protocol', 'cd5220');
    const list = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(list.find((d) => d.device === 'scanner')).toMatchObject({ status: 'ok', message: 'port opens' });
    expect(list.find((d) => d.device === 'display')).toMatchObject({ status: 'failed', message: expect.stringContaining('does not exist'), hint: expect.stringContaining('ls /dev/tty') });
    expect(list.find((d) => d.device === 'scale')).toMatchObject({ status: 'none' });
  }, SLOW);

  it.each([
    // [what is typed, the exit codes allowed, what the message must name]
    [['printer', 'serial'], /printer\.address.*"serial"|not an address/, /tcp:\/\/HOST:PORT/],
    [['printer', 'tcp://127.0.0.1:99999'], /port must be from 1 to 65535/, /tcp:\/\//],
    [['printer', 'file:dev/usb/lp0'], /absolute path/, /file:/],
    [['scanner', 'tcp://x'], /cannot be a scanner/, /serial/],
    [['printer', 'tcp://127.0.0.1:9100', '--width', '40'], /printer\.width.*"40"/, /32, 42, 48/],
    [['printer', 'preview', '--code-page', '300'], /printer\.codePage/, /0 to 255/],
    [['drawer', 'printer', '--pin', '3'], /drawer\.pin.*"3"/, /2, 5/],
    [['drawer', 'printer', '--on-ms', '3'], /drawer\.onMs.*even/, /even number of milliseconds from 2 to 510/],
    [['drawer', 'printer', '--off-ms', '1000'], /drawer\.offMs/, /2 to 510/],
    [['drawer', 'tcp://127.0.0.1:9100'], /kicked through the printer/, /drawer printer/],
    [['display', 'serial:/dev/ttyS1', '--protocol', 'foo'], /display\.protocol.*"foo"/, /epson, cd5220/],
    [['scale', 'serial:/dev/ttyS1', '--protocol', 'epson'], /scale\.protocol.*"epson"/, /toledo8217, dialog06/],
    [['scale', 'serial:ttyUSB1'], /device path/, /serial:\/dev\/ttyUSB0/],
    [['terminal', 'tcp:/x'], /not a card terminal address/, /zvt:\/\/.*simulator.*manual/],
    [['terminal', 'zvt://127.0.0.1:20007', '--password', '12'], /six digits/, /six digits/],
    [['printer', 'preview', '--pin', '2'], /--pin does not apply to the printer/, /devices set --help/],
    [['scanner', 'serial:/dev/ttyUSB0', '--protocol', 'epson'], /--protocol does not apply to the scanner/, /devices set --help/],
    [['display', 'serial:/dev/ttyS1', '--width', '42'], /--width does not apply to the display/, /devices set --help/],
    [['till', 'none'], /"till" is not a device/, /printer, drawer, display, scanner, terminal, scale/],
  ])('refuses devices set %j, names what is valid, and changes nothing', async (args, message, valid) => {
    await setDevice('printer', 'tcp://127.0.0.1:9100');
    const before = await ok(['devices', 'list', '--json', '--no-probe']);
    const journalBefore = (await ok(['audit', 'log', '--json'])).stdout;
    const r = await kassa(['devices', 'set', ...args]);
    expect([1, 2], show(r)).toContain(r.code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(valid);
    expect(r.stdout).toBe('');
    expect((await ok(['devices', 'list', '--json', '--no-probe'])).stdout).toBe(before.stdout);
    expect((await ok(['audit', 'log', '--json'])).stdout).toBe(journalBefore);
  }, SLOW);

  it('a refused option leaves the address given with it unset too (all or nothing)', async () => {
    const before = (await ok(['devices', 'list', '--json', '--no-probe'])).stdout;
    const r = await kassa(['devices', 'set', 'printer', 'tcp://192.168.1.50:9100', '--width', '40']);
    expect(r.code, show(r)).toBe(2);
    const r2 = await kassa(['devices', 'set', 'drawer', 'printer', '--pin', '5', '--on-ms', '50', '--off-ms', '7']);
    expect(r2.code, show(r2)).toBe(2);
    expect((await ok(['devices', 'list', '--json', '--no-probe'])).stdout).toBe(before);
  }, SLOW);
});

/** What `kassa receipt show` prints, as lines. */
async function shownLines(receiptNo: string, ...extra: string[]): Promise<string[]> {
  return (await ok(['receipt', 'show', receiptNo, ...extra])).stdout.replace(/\n$/, '').split('\n');
}

describe('kassa sell with a network printer', () => {
  it('kicks the drawer for cash, then prints the receipt as receipt show shows it, with its number as a barcode and a cut', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    const r = await kassa(['sell', ...BASKET, ...ANNA, '--pay', 'cash:20.00', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).not.toMatch(/warning|error/i);
    const sale = parse<Sale>(r);
    expect(sale.totalCents).toBe(1042);
    const o = ops(p);
    // The drawer first (the change is given while it prints), then one job: lines, barcode, the footer, a cut.
    expect(actions(o)).toEqual([
      { op: 'pulse', pin: 2, onMs: 100, offMs: 200 },
      { op: 'barcode', type: 'CODE128', data: sale.receiptNo, hri: 'below' },
      { op: 'feed', n: 1 },
      { op: 'feed', n: 4 },
      { op: 'cut', partial: true },
    ]);
    // The paper reads like the screen: the "(R1-000001)" line is where the barcode prints its number.
    const shown = await shownLines(sale.receiptNo);
    expect(shown.map((l) => l.trim())).toContain(`(${sale.receiptNo})`);
    const paper = textLines(o);
    expect(paper).toEqual(shown.filter((l) => l.trim() !== `(${sale.receiptNo})`));
    // What the customer checks: the receipt number and the total.
    expect(paper.find((l) => l.startsWith('TOTAAL'))).toMatch(/EUR +10,42$/);
    expect(paper.some((l) => l.includes(`Bon ${sale.receiptNo}`))).toBe(true);
    // The queue knows it printed.
    expect((await queue()).map((j) => [j.receiptNo, j.kind, j.status])).toEqual([[sale.receiptNo, 'receipt', 'printed']]);
  }, SLOW);

  it('a card sale opens no drawer', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    const r = await kassa(['sell', 'KOEK-001', ...ANNA, '--pay', 'card', '--json']);
    expect(r.code, show(r)).toBe(0);
    const sale = parse<Sale>(r);
    expect(actions(ops(p)).map((a) => a.op)).toEqual(['barcode', 'feed', 'feed', 'cut']);
    expect(textLines(ops(p))).toEqual((await shownLines(sale.receiptNo)).filter((l) => l.trim() !== `(${sale.receiptNo})`));
  }, SLOW);
});

describe('a printer that cannot print: the sale stands, the receipt waits in the queue', () => {
  it.each([
    ['out of paper', async (p: TcpTestPrinter) => p.setStatus({ paperOut: true }), async (p: TcpTestPrinter) => p.setStatus({}), /paper/i],
    ['switched off', (p: TcpTestPrinter) => p.refuse(), (p: TcpTestPrinter) => p.accept(), /connection refused/],
  ])('%s: sell exits 0 and warns; devices retry prints it once the printer is back; a second print is a marked copy', async (_what, fail, recover, why) => {
    const p = await printer();
    await setDevice('printer', p.address);
    await fail(p);
    const r = await kassa(['sell', ...BASKET, ...ANNA, '--pay', 'cash:20.00', '--json']);
    expect(r.code, show(r)).toBe(0);
    const sale = parse<Sale>(r);
    expect(r.stderr).toContain(`warning: receipt ${sale.receiptNo} not printed`);
    expect(r.stderr).toMatch(why);
    expect(r.stderr).toContain('kassa devices retry');
    // The sale is recorded whatever the printer did.
    expect((await allSales()).map((s) => s.receiptNo)).toEqual([sale.receiptNo]);
    expect(textLines(ops(p))).toEqual([]);

    const waiting = await queue();
    expect(waiting).toEqual([expect.objectContaining({ receiptNo: sale.receiptNo, kind: 'receipt', status: 'pending', lastError: expect.stringMatching(why) })]);
    const human = await ok(['devices', 'queue']);
    expect(human.stdout).toMatch(/waiting/);
    expect(human.stdout).toContain('kassa devices retry');

    // Still down: retry says why and fails.
    const still = await kassa(['devices', 'retry']);
    expect.soft(still.code, show(still)).toBe(1);
    expect(still.stderr).toMatch(why);

    await recover(p);
    const retried = await kassa(['devices', 'retry', '--json']);
    expect(retried.code, show(retried)).toBe(0);
    expect(parse(retried)).toMatchObject({ printed: [sale.receiptNo], error: null, pending: 0, failed: 0 });
    const printed = ops(p);
    expect(textLines(printed)).toEqual((await shownLines(sale.receiptNo)).filter((l) => l.trim() !== `(${sale.receiptNo})`));
    // The drawer was kicked with the sale (or not at all), never by the retry: a late kick opens an unattended drawer.
    expect(actions(printed).filter((a) => a.op === 'pulse').length).toBeLessThanOrEqual(1);
    expect((await queue()).map((j) => [j.receiptNo, j.kind, j.status])).toEqual([[sale.receiptNo, 'receipt', 'printed']]);
    expect((await ok(['devices', 'retry'])).stdout).toContain('nothing printed');

    // The original printed: a second one only as a copy.
    const again = await kassa(['receipt', 'print', sale.receiptNo]);
    expect(again.code, show(again)).not.toBe(0);
    expect(again.stderr).toContain(`kassa receipt print ${sale.receiptNo} --copy`);
    const before = p.received().length;
    const copy = await kassa(['receipt', 'print', sale.receiptNo, '--copy']);
    expect(copy.code, show(copy)).toBe(0);
    expect(copy.stderr).toContain(`printed ${sale.receiptNo}`);
    const copyOps = decodeEscPos(p.received().subarray(before)).filter((o) => o.op !== 'status');
    const copyText = textLines(copyOps);
    expect(copyText.join('\n')).toContain('KOPIE');
    expect(copyText).toEqual((await shownLines(sale.receiptNo, '--copy')).filter((l) => l.trim() !== `(${sale.receiptNo})`));
    expect(actions(copyOps).find((a) => a.op === 'barcode')).toMatchObject({ data: sale.receiptNo });
    expect((await queue()).map((j) => [j.receiptNo, j.kind, j.status]).sort()).toEqual([
      [sale.receiptNo, 'copy', 'printed'],
      [sale.receiptNo, 'receipt', 'printed'],
    ]);
    const journal = parse<{ type: string; payload: { receiptNo?: string } }[]>(await ok(['audit', 'log', '--json']));
    expect(journal.filter((e) => e.type === 'receipt.copy_printed').length).toBeGreaterThanOrEqual(1);
  }, SLOW);
});

describe('kassa devices test printer and drawer', () => {
  it('prints a test receipt on the network printer: the code page with €, a barcode, a cut', async () => {
    const p = await printer();
    await setDevice('printer', p.address, '--width', '48');
    const r = await kassa(['devices', 'test', 'printer']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +printer tcp:\/\/127\.0\.0\.1:\d+: printed a test receipt/);
    const o = ops(p);
    const lines = textLines(o);
    expect(lines).toContain('Kassa printer test');
    expect(lines).toContain('48 columns, code page 19');
    expect(lines).toContain('123456789012345678901234567890123456789012345678');
    expect(lines.find((l) => l.startsWith('Euro'))).toMatch(/€.*Crème brûlée.*Käse.*Façade/);
    expect(o).toContainEqual({ op: 'codepage', n: 19 });
    expect(actions(o)).toContainEqual(expect.objectContaining({ op: 'barcode', data: 'TEST-0001' }));
    expect(actions(o).at(-1)).toEqual({ op: 'cut', partial: true });
    const j = await kassa(['devices', 'test', 'printer', '--json']);
    expect(j.code, show(j)).toBe(0);
    expect(parse<TestVerdict>(j)).toMatchObject({ device: 'printer', ok: true, address: p.address });
  }, SLOW);

  it('a printer that refuses the connection: FAILED, exit 1, and a hint', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    await p.refuse();
    const r = await kassa(['devices', 'test', 'printer']);
    expect(r.stdout).toMatch(/^FAILED +printer/);
    expect(r.stdout).toContain('connection refused');
    expect(r.stdout).toMatch(/^hint: .*switched on/m);
    // Said once: "FAILED  printer tcp://…: connection refused", not the address twice over.
    expect.soft(r.stdout).not.toMatch(/(tcp:\/\/[\d.]+:\d+): \1: /);
    expect.soft(r.code, show(r)).toBe(1);
    const j = await kassa(['devices', 'test', 'printer', '--json']);
    expect(parse<TestVerdict>(j)).toMatchObject({ ok: false, code: 'DEVICE_UNREACHABLE', hint: expect.any(String) });
    expect.soft(j.code, show(j)).toBe(1);
  }, SLOW);

  it('a printer out of paper fails the test with the reason', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    p.setStatus({ paperOut: true });
    const r = await kassa(['devices', 'test', 'printer', '--json']);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: false, code: 'PRINTER_NOT_READY', message: expect.stringMatching(/paper/), hint: expect.stringMatching(/paper roll/) });
    expect(textLines(ops(p))).toEqual([]);
    expect.soft(r.code, show(r)).toBe(1);
    // And list shows it failed with the words.
    const list = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(list.find((d) => d.device === 'printer')).toMatchObject({ status: 'failed', message: expect.stringMatching(/paper/) });
  }, SLOW);

  it('a device file that does not exist: exit 1, and the message says so', async () => {
    await setDevice('printer', 'file:/nonexistent/lp0');
    const r = await kassa(['devices', 'test', 'printer']);
    expect(r.stdout).toMatch(/^FAILED/);
    expect(r.stdout).toContain('/nonexistent/lp0 does not exist');
    expect(r.stdout).toMatch(/^hint: .*ls \/dev\/usb/m);
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('devices list probes the printer: ok with its status, and the drawer closed', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    const list = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(list.find((d) => d.device === 'printer')).toMatchObject({ status: 'ok' });
    expect(list.find((d) => d.device === 'drawer')).toMatchObject({ status: 'ok', message: 'closed' });
    await p.refuse();
    const down = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(down.find((d) => d.device === 'printer')).toMatchObject({ status: 'failed', message: expect.stringContaining('connection refused'), hint: expect.any(String) });
    const human = await ok(['devices', 'list']);
    expect(human.stdout).toMatch(/^printer .*FAILED/m);
    expect(human.stdout).toMatch(/hint: /);
  }, SLOW);

  it('kicks the drawer with the configured pin and pulse', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    await setDevice('drawer', 'printer', '--pin', '5', '--on-ms', '50', '--off-ms', '250');
    const r = await kassa(['devices', 'test', 'drawer']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +drawer printer: kicked the drawer \(pin 5, 50\/250 ms\)/);
    expect(actions(ops(p))).toEqual([{ op: 'pulse', pin: 5, onMs: 50, offMs: 250 }]);
    expect(textLines(ops(p))).toEqual([]);
  }, SLOW);

  it('the drawer test without a printer says to set one', async () => {
    await setDevice('printer', 'none');
    const r = await kassa(['devices', 'test', 'drawer', '--json']);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: false, code: 'DEVICE_NOT_CONFIGURED', hint: expect.stringContaining('kassa devices set') });
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);
});

describe('kassa drawer open (a no-sale)', () => {
  const openDrawer = (...extra: string[]) => kassa(['drawer', 'open', ...BERT, '--reason', 'change for the market stall', ...extra]);
  const drawerEntries = async () =>
    parse<{ type: string; payload: { noSale?: number } }[]>(await ok(['audit', 'log', '--json'])).filter((e) => e.type === 'drawer.opened');

  it('kicks the drawer through the printer and says it is open', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    const r = await openDrawer();
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/no-sale \d+ recorded on register 1, the drawer is open/);
    expect(actions(ops(p))).toEqual([{ op: 'pulse', pin: 2, onMs: 100, offMs: 200 }]);
    expect(await drawerEntries()).toHaveLength(1);
  }, SLOW);

  it('with the printer off: exit 1 with the error, and the no-sale is recorded all the same', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    await p.refuse();
    const r = await openDrawer('--json');
    expect(r.stderr).toMatch(/error: the drawer did not open: .*connection refused/);
    expect(r.stderr).toMatch(/^hint: /m);
    expect(parse(r)).toMatchObject({ kicked: false, kickError: { code: 'DEVICE_UNREACHABLE' } });
    const entries = await drawerEntries();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.payload.noSale).toBe(parse<{ id: number }>(r).id);
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('a cashier may not open the drawer without a sale: nothing is kicked', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    const r = await kassa(['drawer', 'open', ...ANNA, '--reason', 'curious']);
    expect(r.code, show(r)).toBe(1);
    expect(p.received().length).toBe(0);
    expect(await drawerEntries()).toHaveLength(0);
  }, SLOW);
});

describe('the preview printer', () => {
  it('kassa sell writes the receipt to the preview file beside the store; devices test printer shows the preview', async () => {
    await setDevice('printer', 'preview');
    const file = join(dir, 'shop-printer.txt');
    const r = await kassa(['sell', ...BASKET, ...ANNA, '--pay', 'cash:20.00', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const sale = parse<Sale>(r);
    expect(existsSync(file)).toBe(true);
    const text = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
    const shown = await shownLines(sale.receiptNo);
    // The drawer mark, then the receipt as on screen with the barcode where the number was, then the cut.
    expect(text).toEqual([
      '[drawer pin 2 100/200 ms]',
      ...shown.map((l) => (l.trim() === `(${sale.receiptNo})` ? `[barcode CODE128 ${sale.receiptNo}]` : l.trimEnd())),
      '---- cut ----',
    ]);

    const t = await kassa(['devices', 'test', 'printer']);
    expect(t.code, show(t)).toBe(0);
    expect(t.stdout).toMatch(/^OK +printer preview: printed a test receipt/);
    expect(t.stdout).toContain('Kassa printer test');
    expect(t.stdout).toContain('[barcode CODE128 TEST-0001]');
    expect(t.stdout).toContain('---- cut ----');
    expect(t.stdout).toMatch(/Euro .*€/);
    expect(readFileSync(file, 'utf8')).toContain('Kassa printer test');
  }, SLOW);
});

describe('kassa devices test for serial devices on a pseudo-terminal', () => {
  it.each<[VfdCommandSet]>([['epson'], ['cd5220']])('display (%s): the customer reads the test text', async (protocol) => {
    const pair = await pty();
    const sim = startDisplaySim(pair.device, protocol);
    cleanup.push(() => sim.close());
    await setDevice('display', `serial:${pair.till}`, '--protocol', protocol);
    const r = await kassa(['devices', 'test', 'display']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +display serial:.*: showed a test text/);
    expect(r.stdout).toContain('Kassa display test');
    await sim.waitFor(['Kassa display test', '0123456789ABCDEFGHIJ'], 10_000);
    expect(sim.screen.unknown).toEqual([]);
    expect(sim.screen.nonAscii).toEqual([]);
  }, SLOW);

  it('display at a path that does not exist: exit 1, does not exist, and where to look', async () => {
    await setDevice('display', 'serial:/dev/ttyKassaNone9', '--protocol', 'epson');
    const r = await kassa(['devices', 'test', 'display', '--json']);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: false, code: 'DEVICE_UNREACHABLE', message: expect.stringContaining('does not exist'), hint: expect.stringContaining('ls /dev/tty') });
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('scale (Toledo 8217 on 7E1): reads the weight in kg', async () => {
    const pair = await pty();
    const sim = startScaleSim(pair.device, 'toledo8217', { grams: 1234 });
    cleanup.push(() => sim.close());
    await setDevice('scale', `serial:${pair.till}`, '--protocol', 'toledo8217');
    expect((await device('scale')).address).toBe(`serial:${pair.till}?baud=9600&dataBits=7&parity=even`);
    const r = await kassa(['devices', 'test', 'scale']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +scale serial:.*: read 1,234 kg/);
    expect(r.stdout).toContain('1234 g');
    expect(sim.requests).toContain('W');
  }, SLOW);

  it('scale (Dialog 06 on 7O1): reads the weight', async () => {
    const pair = await pty();
    const sim = startScaleSim(pair.device, 'dialog06', { grams: 2500 });
    cleanup.push(() => sim.close());
    await setDevice('scale', `serial:${pair.till}`, '--protocol', 'dialog06');
    expect((await device('scale')).address).toBe(`serial:${pair.till}?baud=9600&dataBits=7&parity=odd`);
    const r = await kassa(['devices', 'test', 'scale', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: true, message: expect.stringMatching(/^read 2,50* kg$/), detail: ['2500 g'] });
    expect(sim.requests).toContain('ENQ');
  }, SLOW);

  it('scale: an unsteady weight fails with the message and what to do', async () => {
    const pair = await pty();
    const sim = startScaleSim(pair.device, 'toledo8217', { grams: 1234, load: 'unstable' });
    cleanup.push(() => sim.close());
    await setDevice('scale', `serial:${pair.till}`, '--protocol', 'toledo8217');
    const r = await kassa(['devices', 'test', 'scale']);
    expect(r.stdout).toMatch(/^FAILED +scale .*the weight is not steady/);
    expect(r.stdout).toMatch(/^hint: wait until the weight is steady/m);
    expect.soft(r.code, show(r)).toBe(1);
    const j = await kassa(['devices', 'test', 'scale', '--json']);
    expect(parse<TestVerdict>(j)).toMatchObject({ ok: false, code: 'SCALE_UNSTABLE' });
  }, SLOW);

  it('scale that says nothing: exit 1 after the timeout', async () => {
    const pair = await pty();
    const sim = startScaleSim(pair.device, 'toledo8217', { grams: 1234, silent: true });
    cleanup.push(() => sim.close());
    await setDevice('scale', `serial:${pair.till}`, '--protocol', 'toledo8217');
    const r = await kassa(['devices', 'test', 'scale', '--timeout', '1', '--json']);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: false, code: 'DEVICE_TIMEOUT', hint: expect.any(String) });
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('scanner: waits for one scan and shows the code', async () => {
    const pair = await pty();
    await setDevice('scanner', `serial:${pair.till}?baud=9600`);
    const run = start(['--db', db, 'devices', 'test', 'scanner', '--timeout', '15']);
    // The scanner's end of the cable, opened once Kassa asks for a scan.
    await until(() => run.stderr().includes('scan a barcode'), 'kassa asks for a scan', 15_000);
    const port = new SerialPort({ path: pair.device, baudRate: 9600, autoOpen: false });
    port.on('error', () => {});
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    cleanup.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
    await new Promise<void>((resolve, reject) => port.write(Buffer.from('4006381333931\r\n'), (e) => (e ? reject(e) : port.drain(() => resolve()))));
    const r = await run.done;
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +scanner serial:.*: read a scan: 4006381333931/);
  }, SLOW);

  it('scanner: a code with a wrong check digit is not taken for silence', async () => {
    const pair = await pty();
    await setDevice('scanner', `serial:${pair.till}`);
    const run = start(['--db', db, 'devices', 'test', 'scanner', '--timeout', '4']);
    await until(() => run.stderr().includes('scan a barcode'), 'kassa asks for a scan', 15_000);
    const port = new SerialPort({ path: pair.device, baudRate: 9600, autoOpen: false });
    port.on('error', () => {});
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    cleanup.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
    // 4006381333931 with its last digit misread.
    await new Promise<void>((resolve, reject) => port.write(Buffer.from('4006381333932\r'), (e) => (e ? reject(e) : port.drain(() => resolve()))));
    const r = await run.done;
    expect(r.stdout).toMatch(/^FAILED/);
    // The scanner works: the verdict names the code and its check digit rather than "no barcode came" and the baud rate.
    expect.soft(r.stdout).toContain('4006381333932');
    expect.soft(r.stdout).toMatch(/check digit/);
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('scanner: nothing scanned within --timeout is a failure', async () => {
    const pair = await pty();
    await setDevice('scanner', `serial:${pair.till}`);
    const r = await kassa(['devices', 'test', 'scanner', '--timeout', '2']);
    expect(r.stdout).toMatch(/^FAILED +scanner .*no barcode came from .* within 2 s/);
    expect(r.stdout).toMatch(/^hint: scan a barcode/m);
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('scanner at a path that does not exist: exit 1, does not exist, and the ls hint', async () => {
    await setDevice('scanner', 'serial:/dev/ttyKassaNone7');
    const r = await kassa(['devices', 'test', 'scanner', '--timeout', '5']);
    expect(r.stdout).toMatch(/^FAILED +scanner .*\/dev\/ttyKassaNone7 does not exist/);
    expect(r.stdout).toMatch(/^hint: .*ls \/dev\/ttyUSB\*/m);
    expect.soft(r.code, show(r)).toBe(1);
  }, SLOW);

  it('a timeout that is not a number is a usage error', async () => {
    await setDevice('scanner', 'serial:/dev/ttyKassaNone7');
    const r = await kassa(['devices', 'test', 'scanner', '--timeout', 'soon']);
    expect(r.code, show(r)).toBe(2);
    expect(r.stderr).toContain('--timeout 30');
  }, SLOW);
});

/** A port on 127.0.0.1 where nothing listens (any more). */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function zvt(opts: ZvtSimulatorOptions = {}) {
  const sim = await startZvtSimulator(opts);
  cleanup.push(() => sim.close());
  return sim;
}

describe('the card terminal', () => {
  it('devices test terminal asks the ZVT terminal for its status', async () => {
    const sim = await zvt();
    await setDevice('terminal', sim.address);
    expect(await device('terminal')).toMatchObject({ configured: true, address: sim.address });
    const r = await kassa(['devices', 'test', 'terminal']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(/^OK +terminal zvt:\/\/127\.0\.0\.1:\d+: the terminal answered a status enquiry/);
    expect(r.stdout).toContain('status: ready');
    expect(sim.commands()).toContain('05 01');
    const list = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(list.find((d) => d.device === 'terminal')).toMatchObject({ status: 'ok', message: 'reachable' });
  }, SLOW);

  it('the simulator terminal is OK and says payments are simulated', async () => {
    await setDevice('terminal', 'simulator');
    const r = await kassa(['devices', 'test', 'terminal', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: true, address: 'simulator', message: expect.stringContaining('simulated') });
  }, SLOW);

  it('a ZVT terminal where nothing listens: exit 1, DEVICE_UNREACHABLE', async () => {
    await setDevice('terminal', `zvt://127.0.0.1:${await closedPort()}`);
    const r = await kassa(['devices', 'test', 'terminal', '--json']);
    expect(parse<TestVerdict>(r)).toMatchObject({ ok: false, code: 'DEVICE_UNREACHABLE', message: expect.stringContaining('connection refused'), hint: expect.any(String) });
    expect.soft(r.code, show(r)).toBe(1);
    const list = parse<DeviceStatus[]>(await ok(['devices', 'list', '--json']));
    expect(list.find((d) => d.device === 'terminal')).toMatchObject({ status: 'failed' });
  }, SLOW);

  // The outcome is checked as soon as it is printed, and the exit after it: a connection
  // left open to the terminal keeps the process alive, which `done` reports on its own.
  it('kassa sell --pay card through the ZVT terminal: approved, with the brand and masked card number from the terminal', async () => {
    const sim = await zvt({ scenario: 'approve' });
    await setDevice('terminal', sim.address);
    const run = start(['--db', db, 'sell', 'KOEK-001', ...ANNA, '--pay', 'card', '--json']);
    await until(() => /\}\s*$/.test(run.stdout()), 'the sale on stdout', EXIT_WITHIN_MS);
    const sale = JSON.parse(run.stdout()) as Sale;
    expect(sale.payments).toEqual([expect.objectContaining({ method: 'card', amountCents: sale.totalCents, brand: 'Maestro', maskedPan: '670367******1234', authCode: 'A1B2C3' })]);
    // The terminal was asked for exactly that amount.
    const auth = sim.received.find((a) => a.control === '06 01');
    expect(auth?.data.subarray(0, 7).toString('hex')).toBe(`04${String(sale.totalCents).padStart(12, '0')}`);
    expect((await allSales()).map((s) => s.receiptNo)).toEqual([sale.receiptNo]);
    const r = await run.done;
    expect(r.code, show(r)).toBe(0);
  }, SLOW);

  it('kassa sell --pay card declined by the ZVT terminal: exit 1 and nothing recorded', async () => {
    const sim = await zvt({ scenario: 'decline' });
    await setDevice('terminal', sim.address);
    const run = start(['--db', db, 'sell', 'KOEK-001', ...ANNA, '--pay', 'card', '--json']);
    await until(() => run.stderr().includes('Nothing was recorded'), 'the decline on stderr', EXIT_WITHIN_MS);
    expect(run.stderr()).toMatch(/declined/i);
    expect(run.stdout()).toBe('');
    expect(sim.commands()).toContain('06 01');
    expect(await allSales()).toEqual([]);
    const r = await run.done;
    expect(r.code, show(r)).toBe(1);
  }, SLOW);
});

describe('more of the print queue and the printer', () => {
  it('a printer that takes the connection but never answers: the sale is made and the command still exits', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    p.silent();
    const r = await kassa(['sell', 'KOEK-001', ...ANNA, '--pay', 'cash', '--json']);
    expect(r.code, show(r)).toBe(0);
    const sale = parse<Sale>(r);
    expect(r.stderr).toContain(`warning: receipt ${sale.receiptNo} not printed`);
    expect(r.stderr).toMatch(/did not answer a status request/);
    expect((await queue()).map((j) => j.status)).toEqual(['pending']);
  }, SLOW);

  it('receipt print prints an original that never printed, once; retry by job number; unknown jobs', async () => {
    const p = await printer();
    await setDevice('printer', p.address);
    await p.refuse();
    const sale = parse<Sale>(await ok(['sell', 'KOEK-001', ...ANNA, '--pay', 'card', '--json']));
    await p.accept();
    const r = await kassa(['receipt', 'print', sale.receiptNo]);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toContain(`printed ${sale.receiptNo}`);
    expect(textLines(ops(p)).join('\n')).not.toContain('KOPIE');
    expect(textLines(ops(p)).some((l) => l.includes(`Bon ${sale.receiptNo}`))).toBe(true);
    const [job] = await queue();
    expect(job).toMatchObject({ receiptNo: sale.receiptNo, kind: 'receipt', status: 'printed' });
    const printedAgain = await kassa(['devices', 'retry', String(job!.id)]);
    expect(printedAgain.code, show(printedAgain)).toBe(2);
    expect(printedAgain.stderr).toContain(`kassa receipt print ${sale.receiptNo} --copy`);
    const unknown = await kassa(['devices', 'retry', '999']);
    expect(unknown.code, show(unknown)).toBe(1);
    expect(unknown.stderr).toContain('there is no print job 999');
    const notANumber = await kassa(['devices', 'retry', 'R1-000001']);
    expect(notANumber.code, show(notANumber)).toBe(2);
    const noSuchSale = await kassa(['receipt', 'print', 'R1-999999']);
    expect(noSuchSale.code, show(noSuchSale)).toBe(1);
  }, SLOW);

  it('a printer on a device file (a USB printer): devices test and kassa sell write ESC/POS to it', async () => {
    const lp = join(dir, 'lp0');
    writeFileSync(lp, '');
    await setDevice('printer', `file:${lp}`);
    const t = await kassa(['devices', 'test', 'printer']);
    expect(t.code, show(t)).toBe(0);
    expect(t.stdout).toMatch(/^OK .*printed a test receipt \(this connection cannot report paper or cover status\)/);
    expect(textLines(decodeEscPos(readFileSync(lp)))).toContain('Kassa printer test');
    writeFileSync(lp, '');
    const r = await kassa(['sell', 'KOEK-001', ...ANNA, '--pay', 'cash:5.00', '--json']);
    expect(r.code, show(r)).toBe(0);
    const sale = parse<Sale>(r);
    const o = decodeEscPos(readFileSync(lp));
    expect(actions(o)[0]).toEqual({ op: 'pulse', pin: 2, onMs: 100, offMs: 200 });
    expect(textLines(o)).toEqual((await shownLines(sale.receiptNo)).filter((l) => l.trim() !== `(${sale.receiptNo})`));
  }, SLOW);
});
