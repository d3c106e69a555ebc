// The built `kassa checkout` in a real terminal with its devices on real byte
// streams: a serial scanner, a customer display and a scale on socat
// pseudo-terminals, an ESC/POS printer (with the drawer on it) on 127.0.0.1.
// The proof that the checkout drives them, and that a printer failing never
// holds up a sale: the receipt waits and F9 prints it.
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { json, kassa, ROOT, BIN } from '../helpers/cli.js';
import { startDisplaySim, type DisplaySim } from '../helpers/display-sim.js';
import { actions, decodeEscPos, textLines, type EscPosOp } from '../helpers/escpos-decoder.js';
import { startScaleSim, type ScaleSim } from '../helpers/scale-sim.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';
import { tempDir } from '../helpers/store.js';
import { TcpTestPrinter } from '../helpers/tcp-printer.js';
import { Tmux } from '../helpers/tmux.js';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';

const PINDAKAAS = '8712439011619'; // 3,29
const KAAS = 'KAAS-001'; // Jong belegen kaas, 14,95 per kg

const t = tempDir('kassa-e2e-devices-');
afterAll(() => t.cleanup());

let printer: TcpTestPrinter;
let scanner: PtyPair;
let displayPair: PtyPair;
let scalePair: PtyPair;
let display: DisplaySim;
let scale: ScaleSim;
let tm: Tmux;
let db: string;

beforeAll(async () => {
  db = join(t.dir, 'shop.db');
  const k = (args: string[], input?: string) => {
    const r = kassa(['--db', db, ...args], input === undefined ? {} : { input });
    if (r.code !== 0) throw new Error(`kassa ${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
  };
  k(['init']);
  k(['products', 'import', 'fixtures/demo/catalogue.csv']);
  k(['users', 'add', '--name', 'Anna', '--role', 'cashier', '--pin-file', '-'], '1234\n');
  k(['config', 'set', 'terminal.driver', 'simulator']);
  // No retries by the clock in this test: F9 is what prints the waiting receipt.
  k(['config', 'set', 'printer.retrySeconds', '3600']);
  printer = await TcpTestPrinter.start();
  scanner = await ptyPair();
  displayPair = await ptyPair();
  scalePair = await ptyPair();
  display = startDisplaySim(displayPair.device, 'cd5220');
  scale = startScaleSim(scalePair.device, 'toledo8217', { grams: 352 });
  k(['devices', 'set', 'printer', printer.address, '--width', '42']);
  k(['devices', 'set', 'scanner', `serial:${scanner.till}`]);
  k(['devices', 'set', 'display', `serial:${displayPair.till}`, '--protocol', 'cd5220']);
  k(['devices', 'set', 'scale', `serial:${scalePair.till}`, '--protocol', 'toledo8217']);
});

afterEach(() => tm?.dispose());

afterAll(async () => {
  await display?.close();
  await scale?.close();
  for (const p of [scanner, displayPair, scalePair]) await p?.close();
  await printer?.close();
});

/** What a barcode scanner on the serial line sends: the code and CR, in one write. */
function serialScan(code: string): void {
  const fd = openSync(scanner.device, 'w');
  try {
    writeSync(fd, `${code}\r`);
  } finally {
    closeSync(fd);
  }
}

/** With KASSA_WRITE_SCREENS=1 the screen goes to docs/screens/ (as in checkout.test.ts). */
function capture(name: string): void {
  if (process.env.KASSA_WRITE_SCREENS !== '1') return;
  const dir = join(ROOT, 'docs', 'screens');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `checkout-100x30-${name}.txt`), `${tm.lines().join('\n')}\n`);
}

/** Receipts the printer has received, decoded; waits until there are `n` cuts. */
async function receipts(n: number): Promise<EscPosOp[]> {
  const end = Date.now() + 10_000;
  for (;;) {
    let ops: EscPosOp[] = [];
    try {
      ops = decodeEscPos(printer.received());
    } catch {
      // half a receipt so far
    }
    if (ops.filter((o) => o.op === 'cut').length >= n) return ops;
    if (Date.now() > end) throw new Error(`the printer has ${ops.filter((o) => o.op === 'cut').length} receipts, not ${n}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kassa checkout with its devices', () => {
  it('scans from the serial scanner, weighs on the scale, shows the customer display, opens the drawer and prints; a printer failure queues the receipt for F9', async () => {
    tm = new Tmux();
    tm.start([process.execPath, BIN, '--db', db, 'checkout'], { width: 100, height: 30, env: { KASSA_DB: '', NO_COLOR: '' }, cwd: ROOT });
    await tm.waitFor('Medewerker (nummer):', 10_000);
    await tm.type('1', 60);
    tm.keys('Enter');
    await tm.waitFor('PIN:');
    await tm.type('1234', 60);
    tm.keys('Enter');
    await tm.waitFor('Wisselgeld in de la:');
    await tm.type('150', 60);
    tm.keys('Enter');
    await tm.waitFor('Scan of typ code:');
    // Every configured device on the device line, working.
    await tm.waitFor(/printer ✔\s+lade ✔\s+scanner ✔\s+display ✔\s+weegschaal ✔\s+pin ✔/);

    // The serial scanner: the code arrives on the pty, the line on screen, the item on the display.
    serialScan(PINDAKAAS);
    await tm.waitFor(/1 Pindakaas\s+1\s+3,29\s+3,29/);
    await display.waitFor(['Pindakaas', '            EUR 3,29']);

    // A weighed product: the scale is asked, 0,352 kg × 14,95 = 5,26.
    serialScan(KAAS);
    await tm.waitFor(/2 Jong belegen kaas\s+0,352 kg\s+14,95\s+5,26/);
    expect(scale.requests).toContain('W');
    capture('devices-sale');
    await display.waitFor(['Jong belegen kaas', '0,352 kg    EUR 5,26']);

    // Pay cash: the total on the display, then the change; the drawer opens and the receipt prints.
    tm.keys('F12');
    await tm.waitFor('Ontvangen:');
    await display.waitFor(['TOTAAL', '            EUR 8,55']);
    await tm.type('10', 80);
    tm.keys('Enter');
    await tm.waitFor('Bon R1-000001');
    // 8,55 in cash is 8,55 (already a multiple of 5 cents); 10,00 handed over: 1,45 back.
    await display.waitFor(['BETAALD    EUR 10,00', 'TERUG       EUR 1,45']);
    const first = await receipts(1);
    expect(actions(first).filter((o) => o.op !== 'status')[0]).toEqual({ op: 'pulse', pin: 2, onMs: 100, offMs: 200 });
    const paper = textLines(first);
    expect(paper.some((l) => /^Pindakaas\s+3,29$/.test(l))).toBe(true);
    expect(paper.some((l) => /^TOTAAL\s+EUR\s+8,55$/.test(l))).toBe(true);
    expect(actions(first)).toContainEqual(expect.objectContaining({ op: 'barcode', data: 'R1-000001' }));
    await tm.waitFor(/printer ✔\s+lade ✔/);

    // The printer loses power: the next sale completes, the receipt waits, the device line says so.
    await printer.powerCut();
    tm.keys('Enter'); // next customer
    await tm.waitFor('Scan of typ code:');
    serialScan(PINDAKAAS);
    await tm.waitFor(/1 Pindakaas\s+1\s+3,29/);
    tm.keys('F12');
    await tm.waitFor('Ontvangen:');
    tm.keys('Enter'); // exact cash
    await tm.waitFor('Bon R1-000002', 10_000);
    await tm.waitFor(/printer: niet bereikbaar — bon in wachtrij \(F9 herdruk\)/, 10_000);
    capture('devices-printer-off');
    const sales = json<{ receiptNo: string }[]>(kassa(['--db', db, 'sales', 'list', '--json']));
    expect(sales.map((s) => s.receiptNo)).toEqual(['R1-000001', 'R1-000002']);

    // Power back, F9: the waiting receipt prints, as the original; the drawer does not open again.
    await printer.accept();
    tm.keys('Enter');
    await tm.waitFor('Scan of typ code:');
    tm.keys('F9');
    await tm.waitFor('Bon afgedrukt', 10_000);
    await tm.waitFor(/printer ✔/);
    const both = await receipts(2);
    const second = both.slice(both.findIndex((o) => o.op === 'cut') + 1);
    expect(textLines(second).some((l) => l.includes('R1-000002'))).toBe(true);
    expect(textLines(second).some((l) => l.includes('KOPIE'))).toBe(false);
    expect(second.some((o) => o.op === 'pulse')).toBe(false);

    // The scanner is unplugged and plugged back in: the line says so, then scans work again without a restart.
    await scanner.unplug();
    await tm.waitFor(/scanner: (niet bereikbaar|verbinding verbroken)/, 10_000);
    await scanner.plug();
    await tm.waitFor(/scanner ✔/, 10_000);
    serialScan(PINDAKAAS);
    await tm.waitFor(/1 Pindakaas\s+1\s+3,29/);

    tm.keys('C-c');
    await tm.waitForExit();
  });
});
