// A real terminal for end-to-end tests: tmux on a private socket (`-L`), so a
// test never sees or touches anyone's own tmux sessions, and kill() takes the
// whole server down. Every wait is bounded and fails with the screen it saw.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface StartOptions {
  width?: number;
  height?: number;
  env?: Record<string, string>;
  cwd?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class Tmux {
  readonly socket = `kassa-test-${randomBytes(6).toString('hex')}`;
  readonly #dir = mkdtempSync(join(tmpdir(), 'kassa-tmux-'));
  readonly #conf = join(this.#dir, 'tmux.conf');
  #running = false;
  #socketPath: string | null = null; // tmux leaves the socket file behind: dispose() removes it

  constructor() {
    // No status line, so the pane is the whole window; a pane whose program has
    // ended stays on screen, so a test can read what the program left behind
    // (tmux then writes a "Pane is dead" line at the bottom, which scrolls the
    // screen by one: to read a shell's lines, keep the shell alive).
    writeFileSync(this.#conf, 'set -g status off\nset -g remain-on-exit on\n');
  }

  /** Runs tmux on the private socket; throws with tmux's words when it fails. */
  #tmux(args: string[], env?: NodeJS.ProcessEnv): string {
    const r = spawnSync('tmux', ['-u', '-L', this.socket, '-f', this.#conf, ...args], { encoding: 'utf8', env: env ?? process.env, timeout: 10_000 });
    if (r.error) {
      const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new Error(missing ? 'tmux is not installed: the end-to-end tests need it (apt-get install tmux)' : `tmux ${args[0]}: ${r.error.message}`);
    }
    if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: exit ${r.status}: ${r.stderr.trim()}`);
    return r.stdout;
  }

  /**
   * Runs `command` (argv, executed directly, no shell) in a new detached
   * session of exactly width × height; a running session is ended first.
   */
  start(command: string[], opts: StartOptions = {}): void {
    const { width = 80, height = 24, env = {}, cwd = process.cwd() } = opts;
    if (this.#running) this.kill();
    const envFlags = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // The server takes its environment from the first client: give it the same.
    this.#tmux(['new-session', '-d', '-s', 't', '-x', String(width), '-y', String(height), '-c', cwd, ...envFlags, ...command], { ...process.env, ...env });
    this.#running = true;
    this.#socketPath ??= this.format('#{socket_path}');
    const size = this.size();
    if (size.width !== width || size.height !== height) throw new Error(`tmux pane is ${size.width}×${size.height}, not ${width}×${height}`);
  }

  size(): { width: number; height: number } {
    const [w, h] = this.format('#{pane_width} #{pane_height}').split(' ');
    return { width: Number(w), height: Number(h) };
  }

  /** The pid of the pane's program (the command given to start). */
  panePid(): number {
    return Number(this.format('#{pane_pid}'));
  }

  /** A tmux format about the pane, e.g. '#{alternate_on} #{cursor_flag}'. */
  format(fmt: string): string {
    return this.#tmux(['display-message', '-p', '-t', 't', fmt]).trim();
  }

  /** Whether the pane's program has ended, and how (tmux may see the pty close before it learns the status: then both are ''). */
  paneDead(): { dead: boolean; status: string; signal: string } {
    const [dead, status, signal] = this.format('#{pane_dead}|#{pane_dead_status}|#{pane_dead_signal}').split('|');
    return { dead: dead === '1', status: status ?? '', signal: signal ?? '' };
  }

  /** Named keys as tmux spells them: 'Enter', 'Escape', 'F12', 'C-c', 'Up'. Each key its own write. */
  keys(...keys: string[]): void {
    for (const key of keys) this.#tmux(['send-keys', '-t', 't', key]);
  }

  /** Text as a person types it: one key per write, `gapMs` apart. */
  async type(text: string, gapMs = 100): Promise<void> {
    for (const ch of text) {
      this.#tmux(['send-keys', '-t', 't', '-l', ch]);
      await sleep(gapMs);
    }
  }

  /** A keyboard-wedge scanner: the code and its CR in one write. */
  scan(code: string): void {
    this.#tmux(['send-keys', '-t', 't', '-l', `${code}\r`]);
  }

  /** The visible screen, one string per row (trailing blanks trimmed by tmux). */
  lines(opts: { joinWrapped?: boolean } = {}): string[] {
    // -J joins rows the terminal wrapped, so a line the program wrote too wide shows as wider than the pane.
    const out = this.#tmux(['capture-pane', '-p', '-t', 't', ...(opts.joinWrapped ? ['-J'] : [])]);
    return out.replace(/\n$/, '').split('\n').map((l) => l.trimEnd());
  }

  screen(): string {
    return this.lines().join('\n');
  }

  /** Polls the screen every 50 ms until `pattern` is on it; throws with the last screen after `timeoutMs`. */
  async waitFor(pattern: string | RegExp, timeoutMs = 5_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = this.screen();
      if (typeof pattern === 'string' ? screen.includes(pattern) : pattern.test(screen)) return screen;
      if (Date.now() >= deadline) break;
      await sleep(50);
    }
    let state = '';
    try {
      const d = this.paneDead();
      if (d.dead) state = ` (the program has ended: status ${d.status || '-'}, signal ${d.signal || '-'})`;
    } catch {
      // the server is gone: the screen says what there is to say
    }
    throw new Error(`waited ${timeoutMs} ms for ${String(pattern)}${state}; the screen:\n${screen}`);
  }

  /** Waits until the pane's program has ended (tmux keeps the pane on screen); throws with the screen after `timeoutMs`. */
  async waitForExit(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.paneDead().dead) {
      if (Date.now() >= deadline) throw new Error(`the program did not end within ${timeoutMs} ms; the screen:\n${this.screen()}`);
      await sleep(50);
    }
  }

  /** Ends the private server and everything in it; safe to call more than once. */
  kill(): void {
    this.#running = false;
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
  }

  /** kill(), and the helper's own files. */
  dispose(): void {
    this.kill();
    if (this.#socketPath) rmSync(this.#socketPath, { force: true });
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
