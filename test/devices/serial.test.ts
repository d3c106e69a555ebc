import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import type { SerialAddress } from '../../src/core/device-address.js';
import { KassaError } from '../../src/core/errors.js';
import { FileTransport } from '../../src/devices/transport/file.js';
import { createTransport } from '../../src/devices/transport/index.js';
import { SerialTransport } from '../../src/devices/transport/serial.js';
import { TcpTransport } from '../../src/devices/transport/tcp.js';
import type { TransportState } from '../../src/devices/transport/types.js';
import { ptyPair, type PtyPair } from '../helpers/socat.js';

const IO = { timeoutMs: 5000 };

function serial(path: string, more: Partial<SerialAddress> = {}): SerialAddress {
  return { kind: 'serial', path, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1, ...more };
}

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The device simulator's end of the cable: records what the till sent, sends bytes back. */
interface DeviceEnd {
  received(): string;
  send(text: string): Promise<void>;
  close(): Promise<void>;
}

async function openDevice(path: string): Promise<DeviceEnd> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  port.on('error', () => {});
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let got = Buffer.alloc(0);
  port.on('data', (c: Buffer) => (got = Buffer.concat([got, c])));
  return {
    received: () => got.toString('latin1'),
    send: (text) => new Promise((resolve, reject) => port.write(Buffer.from(text, 'latin1'), (e) => (e ? reject(e) : resolve()))),
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

/** Every state change a listener is told about, with the error's code. */
function recordStates(t: SerialTransport) {
  const seen: { state: TransportState; code?: string; message?: string }[] = [];
  t.onState((state, e) => seen.push({ state, ...(e instanceof KassaError ? { code: e.code, message: e.message } : {}) }));
  return seen;
}

async function rejection(p: Promise<unknown>): Promise<KassaError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KassaError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const upToCr = (buf: Buffer) => {
  const i = buf.indexOf(0x0d);
  return i < 0 ? 0 : i + 1;
};

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!().catch(() => {});
});

async function setup(opts: { reconnect?: boolean } = {}) {
  const pair = await ptyPair();
  cleanup.push(() => pair.close());
  const transport = new SerialTransport(serial(pair.till), opts);
  cleanup.push(() => transport.close());
  const devices: DeviceEnd[] = [];
  cleanup.push(async () => Promise.all(devices.map((d) => d.close())));
  const device = async () => {
    const d = await openDevice(pair.device);
    devices.push(d);
    return d;
  };
  return { pair, transport, device };
}

describe('SerialTransport on a pseudo-terminal pair', () => {
  it('moves bytes both ways', async () => {
    const { transport, device } = await setup();
    const dev = await device();
    const chunks: Buffer[] = [];
    transport.onData((c) => chunks.push(c));
    await transport.write(Buffer.from('ping\r'), IO);
    await until(() => dev.received() === 'ping\r', 'the device got ping');
    await dev.send('4006381333931\r');
    await until(() => Buffer.concat(chunks).toString() === '4006381333931\r', 'the till got the code');
    expect(transport.state).toBe('open');
  });

  it('sets the speed and frame the address asks for (a scale at 7E1)', async () => {
    const pair = await ptyPair();
    cleanup.push(() => pair.close());
    const t = new SerialTransport(serial(pair.till, { baudRate: 19200, dataBits: 7, parity: 'even', stopBits: 2 }));
    cleanup.push(() => t.close());
    await t.open(IO);
    const stty = execFileSync('stty', ['-F', pair.till, '-a'], { encoding: 'utf8' });
    expect(stty).toMatch(/speed 19200 baud/);
    // Linux pseudo-terminals keep cs8 and no parity whatever is asked, so only
    // the speed and the stop bits can be seen here.
    expect(stty.split(/[\s;]+/)).toContain('cstopb');
    expect(t.address).toBe(`serial:${pair.till}?baud=19200&dataBits=7&parity=even&stopBits=2`);
  });

  it('answers a request with exactly the answer; bytes after it go to listeners', async () => {
    const { transport, device } = await setup();
    const dev = await device();
    const other: string[] = [];
    transport.onData((c) => other.push(c.toString()));
    const answer = transport.request(Buffer.from('W\r'), upToCr, IO);
    await until(() => dev.received() === 'W\r', 'the device got the request');
    await dev.send('0.500kg\rS');
    expect((await answer).toString()).toBe('0.500kg\r');
    await until(() => other.join('') === 'S', 'the extra byte reached the listener');
  });

  it('fails a pending request with DEVICE_DISCONNECTED when the cable is pulled', async () => {
    const { pair, transport, device } = await setup();
    const dev = await device();
    const states = recordStates(transport);
    const answer = rejection(transport.request(Buffer.from('W\r'), upToCr, { timeoutMs: 15_000 }));
    await until(() => dev.received() === 'W\r', 'the device got the request');
    await pair.unplug();
    await dev.close();
    const err = await answer;
    expect(err.code).toBe('DEVICE_DISCONNECTED');
    expect(err.message).toContain(pair.till);
    expect(states.at(-1)).toMatchObject({ state: 'disconnected', code: 'DEVICE_DISCONNECTED' });
    expect(transport.state).toBe('disconnected');
  });

  it('reconnects by itself after unplug and plug, without replaying anything from before', async () => {
    const { pair, transport, device } = await setup({ reconnect: true });
    // The issue asks for a scanner that works again within two seconds of being plugged in.
    expect(transport.retryMs).toBeLessThanOrEqual(500);
    const dev = await device();
    await transport.open(IO);
    const states = recordStates(transport);
    const pending = rejection(transport.request(Buffer.from('STATUS\r'), upToCr, { timeoutMs: 15_000 }));
    await until(() => dev.received() === 'STATUS\r', 'the device got the request');

    await pair.unplug();
    await dev.close();
    expect((await pending).code).toBe('DEVICE_DISCONNECTED');
    // A drawer kick while the cable is out fails now; it must never fire later.
    const kick = await rejection(transport.write(Buffer.from('KICK\r'), IO));
    expect(kick.code).toBe('DEVICE_UNREACHABLE');
    // Several attempts to reopen happen meanwhile; listeners hear of the change, not of each one.
    const heard = states.length;
    await new Promise((r) => setTimeout(r, 4 * transport.retryMs));
    expect(states.length).toBe(heard);

    await pair.plug();
    await until(() => transport.state === 'open', 'reconnected after the plug');
    const dev2 = await device();
    await transport.write(Buffer.from('HELLO\r'), IO);
    await until(() => dev2.received().includes('HELLO\r'), 'the device got HELLO');
    expect(dev2.received()).toBe('HELLO\r');

    const chunks: Buffer[] = [];
    transport.onData((c) => chunks.push(c));
    await dev2.send('back\r');
    await until(() => Buffer.concat(chunks).toString() === 'back\r', 'the till reads again');

    // Lost, then (while it is gone) "does not exist" once, then back.
    expect(states.filter((s) => s.state !== 'connecting').map((s) => [s.state, s.code])).toEqual([
      ['disconnected', 'DEVICE_DISCONNECTED'],
      ['disconnected', 'DEVICE_UNREACHABLE'],
      ['open', undefined],
    ]);
  });

  it('keeps trying when the device is not there at first, and connects once it appears', async () => {
    const pair = await ptyPair();
    cleanup.push(() => pair.close());
    await pair.unplug();
    const t = new SerialTransport(serial(pair.till), { reconnect: true });
    cleanup.push(() => t.close());
    const states = recordStates(t);
    const err = await rejection(t.open(IO));
    expect(err.code).toBe('DEVICE_UNREACHABLE');
    await pair.plug();
    await until(() => states.some((s) => s.state === 'open'), 'the open event');
    expect(t.state).toBe('open');
  });

  it('stops trying once closed', async () => {
    const pair = await ptyPair();
    cleanup.push(() => pair.close());
    await pair.unplug();
    const t = new SerialTransport(serial(pair.till), { reconnect: true, retryMs: 50 });
    const states = recordStates(t);
    await rejection(t.open(IO));
    await t.close();
    await pair.plug();
    await new Promise((r) => setTimeout(r, 500));
    expect(t.state).toBe('closed');
    expect(states.map((s) => s.state)).not.toContain('open');
  });

  it('notices every unplug, also when the tty hangs up with an end of file', async () => {
    // Linux answers reads on a hung-up tty either with an error or with 0 bytes;
    // which one varies from run to run, so unplug a few times.
    const { pair, transport, device } = await setup({ reconnect: true });
    for (let i = 0; i < 8; i++) {
      const dev = await device();
      await transport.open(IO);
      await dev.send(`scan ${i}\r`);
      await pair.unplug();
      await dev.close();
      await until(() => transport.state === 'disconnected', `unplug ${i + 1} noticed`);
      await pair.plug();
      await until(() => transport.state === 'open', `plug ${i + 1} noticed`);
    }
  });

  it('without reconnect stays disconnected after an unplug until asked to write again', async () => {
    const { pair, transport, device } = await setup();
    const first = await device();
    await transport.open(IO);
    await pair.unplug();
    await first.close();
    await until(() => transport.state === 'disconnected', 'the unplug is noticed');
    await pair.plug();
    await new Promise((r) => setTimeout(r, 500));
    expect(transport.state).toBe('disconnected');
    const dev = await device();
    await transport.write(Buffer.from('again\r'), IO);
    await until(() => dev.received() === 'again\r', 'a new port object was opened on demand');
  });

  it('says a path that does not exist does not exist, and where to look', async () => {
    const t = new SerialTransport(serial('/dev/ttyUSB-kassa-missing'));
    cleanup.push(() => t.close());
    const err = await rejection(t.open(IO));
    expect(err.code).toBe('DEVICE_UNREACHABLE');
    expect(err.message).toContain('/dev/ttyUSB-kassa-missing does not exist');
    expect(err.hint).toContain('ls /dev/ttyUSB*');
  });

  it('says when another program has the port', async () => {
    const { pair, transport } = await setup();
    await transport.open(IO);
    const second = new SerialTransport(serial(pair.till));
    cleanup.push(() => second.close());
    const err = await rejection(second.open(IO));
    expect(err.code).toBe('DEVICE_BUSY');
    expect(err.hint).toMatch(/close the other program/);
  });

  it('says permission denied and names the dialout group', async ({ annotate }) => {
    const pair = await ptyPair();
    cleanup.push(() => pair.close());
    chmodSync(realpathSync(pair.till), 0o000);
    if (process.getuid?.() !== 0) {
      const err = await rejection(new SerialTransport(serial(pair.till)).open(IO));
      expect(err.code).toBe('DEVICE_PERMISSION');
      expect(err.hint).toContain('dialout');
      return;
    }
    // root opens anything: run the same open as the user nobody in a child process.
    const result = openAsNobody(pair.till);
    if ('skip' in result) {
      console.warn(`permission assertion skipped: ${result.skip}`);
      await annotate(`permission assertion skipped: ${result.skip}`, 'warning');
      return;
    }
    expect(result).toMatchObject({ code: 'DEVICE_PERMISSION', message: expect.stringContaining('permission denied') });
    expect(result.hint).toContain('dialout');
  });
});

/** Bundles a tiny script around SerialTransport and runs it as uid 65534. */
function openAsNobody(path: string): { code: string; message: string; hint?: string } | { skip: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-perm-'));
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  chmodSync(dir, 0o755);
  const entry = join(dir, 'entry.ts');
  writeFileSync(
    entry,
    `import { SerialTransport } from ${JSON.stringify(join(process.cwd(), 'src/devices/transport/serial.ts'))};
const t = new SerialTransport({ kind: 'serial', path: ${JSON.stringify(path)}, baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 });
t.open({ timeoutMs: 5000 }).then(
  () => console.log(JSON.stringify({ code: 'OPENED', message: 'opened' })),
  (e) => console.log(JSON.stringify({ code: e.code, message: e.message, hint: e.hint })),
).finally(() => t.close());
`,
  );
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', external: ['serialport'], outfile: join(dir, 'run.mjs'), logLevel: 'silent' });
  symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
  const run = spawnSync(process.execPath, [join(dir, 'run.mjs')], { uid: 65534, gid: 65534, encoding: 'utf8', timeout: 15_000, cwd: dir });
  if (run.error) return { skip: `cannot run a process as nobody (${run.error.message})` };
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (!line.startsWith('{')) return { skip: `the child printed no result: ${run.stderr.slice(0, 300)}` };
  return JSON.parse(line) as { code: string; message: string; hint?: string };
}

describe('createTransport', () => {
  it('gives TCP for tcp and zvt addresses, a device file for file, serial for serial', () => {
    const zvt = createTransport({ kind: 'zvt', host: '127.0.0.1', port: 20007 });
    expect(zvt).toBeInstanceOf(TcpTransport);
    expect(zvt.address).toBe('zvt://127.0.0.1:20007');
    expect(createTransport({ kind: 'tcp', host: '10.0.0.5', port: 9100 }).address).toBe('tcp://10.0.0.5:9100');
    const lp = createTransport({ kind: 'file', path: '/dev/usb/lp0' });
    expect(lp).toBeInstanceOf(FileTransport);
    expect(lp.address).toBe('file:/dev/usb/lp0');
    const s = createTransport(serial('/dev/ttyUSB0'), { reconnect: true });
    expect(s).toBeInstanceOf(SerialTransport);
    expect((s as SerialTransport).reconnect).toBe(true);
  });

  it.each(['preview', 'simulator', 'manual', 'none'] as const)('refuses %s: it moves no bytes', (kind) => {
    expect(() => createTransport({ kind })).toThrow(expect.objectContaining({ code: 'INVALID_DEVICE' }));
  });
});
