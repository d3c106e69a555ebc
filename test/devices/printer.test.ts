import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseAddress } from '../../src/core/device-address.js';
import { KassaError } from '../../src/core/errors.js';
import { encodeDocument, type DrawerPulse } from '../../src/devices/printer/escpos.js';
import { createPrinter, EscPosPrinter, PreviewPrinter, type ReceiptPrinter } from '../../src/devices/printer/driver.js';
import { FileTransport } from '../../src/devices/transport/file.js';
import { TcpTransport } from '../../src/devices/transport/tcp.js';
import type { Transport } from '../../src/devices/transport/types.js';
import { actions, decodeEscPos, textLines } from '../helpers/escpos-decoder.js';
import { TcpTestPrinter } from '../helpers/tcp-printer.js';
import { QR_URL, receiptDocument, renderedLines } from './printer-fixtures.js';

const PIN2: DrawerPulse = { pin: 2, onMs: 100, offMs: 200 };
const STATUS_REQUESTS = Buffer.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
const KICK = Buffer.from([0x1b, 0x70]);

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function testPrinter(): Promise<TcpTestPrinter> {
  const p = await TcpTestPrinter.start();
  cleanups.push(() => p.close());
  return p;
}

function escpos(p: TcpTestPrinter): { printer: EscPosPrinter; transport: TcpTransport } {
  const transport = new TcpTransport('127.0.0.1', p.port);
  const printer = new EscPosPrinter(transport, { width: 42, codePage: 19 });
  cleanups.push(() => printer.close());
  return { printer, transport };
}

async function failure(p: Promise<unknown>): Promise<KassaError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('expected a KassaError, but it worked');
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-printer-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Wait until `t` reaches `state` (the transport noticed what happened to its connection). */
function stateReached(t: Transport, state: Transport['state'], ms = 5000): Promise<void> {
  if (t.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error(`transport not ${state} within ${ms} ms (is ${t.state})`))), ms);
    const off = t.onState((s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

describe('ESC/POS printer over TCP', () => {
  it('asks the status, then prints the receipt: text, barcode, QR and cut as rendered', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    const job = encodeDocument(receiptDocument(42), { width: 42, codePage: 19 });

    await printer.print(receiptDocument(42), { timeoutMs: 5000 });
    await p.waitFor((b) => b.length >= STATUS_REQUESTS.length + job.length, 'the whole job');

    const ops = decodeEscPos(p.received());
    expect(ops.slice(0, 3)).toEqual([{ op: 'status', n: 1 }, { op: 'status', n: 2 }, { op: 'status', n: 4 }]);
    expect(textLines(ops)).toEqual(renderedLines(42));
    expect(actions(ops).filter((o) => o.op !== 'status' && o.op !== 'feed')).toEqual([
      { op: 'barcode', type: 'CODE128', data: 'R1-000123', hri: 'below' },
      { op: 'qr', data: QR_URL },
      { op: 'cut', partial: true },
    ]);
  });

  it('reports the drawer and the paper as the printer says', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    expect(await printer.status({ timeoutMs: 5000 })).toEqual({ online: true, paperOut: false, paperLow: false, coverOpen: false, drawerOpen: false, error: false });
    p.setStatus({ drawerOpen: true, paperLow: true });
    expect(await printer.status({ timeoutMs: 5000 })).toEqual({ online: true, paperOut: false, paperLow: true, coverOpen: false, drawerOpen: true, error: false });
  });

  it.each([
    [{ paperOut: true }, /paper out/, /paper roll/],
    [{ coverOpen: true }, /cover open/, /close the printer cover/],
  ])('refuses to print when %o, and prints once fixed', async (state, message, hint) => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    p.setStatus(state);

    const err = await failure(printer.print(receiptDocument(42), { timeoutMs: 5000 }));
    expect(err.code).toBe('PRINTER_NOT_READY');
    expect(err.message).toMatch(message);
    expect(err.hint).toMatch(hint);
    expect(err.details).toMatchObject(state);
    expect(p.received()).toEqual(STATUS_REQUESTS); // not a byte of the receipt

    p.setStatus({});
    await printer.print(receiptDocument(42), { timeoutMs: 5000 });
    await p.waitFor((b) => b.includes(Buffer.from([0x1d, 0x56, 0x01])), 'the cut');
    expect(textLines(decodeEscPos(p.received()))).toEqual(renderedLines(42));
  });

  it('fails with DEVICE_FAILED when the answer is not a status byte', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    p.setStatusBytes({ 2: 0xff });
    const err = await failure(printer.print(receiptDocument(42), { timeoutMs: 5000 }));
    expect(err.code).toBe('DEVICE_FAILED');
    expect(err.message).toMatch(/tcp:\/\/127\.0\.0\.1:\d+: .*DLE EOT 2 \(0xff\)/);
  });

  it('says DEVICE_UNREACHABLE when nothing listens', async () => {
    const p = await testPrinter();
    await p.refuse();
    const { printer } = escpos(p);
    const err = await failure(printer.print(receiptDocument(42), { timeoutMs: 5000 }));
    expect(err.code).toBe('DEVICE_UNREACHABLE');
    expect(err.message).toMatch(/connection refused/);
    expect((await failure(printer.kickDrawer(PIN2, { timeoutMs: 5000 }))).code).toBe('DEVICE_UNREACHABLE');
  });

  it('times out on a stalled printer and never sends the receipt', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    p.stall();
    const err = await failure(printer.print(receiptDocument(42), { timeoutMs: 4000 }));
    expect(err.code).toBe('DEVICE_TIMEOUT');
    expect(err.message).toMatch(/did not answer a status request/);

    p.resume();
    // The next operation goes after anything still queued: had the receipt been kept, it would be sent by now.
    await printer.status({ timeoutMs: 5000 });
    expect(decodeEscPos(p.received()).every((o) => o.op === 'status')).toBe(true);
  });

  it('stops at once when aborted, and the receipt never follows', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    p.silent();
    const ctl = new AbortController();
    const job = printer.print(receiptDocument(42), { timeoutMs: 10_000, signal: ctl.signal });
    await p.waitFor((b) => b.includes(Buffer.from([0x10, 0x04, 0x01])), 'the first status request');
    ctl.abort();
    expect((await failure(job)).code).toBe('DEVICE_ABORTED');

    p.silent(false);
    await printer.status({ timeoutMs: 5000 });
    expect(decodeEscPos(p.received()).every((o) => o.op === 'status')).toBe(true);
  });

  it('kicks the drawer with exactly the 5-byte ESC p, after asking whether the printer is online', async () => {
    const p = await testPrinter();
    const { printer } = escpos(p);
    await printer.kickDrawer(PIN2, { timeoutMs: 5000 });
    const kick = Buffer.from([0x1b, 0x70, 0x00, 0x32, 0x64]);
    await p.waitFor((b) => b.includes(kick), 'the kick');
    const got = p.received();
    // Only status requests (DLE EOT n) before it, and the kick is the last thing sent.
    expect(decodeEscPos(got).map((o) => o.op)).toEqual(['status', 'status', 'status', 'pulse']);
    expect(got.subarray(-5)).toEqual(kick);
  });

  it('does not kick the drawer of a printer that is offline (it would open by itself once paper is in)', async () => {
    const p = await testPrinter();
    p.setStatus({ paperOut: true });
    const { printer } = escpos(p);
    const err = await failure(printer.kickDrawer(PIN2, { timeoutMs: 5000 }));
    expect(err.code).toBe('PRINTER_NOT_READY');
    expect(err.hint).toMatch(/key/);
    p.setStatus({});
    await new Promise((r) => setTimeout(r, 100));
    expect(decodeEscPos(p.received()).some((o) => o.op === 'pulse')).toBe(false);
  });

  it('after a kick that failed because the printer died mid-job, nothing reaches it when it comes back', async () => {
    const p = await testPrinter();
    const { printer, transport } = escpos(p);
    p.stall();
    // A long job the stalled printer cannot take in: more than the kernel buffers hold.
    const longJob = transport.write(Buffer.alloc(16 << 20, 0x41), { timeoutMs: 30_000 });
    longJob.catch(() => {});
    const kick = printer.kickDrawer(PIN2, { timeoutMs: 10_000 });
    await p.waitFor(() => p.connections === 1, 'a connection');

    await p.powerCut();
    expect((await failure(longJob)).code).toBe('DEVICE_DISCONNECTED');
    // Refused on reconnecting, or lost with the old connection (a write that reaches
    // the reset socket before its close event says so too).
    const kickErr = await failure(kick);
    expect(['DEVICE_UNREACHABLE', 'DEVICE_DISCONNECTED'], kickErr.message).toContain(kickErr.code);

    await stateReached(transport, 'disconnected');
    p.resume();
    await p.accept();
    await printer.status({ timeoutMs: 5000 });
    expect(p.connections).toBe(2);
    expect(p.receivedOn(1)).toEqual(STATUS_REQUESTS);
    expect(p.received().includes(KICK)).toBe(false);
  });

  it('a kick whose caller gave up while it waited behind a stuck job is never sent', async () => {
    const p = await testPrinter();
    const { printer, transport } = escpos(p);
    p.stall();
    const longJob = transport.write(Buffer.alloc(16 << 20, 0x41), { timeoutMs: 30_000 });
    const err = await failure(printer.kickDrawer(PIN2, { timeoutMs: 1000 }));
    expect(err.code).toBe('DEVICE_TIMEOUT');

    p.resume();
    await longJob; // the printer takes the long job after all
    await printer.status({ timeoutMs: 5000 });
    const all = p.received();
    expect(all.subarray(all.length - STATUS_REQUESTS.length)).toEqual(STATUS_REQUESTS);
    expect(all.includes(KICK)).toBe(false);
  });
});

describe('ESC/POS printer on a device file', () => {
  it('prints to the file and appends the next job; status is not available', async () => {
    const path = join(tempDir(), 'lp0');
    writeFileSync(path, '');
    const printer = createPrinter(parseAddress(`file:${path}`), { width: 32, codePage: 19 });
    cleanups.push(() => printer.close());
    expect(printer.driver).toBe('escpos');
    expect(printer.address).toBe(`file:${path}`);

    await printer.print(receiptDocument(32), { timeoutMs: 5000 });
    await printer.kickDrawer(PIN2, { timeoutMs: 5000 });
    const ops = decodeEscPos(readFileSync(path));
    expect(textLines(ops)).toEqual(renderedLines(32));
    expect(ops.at(-1)).toEqual({ op: 'pulse', pin: 2, onMs: 100, offMs: 200 });
    expect(ops.some((o) => o.op === 'status')).toBe(false);
    expect(await printer.status({ timeoutMs: 1000 })).toBeNull();
  });

  it('cannot answer requests', async () => {
    const path = join(tempDir(), 'lp0');
    writeFileSync(path, '');
    const t = new FileTransport(path);
    const err = await failure(t.request(Buffer.from([0x10, 0x04, 0x01]), (b) => b.length, { timeoutMs: 1000 }));
    expect(err.code).toBe('DEVICE_FAILED');
    expect(err.message).toMatch(/cannot read status/);
  });

  it('a missing device file is DEVICE_UNREACHABLE and is not created', async () => {
    const path = join(tempDir(), 'usb', 'lp0');
    const err = await failure(new FileTransport(path).write(Buffer.from('x'), { timeoutMs: 1000 }));
    expect(err.code).toBe('DEVICE_UNREACHABLE');
    expect(err.hint).toMatch(/ls \/dev\/usb/);
    expect(existsSync(path)).toBe(false);
  });

  it('a directory is not a printer', async () => {
    const err = await failure(new FileTransport(tempDir()).write(Buffer.from('x'), { timeoutMs: 1000 }));
    expect(err.code).toBe('INVALID_DEVICE');
  });

  it('permission denied is DEVICE_PERMISSION with the lp group hint', async (ctx) => {
    let path: string;
    if (process.getuid?.() !== 0) {
      path = join(tempDir(), 'lp0');
      writeFileSync(path, '');
      execFileSync('chmod', ['000', path]);
    } else {
      // Root passes every permission check on files; a read-only sysfs attribute still refuses writing.
      path = '/sys/devices/system/cpu/online';
      if (!existsSync(path)) return ctx.skip('running as root and no read-only sysfs file to try');
    }
    const err = await failure(new FileTransport(path).write(Buffer.from('x'), { timeoutMs: 1000 }));
    expect(err.code).toBe('DEVICE_PERMISSION');
    expect(err.hint).toMatch(/usermod -aG lp/);
  });

  it('a FIFO nobody reads from is DEVICE_UNREACHABLE (no device behind the file)', async () => {
    const fifo = join(tempDir(), 'lp0');
    execFileSync('mkfifo', [fifo]);
    const err = await failure(new FileTransport(fifo).write(Buffer.from('x'), { timeoutMs: 1000 }));
    expect(err.code).toBe('DEVICE_UNREACHABLE');
  });

  it.each(['timeout', 'abort'] as const)('a blocked printer (a FIFO whose reader never reads): %s, and no write in the background', async (how) => {
    const fifo = join(tempDir(), 'lp0');
    execFileSync('mkfifo', [fifo]);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    cleanups.push(() => closeSync(reader));
    const t = new FileTransport(fifo);
    cleanups.push(() => t.close());
    const job = Buffer.alloc(1 << 20, 0x41); // far more than the pipe holds

    const ctl = new AbortController();
    const writing = t.write(job, { timeoutMs: how === 'timeout' ? 1000 : 30_000, signal: ctl.signal });
    if (how === 'abort') setTimeout(() => ctl.abort(), 200);
    const err = await failure(writing);
    expect(err.code).toBe(how === 'timeout' ? 'DEVICE_TIMEOUT' : 'DEVICE_ABORTED');

    // Drain the pipe: end of file comes only once no writer holds it open, so
    // reaching it proves nothing is left writing in the background.
    let got = 0;
    const buf = Buffer.alloc(64 * 1024);
    const deadline = Date.now() + 5000;
    for (;;) {
      let n: number;
      try {
        n = readSync(reader, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
        if (Date.now() > deadline) throw new Error(`the writer still holds the FIFO open after ${got} bytes`);
        await new Promise((r) => setTimeout(r, 10));
        continue;
      }
      if (n === 0) break;
      got += n;
    }
    expect(got).toBeGreaterThan(0);
    expect(got).toBeLessThan(job.length);
    expect(t.state).toBe('disconnected');
  });
});

describe('preview printer', () => {
  it('keeps the pages and appends them to its file', async () => {
    const file = join(tempDir(), 'receipts.txt');
    const seen: string[][] = [];
    const printer = createPrinter(parseAddress('preview'), { width: 42, codePage: 19, preview: { file, onPage: (l) => seen.push(l) } });
    expect(printer).toBeInstanceOf(PreviewPrinter);
    expect(printer.driver).toBe('preview');

    await printer.print(receiptDocument(42), { timeoutMs: 1000 });
    await printer.kickDrawer(PIN2, { timeoutMs: 1000 });
    const receipt = [...renderedLines(42), '[barcode CODE128 R1-000123]', `[qr ${QR_URL}]`, '---- cut ----'];
    expect((printer as PreviewPrinter).pages()).toEqual([receipt, ['[drawer pin 2 100/200 ms]']]);
    expect(printer.lastPage?.()).toEqual(['[drawer pin 2 100/200 ms]']);
    expect(seen).toEqual([receipt, ['[drawer pin 2 100/200 ms]']]);
    expect(readFileSync(file, 'utf8')).toBe([...receipt, '[drawer pin 2 100/200 ms]'].join('\n') + '\n');
    expect(await printer.status({ timeoutMs: 1000 })).toMatchObject({ online: true, paperOut: false, drawerOpen: null });
  });

  it('a page that could not be written is not kept', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'receipts.txt'));
    const printer = new PreviewPrinter({ width: 32, file: join(dir, 'receipts.txt') });
    expect(printer.lastPage()).toBeUndefined();
    await expect(printer.print(receiptDocument(32), { timeoutMs: 1000 })).rejects.toThrow(/EISDIR/);
    expect(printer.pages()).toEqual([]);
    expect(printer.lastPage()).toBeUndefined();
  });
});

describe('createPrinter', () => {
  it.each([
    ['tcp://192.168.1.50', 'escpos', 'tcp://192.168.1.50:9100'],
    ['serial:/dev/ttyUSB0?baud=19200', 'escpos', 'serial:/dev/ttyUSB0?baud=19200'],
    ['file:/dev/usb/lp0', 'escpos', 'file:/dev/usb/lp0'],
    ['preview', 'preview', 'preview'],
  ])('%s → %s driver at %s (nothing opened yet)', async (text, driver, address) => {
    const printer: ReceiptPrinter = createPrinter(parseAddress(text), { width: 42, codePage: 19 });
    expect(printer.driver).toBe(driver);
    expect(printer.address).toBe(address);
    await printer.close();
  });

  it.each([
    ['none', 'DEVICE_NOT_CONFIGURED'],
    ['zvt://192.168.1.60', 'INVALID_DEVICE'],
    ['simulator', 'INVALID_DEVICE'],
  ])('%s → %s', (text, code) => {
    let err: unknown;
    try {
      createPrinter(parseAddress(text), { width: 42, codePage: 19 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KassaError);
    expect((err as KassaError).code).toBe(code);
  });
});
