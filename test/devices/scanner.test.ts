import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialAddress } from '../../src/core/device-address.js';
import { KassaError } from '../../src/core/errors.js';
import { SerialScanner, rejectReason, type ScannerState, type SerialScannerOptions } from '../../src/devices/scanner/scanner.js';
import { SerialTransport } from '../../src/devices/transport/serial.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';

function serial(path: string): SerialAddress {
  return { kind: 'serial', path, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The scanner's end of the cable: what a scanner sends when a barcode is read. */
async function scannerEnd(path: string) {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  cleanup.push(() => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())));
  return {
    /** Like the scanner's cable: after an unplug it is of no further use. */
    close: () => new Promise<void>((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
    send: (bytes: string) => new Promise<void>((resolve, reject) => port.write(Buffer.from(bytes, 'latin1'), (e) => (e ? reject(e) : port.drain(() => resolve()))))
  };
}

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!().catch(() => {});
});

/** A started scanner on a pty pair, with everything it said recorded. */
async function setup(opts: SerialScannerOptions = {}) {
  const pair = await ptyPair();
  cleanup.push(() => pair.close());
  const scanner = new SerialScanner(new SerialTransport(serial(pair.till), { reconnect: true }), opts);
  cleanup.push(() => scanner.stop());
  const scans: string[] = [];
  const rejected: { code: string; reason: string }[] = [];
  const states: { state: ScannerState; message: string; error?: KassaError }[] = [];
  scanner.on('scan', (code) => scans.push(code));
  scanner.on('rejected', (code, reason) => rejected.push({ code, reason }));
  scanner.on('state', (state, message, error) => states.push({ state, message, ...(error ? { error } : {}) }));
  const status = await scanner.start();
  const device = await scannerEnd(pair.device);
  return { pair, scanner, scans, rejected, states, status, device };
}

describe('SerialScanner on a pseudo-terminal pair', () => {
  it('reads codes ending in CR, LF and CRLF', async () => {
    const { scans, status, states, device } = await setup();
    expect(status.connected).toBe(true);
    expect(states).toEqual([{ state: 'connected', message: expect.stringContaining('scanner connected') }]);
    await device.send('4006381333931\r');
    await device.send('96385074\n');
    await device.send('R1-000123\r\n');
    await until(() => scans.length >= 3, 'three scans');
    expect(scans).toEqual(['4006381333931', '96385074', 'R1-000123']);
  });

  it('puts a code together from chunks and splits a chunk of several codes', async () => {
    const { scans, device } = await setup();
    await device.send('SKU-1\r');
    await until(() => scans.length === 1, 'the first scan');
    // CR and LF in different writes: one terminator, not an extra empty code.
    await device.send('40063');
    await device.send('81333931\r');
    await device.send('\nABC-7\r\n012345678905\r\n');
    await until(() => scans.length >= 4, 'four scans');
    expect(scans).toEqual(['SKU-1', '4006381333931', 'ABC-7', '012345678905']);
  });

  it('frames a scanner without a terminator by the pause after each code', async () => {
    const { scans, device } = await setup({ gapMs: 50 });
    await device.send('4006381333931');
    await until(() => scans.length === 1, 'the first scan');
    await device.send('SKU-42');
    await until(() => scans.length === 2, 'the second scan');
    expect(scans).toEqual(['4006381333931', 'SKU-42']);
  });

  it('rejects a GTIN with a wrong check digit and passes SKUs and receipt numbers through', async () => {
    const { scans, rejected, device } = await setup();
    await device.send('4006381333932\r12345\rR1-000123\r96385075\r4006381333931\r');
    await until(() => scans.length + rejected.length >= 5, 'five codes');
    expect(scans).toEqual(['12345', 'R1-000123', '4006381333931']);
    expect(rejected.map((r) => r.code)).toEqual(['4006381333932', '96385075']);
    expect(rejected[0]!.reason).toContain('EAN-13');
    expect(rejected[0]!.reason).toContain('should be 1');
    expect(rejected[1]!.reason).toContain('EAN-8');
  });

  it('says when the scanner is unplugged and scans again once it is back, without a restart', async () => {
    const { pair, scans, states, device } = await setup();
    await device.send('SKU-1\r');
    await until(() => scans.length === 1, 'a scan before the unplug');

    await pair.unplug();
    await device.close();
    await until(() => states.some((s) => s.state === 'disconnected'), 'the disconnected event');
    const gone = states.find((s) => s.state === 'disconnected')!;
    expect(gone.message).toMatch(/^scanner not connected: .*connection was lost/);
    expect(gone.error?.code).toBe('DEVICE_DISCONNECTED');

    await pair.plug();
    await until(() => states.at(-1)?.state === 'connected', 'the connected event after the plug');
    const again = await scannerEnd(pair.device);
    await again.send('4006381333931\r');
    await until(() => scans.length === 2, 'a scan after the replug');
    expect(scans).toEqual(['SKU-1', '4006381333931']);
  });

  it('drops half a code cut off by an unplug instead of gluing it to the next scan', async () => {
    const { pair, scanner, scans, states, device } = await setup();
    await device.send('SKU-1\r');
    await until(() => scans.length === 1, 'the first scan');
    let raw = '';
    scanner.transport.onData((c) => (raw += c.toString('latin1')));
    await device.send('40063');
    await until(() => raw.includes('40063'), 'the half code reached the till');
    await pair.unplug();
    await device.close();
    await until(() => states.at(-1)?.state === 'disconnected', 'the unplug noticed');
    await pair.plug();
    await until(() => states.at(-1)?.state === 'connected', 'reconnected');
    const again = await scannerEnd(pair.device);
    await again.send('96385074\r');
    await until(() => scans.length === 2, 'the scan after the replug');
    expect(scans).toEqual(['SKU-1', '96385074']);
  });

  it('waits for one scan (kassa devices test scanner)', async () => {
    const { scanner, device } = await setup();
    const next = scanner.waitForScan({ timeoutMs: 5000 });
    await device.send('4006381333931\r');
    await expect(next).resolves.toBe('4006381333931');
  });

  it('gives up waiting for a scan with a timeout, or aborts when asked', async () => {
    const { scanner } = await setup();
    await expect(scanner.waitForScan({ timeoutMs: 200 })).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT', message: expect.stringContaining('no barcode') });
    const ac = new AbortController();
    const waiting = scanner.waitForScan({ timeoutMs: 5000, signal: ac.signal });
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'DEVICE_ABORTED' });
  });

  it('reports a scanner that is not there, and says why when waiting for a scan', async () => {
    const pair = await ptyPair();
    cleanup.push(() => pair.close());
    await pair.unplug();
    const scanner = new SerialScanner(new SerialTransport(serial(pair.till), { reconnect: true }));
    cleanup.push(() => scanner.stop());
    const status = await scanner.start();
    expect(status).toMatchObject({ connected: false, error: { code: 'DEVICE_UNREACHABLE' } });
    expect(status.message).toContain('does not exist');
    await expect(scanner.waitForScan({ timeoutMs: 300 })).rejects.toMatchObject({ code: 'DEVICE_UNREACHABLE' });
    // Plugged in later: picked up by itself.
    await pair.plug();
    const device = await scannerEnd(pair.device);
    await until(() => scanner.status.connected, 'connected after the plug');
    const next = scanner.waitForScan({ timeoutMs: 5000 });
    await device.send('SKU-9\r');
    await expect(next).resolves.toBe('SKU-9');
  });

  it('stops: a waiting scan fails and the port is closed for good', async () => {
    const { scanner } = await setup();
    const waiting = scanner.waitForScan({ timeoutMs: 5000 });
    await scanner.stop();
    await expect(waiting).rejects.toMatchObject({ code: 'DEVICE_ABORTED' });
    expect(scanner.transport.state).toBe('closed');
  });
});

describe('rejectReason', () => {
  it.each([
    ['4006381333931', null],
    ['4006381333932', 'EAN-13'],
    ['96385074', null],
    ['96385075', 'EAN-8'],
    ['012345678905', null],
    ['012345678906', 'UPC-A'],
    ['12345', null],
    ['R1-000123', null],
    ['ABC-4006381333932', null],
  ])('%s → %s', (code, kind) => {
    const reason = rejectReason(code);
    if (kind === null) expect(reason).toBeNull();
    else expect(reason).toContain(`not a valid ${kind}`);
  });
});
