/**
 * A serial cable in software: `socat` joins two pseudo-terminals, one for Kassa
 * (the till's end, `till`) and one for the device simulator (`device`). Both are
 * symlinks in a temp dir, so they keep their names when socat is stopped and
 * started again (unplugging and plugging the device back in).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The till's end: give this path to Kassa (`serial:${till}`). */
  till: string;
  /** The device simulator's end. */
  device: string;
  /** socat's process id while it runs. */
  pid(): number | undefined;
  /** Kill socat (by its PID): the cable is pulled, both ends vanish. */
  unplug(): Promise<void>;
  /** Start socat again with the same two names. */
  plug(): Promise<void>;
  /** Stop socat and remove the temp dir. */
  close(): Promise<void>;
}

async function waitFor(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`socat: ${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function ptyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'kassa-pty-'));
  const till = join(dir, 'till');
  const device = join(dir, 'device');
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();

  const plug = async () => {
    const p = spawn('socat', [`pty,raw,echo=0,link=${till}`, `pty,raw,echo=0,link=${device}`], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    let gone = false;
    exited = new Promise<void>((resolve) => p.once('exit', () => ((gone = true), resolve())));
    p.once('error', (e) => (err += e.message));
    proc = p;
    await waitFor(() => gone || (existsSync(till) && existsSync(device)), 5000, 'no pseudo-terminals appeared').catch((e) => {
      throw new Error(`${(e as Error).message} ${err}`);
    });
    if (gone) throw new Error(`socat exited: ${err || 'is socat installed? (apt-get install socat)'}`);
  };
  const unplug = async () => {
    if (!proc) return;
    proc.kill('SIGKILL');
    proc = null;
    await exited;
    // socat removes its links when it exits cleanly; after SIGKILL they dangle.
    rmSync(till, { force: true });
    rmSync(device, { force: true });
  };
  await plug();
  return {
    till,
    device,
    pid: () => proc?.pid,
    unplug,
    plug,
    close: async () => {
      await unplug();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
