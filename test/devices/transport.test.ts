/**
 * What every transport promises whatever the medium (src/devices/transport/stream.ts),
 * shown over TCP: a connection attempt nobody waits for any more is cancelled (no
 * socket left connecting, keeping `kassa sell` alive after its sale), `reset()`
 * lets the next operation start fresh, `close()` is final.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KassaError } from '../../src/core/errors.js';
import { TcpTransport } from '../../src/devices/transport/tcp.js';
import { TcpTestPrinter } from '../helpers/tcp-printer.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

async function failure(p: Promise<unknown>): Promise<KassaError> {
  try {
    await p;
  } catch (e) {
    return e as KassaError;
  }
  throw new Error('expected a failure');
}

/**
 * A device whose connect hangs: a listener (python3) with a backlog of 0 that never
 * accepts, its queue filled by other connections, so the kernel drops our SYN and
 * the attempt neither succeeds nor fails.
 */
async function hangingPort(): Promise<number> {
  const py: ChildProcess = spawn('python3', ['-c', "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)"], { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.push(() => py.kill('SIGKILL'));
  const port = await new Promise<number>((resolve, reject) => {
    py.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim())));
    py.once('error', reject);
  });
  const fill: Socket[] = [];
  for (let i = 0; i < 4; i++) {
    const c = connect(port, '127.0.0.1');
    c.on('error', () => {});
    fill.push(c);
    await new Promise((r) => setTimeout(r, 50));
  }
  cleanup.push(() => fill.forEach((c) => c.destroy()));
  // The queue is full once an attempt stays pending.
  const probe = connect(port, '127.0.0.1');
  probe.on('error', () => {});
  await new Promise((r) => setTimeout(r, 300));
  const hangs = probe.connecting;
  probe.destroy();
  if (!hangs) throw new Error('could not make a connect hang on this machine');
  await new Promise((r) => setTimeout(r, 50)); // the probe's handle gone
  return port;
}

const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;

describe('a transport connecting', () => {
  it('gives up after the timeout and cancels the attempt: no socket is left connecting', async () => {
    const port = await hangingPort();
    const before = sockets();
    const t = new TcpTransport('127.0.0.1', port);
    const err = await failure(t.write(Buffer.from('x'), { timeoutMs: 300 }));
    expect(err.code).toBe('DEVICE_TIMEOUT');
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets()).toBe(before);
    expect(t.state).toBe('disconnected');
  });

  it('two callers share one attempt; it is cancelled only when the last gives up', async () => {
    const port = await hangingPort();
    const before = sockets();
    const t = new TcpTransport('127.0.0.1', port);
    const short = failure(t.open({ timeoutMs: 200 }));
    const long = failure(t.open({ timeoutMs: 600 }));
    expect((await short).code).toBe('DEVICE_TIMEOUT');
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets()).toBe(before + 1); // still trying for the second caller
    expect((await long).code).toBe('DEVICE_TIMEOUT');
    await new Promise((r) => setTimeout(r, 50));
    expect(sockets()).toBe(before);
  });

  it('close() cancels an attempt in flight and is final', async () => {
    const port = await hangingPort();
    const t = new TcpTransport('127.0.0.1', port);
    const pending = failure(t.open({ timeoutMs: 5000 }));
    await new Promise((r) => setTimeout(r, 100));
    await t.close();
    expect((await pending).code).toMatch(/DEVICE_(ABORTED|DISCONNECTED)/);
    expect(t.state).toBe('closed');
    const after = await failure(t.write(Buffer.from('x'), { timeoutMs: 1000 }));
    expect(after.code).toBe('DEVICE_DISCONNECTED');
    expect(after.message).toMatch(/closed/);
  });
});

describe('reset and close', () => {
  it('reset() drops the connection and the next write opens a new one; after close() nothing opens', async () => {
    const p = await TcpTestPrinter.start();
    cleanup.push(() => p.close());
    const t = new TcpTransport('127.0.0.1', p.port);
    await t.write(Buffer.from('a\n'), { timeoutMs: 2000 });
    await t.reset();
    await t.write(Buffer.from('b\n'), { timeoutMs: 2000 });
    await p.waitFor((b) => b.toString() === 'a\nb\n' && p.connections === 2, 'a second connection with the second write');
    expect(p.receivedOn(0).toString()).toBe('a\n');
    expect(p.receivedOn(1).toString()).toBe('b\n');
    await t.close();
    expect((await failure(t.write(Buffer.from('c\n'), { timeoutMs: 1000 }))).code).toBe('DEVICE_DISCONNECTED');
    expect(p.connections).toBe(2);
  });
});
