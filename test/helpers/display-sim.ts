/**
 * A 2×20 VFD customer display in software: an interpreter of the Epson ESC/POS
 * display commands and the CD5220 set, written from the manuals and independent
 * of src/devices/display, so tests assert on what the customer would read.
 *
 * `VfdScreen` is the pure interpreter (feed it bytes, read `lines()`);
 * `startDisplaySim(path)` runs one on the device end of a socat pty pair.
 */
import { openSync } from 'node:fs';
import tty from 'node:tty';

export type VfdCommandSet = 'epson' | 'cd5220';

const COLS = 20;
const ESC = 0x1b;
const US = 0x1f;

type Mode = 'overwrite' | 'vscroll' | 'hscroll';

/** How many parameter bytes follow a command, and which command set has it. */
interface Cmd {
  args: number;
  set: VfdCommandSet | 'both';
  run(s: VfdScreen, a: number[]): void;
}

export class VfdScreen {
  readonly cells: string[][] = [Array(COLS).fill(' '), Array(COLS).fill(' ')];
  x = 0;
  y = 0;
  mode: Mode = 'overwrite';
  /** Epson ESC R n; 0 = USA (plain ASCII). */
  internationalSet = 0;
  /** Epson ESC t n. */
  codeTable = 0;
  cursorVisible = true;
  /** Commands this display set does not know, or bytes it cannot show: a test expects none. */
  readonly unknown: string[] = [];
  /** Characters ≥ 0x80 written to the screen (shown as '?'): code-page dependent, a test expects none. */
  readonly nonAscii: number[] = [];
  #pending: number[] = [];

  constructor(readonly set: VfdCommandSet) {}

  /** The two lines as the customer reads them. */
  lines(): [string, string] {
    return [this.cells[0]!.join(''), this.cells[1]!.join('')];
  }

  feed(bytes: Iterable<number>): void {
    for (const b of bytes) this.#pending.push(b);
    for (;;) {
      const used = this.#step(this.#pending);
      if (used === 0) return;
      this.#pending.splice(0, used);
    }
  }

  clearAll(): void {
    for (const row of this.cells) row.fill(' ');
    this.x = 0;
    this.y = 0;
  }

  /** Parse one command or character at the start of `p`; bytes used, or 0 while incomplete. */
  #step(p: number[]): number {
    if (p.length === 0) return 0;
    const b = p[0]!;
    if (b >= 0x20 && b !== 0x7f) {
      if (b >= 0x80) this.nonAscii.push(b);
      this.put(b < 0x80 ? String.fromCharCode(b) : '?');
      return 1;
    }
    if (b === ESC || b === US) {
      if (p.length < 2) return 0;
      const code = p[1]!;
      if (b === ESC && code === 0x51) return this.#stringMode(p);
      if (b === ESC && code === 0x5b) {
        if (p.length < 3) return 0;
        return this.#bracket(p[2]!) ? 3 : this.#unknown(p.slice(0, 3));
      }
      const cmd = (b === ESC ? ESC_CMDS : US_CMDS)[code];
      if (!cmd || (cmd.set !== 'both' && cmd.set !== this.set)) return this.#unknown(p.slice(0, 2));
      if (p.length < 2 + cmd.args) return 0;
      cmd.run(this, p.slice(2, 2 + cmd.args));
      return 2 + cmd.args;
    }
    switch (b) {
      case 0x08: // BS
        this.left();
        return 1;
      case 0x09: // HT
        this.right();
        return 1;
      case 0x0a: // LF
        this.down();
        return 1;
      case 0x0b: // HOM
        this.x = 0;
        this.y = 0;
        return 1;
      case 0x0c: // CLR
        this.clearAll();
        return 1;
      case 0x0d: // CR
        this.x = 0;
        return 1;
      case 0x18: // CAN
        this.cells[this.y]!.fill(' ');
        this.x = 0;
        return 1;
      default:
        return this.#unknown([b]);
    }
  }

  #unknown(bytes: number[]): number {
    this.unknown.push(bytes.map((b) => b.toString(16).padStart(2, '0')).join(' '));
    return bytes.length;
  }

  /** CD5220 `ESC Q A|B|D text CR`: a whole line at once. */
  #stringMode(p: number[]): number {
    if (this.set !== 'cd5220') return this.#unknown(p.slice(0, 2));
    if (p.length < 3) return 0;
    const which = p[2]!;
    const end = p.indexOf(0x0d, 3);
    if (end < 0) {
      // A display buffers at most 40 characters; more without CR is garbage.
      return p.length > 3 + 41 ? this.#unknown(p.slice(0, 3)) : 0;
    }
    const text = p.slice(3, end).map((c) => (c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '?'));
    if (which === 0x41 || which === 0x42) {
      // Upper (A) or lower (B) line; the manual wants exactly 20 characters.
      if (text.length !== COLS) this.unknown.push(`ESC Q ${String.fromCharCode(which)} with ${text.length} characters instead of 20`);
      const row = this.cells[which === 0x41 ? 0 : 1]!;
      row.fill(' ');
      text.slice(0, COLS).forEach((c, i) => (row[i] = c));
    } else if (which === 0x44) {
      // The upper line as a marquee: frozen here at its first 20 characters.
      const row = this.cells[0]!;
      row.fill(' ');
      text.slice(0, COLS).forEach((c, i) => (row[i] = c));
    } else {
      return this.#unknown(p.slice(0, 3));
    }
    return end + 1;
  }

  #bracket(c: number): boolean {
    if (this.set !== 'cd5220') return false;
    switch (c) {
      case 0x44: // ESC [ D
        this.left();
        return true;
      case 0x43:
        this.right();
        return true;
      case 0x41:
        this.y = 0;
        return true;
      case 0x42:
        this.y = 1;
        return true;
      case 0x48:
        this.x = 0;
        this.y = 0;
        return true;
      case 0x4c:
        this.x = 0;
        return true;
      case 0x52:
        this.x = COLS - 1;
        return true;
      case 0x4b:
        this.y = 1;
        return true;
      default:
        return false;
    }
  }

  put(ch: string): void {
    this.cells[this.y]![this.x] = ch;
    this.x++;
    if (this.x < COLS) return;
    this.x = 0;
    if (this.y === 0) this.y = 1;
    else if (this.mode === 'vscroll') this.scrollUp();
    else this.y = 0; // overwrite mode: from the end of the lower line back home
  }

  left(): void {
    if (this.x > 0) this.x--;
    else if (this.y === 1) {
      this.y = 0;
      this.x = COLS - 1;
    }
  }

  right(): void {
    this.x++;
    if (this.x >= COLS) {
      this.x = 0;
      this.y = this.y === 0 ? 1 : 0;
    }
  }

  down(): void {
    if (this.y === 0) this.y = 1;
    else if (this.mode === 'vscroll') this.scrollUp();
    else this.y = 0;
  }

  scrollUp(): void {
    this.cells[0] = this.cells[1]!;
    this.cells[1] = Array(COLS).fill(' ');
  }

  moveTo(col: number, row: number): void {
    if (col < 1 || col > COLS || row < 1 || row > 2) {
      this.unknown.push(`cursor to column ${col}, row ${row}`);
      return;
    }
    this.x = col - 1;
    this.y = row - 1;
  }
}

const mode = (m: Mode) => (s: VfdScreen) => {
  s.mode = m;
};
const ignore = () => {};

const ESC_CMDS: Record<number, Cmd> = {
  0x40: {
    args: 0,
    set: 'both',
    run: (s) => {
      s.clearAll();
      s.mode = 'overwrite';
      s.internationalSet = 0;
      s.codeTable = 0;
    },
  },
  0x3d: { args: 1, set: 'both', run: ignore }, // ESC = n: select peripheral
  0x52: { args: 1, set: 'epson', run: (s, [n]) => (s.internationalSet = n!) }, // ESC R n
  0x74: { args: 1, set: 'epson', run: (s, [n]) => (s.codeTable = n!) }, // ESC t n
  0x6c: { args: 2, set: 'cd5220', run: (s, [x, y]) => s.moveTo(x!, y!) }, // ESC l x y
  0x11: { args: 0, set: 'cd5220', run: mode('overwrite') },
  0x12: { args: 0, set: 'cd5220', run: mode('vscroll') },
  0x13: { args: 0, set: 'cd5220', run: mode('hscroll') },
  0x2a: { args: 1, set: 'cd5220', run: ignore }, // ESC * n brightness
  0x5f: { args: 1, set: 'cd5220', run: (s, [n]) => (s.cursorVisible = n === 1) }, // ESC _ n
  0x66: { args: 1, set: 'cd5220', run: ignore }, // ESC f n international font
  0x63: { args: 1, set: 'cd5220', run: ignore }, // ESC c n font
  0x57: { args: 4, set: 'cd5220', run: ignore }, // ESC W s x1 x2 y window
};

const US_CMDS: Record<number, Cmd> = {
  0x01: { args: 0, set: 'both', run: mode('overwrite') },
  0x02: { args: 0, set: 'both', run: mode('vscroll') },
  0x03: { args: 0, set: 'both', run: mode('hscroll') },
  0x24: { args: 2, set: 'epson', run: (s, [x, y]) => s.moveTo(x!, y!) }, // US $ x y
  0x43: { args: 1, set: 'epson', run: (s, [n]) => (s.cursorVisible = n === 1) }, // US C n
  0x58: { args: 1, set: 'epson', run: ignore }, // US X n brightness
  0x45: { args: 1, set: 'epson', run: ignore }, // US E n blink
  0x72: { args: 1, set: 'epson', run: ignore }, // US r n reverse
  0x42: { args: 0, set: 'epson', run: (s) => (s.y = 1) }, // US B
  0x0a: { args: 0, set: 'epson', run: (s) => (s.y = 0) }, // US LF: up
  0x0d: { args: 0, set: 'epson', run: (s) => (s.x = COLS - 1) }, // US CR: right-most
};

export interface DisplaySim {
  readonly screen: VfdScreen;
  lines(): [string, string];
  /** Everything received, in order. */
  received(): Buffer;
  /** Resolves once the screen reads `lines` (trailing spaces ignored); rejects after `timeoutMs` showing what it reads. */
  waitFor(lines: [string, string], timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Open the device end of a pty pair and play a display speaking `set`. */
export function startDisplaySim(devicePath: string, set: VfdCommandSet): DisplaySim {
  const screen = new VfdScreen(set);
  const chunks: Buffer[] = [];
  const waiters = new Set<() => void>();
  const stream = new tty.ReadStream(openSync(devicePath, 'r+'));
  stream.setRawMode(true);
  stream.on('data', (d: Buffer) => {
    chunks.push(d);
    screen.feed(d);
    for (const w of waiters) w();
  });
  stream.on('error', () => {});
  const same = (want: [string, string]) => {
    const got = screen.lines();
    return got[0].trimEnd() === want[0].trimEnd() && got[1].trimEnd() === want[1].trimEnd();
  };
  return {
    screen,
    lines: () => screen.lines(),
    received: () => Buffer.concat(chunks),
    waitFor: (want, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!same(want)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = screen.lines();
          reject(new Error(`the display reads\n  |${got[0]}|\n  |${got[1]}|\nnot\n  |${want[0].padEnd(COLS)}|\n  |${want[1].padEnd(COLS)}|`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: async () => {
      stream.destroy();
    },
  };
}
