// Keyboard input for the checkout, as pure code: no Ink, no Node, no timers.
//
// Ink's input parser hands us one string per event: a run of plain text exactly
// as it arrived in one stdin chunk (a scanner burst "8712439011619\r" is ONE
// string, a person typing gives one string per key) or a single escape
// sequence. `decodeInput` turns such a string into key events; `ScanBuffer`
// tells a keyboard-wedge scanner from a person by timing (issue 4).

export type KeyName =
  | 'enter' | 'escape' | 'backspace' | 'delete' | 'tab'
  | 'up' | 'down' | 'left' | 'right'
  | 'pageup' | 'pagedown' | 'home' | 'end'
  | 'f1' | 'f2' | 'f3' | 'f4' | 'f5' | 'f6' | 'f7' | 'f8' | 'f9' | 'f10' | 'f11' | 'f12';

export type KeyEvent =
  | { kind: 'text'; text: string }
  | { kind: 'key'; name: KeyName }
  | { kind: 'ctrl'; letter: string };

const ESC = '\x1b';

// CSI with a letter final: xterm cursor keys, home/end, and F1–F4 with
// modifiers (CSI 1;2P). Only no parameter or a first parameter of 1 counts, so
// that a cursor position report (CSI 12;40R) is not taken for F3.
const CSI_LETTER: Record<string, KeyName> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end',
  P: 'f1', Q: 'f2', R: 'f3', S: 'f4',
};

// SS3: xterm/tmux cursor keys in application mode, xterm home/end, F1–F4, and
// keypad Enter in application keypad mode (tills often have a numeric keypad).
const SS3: Record<string, KeyName> = { ...CSI_LETTER, M: 'enter' };
// Application keypad digits and operators: ESC O p = '0' … ESC O y = '9'.
const SS3_KEYPAD_FINALS = 'jklmnopqrstuvwxy';
const SS3_KEYPAD_TEXT = '*+,-./0123456789';

// VT220-style CSI n ~ (xterm, tmux, the Linux console, rxvt). A modifier as a
// second parameter (CSI 15;5~) is ignored: ctrl-F5 is F5 at the till.
const CSI_TILDE: Record<string, KeyName> = {
  '1': 'home', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end',
  '11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5',
  '17': 'f6', '18': 'f7', '19': 'f8', '20': 'f9', '21': 'f10', '23': 'f11', '24': 'f12',
};

// The Linux console's F1–F5: CSI [A … CSI [E.
const LINUX_CONSOLE_F: Record<string, KeyName> = { A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5' };

// CSI: optional '[' (Linux console), parameter bytes, intermediate bytes, final
// byte (the same grammar as Ink's parser). The final byte is optional so that
// a cut-off sequence is still swallowed whole instead of leaking into text.
const CSI_RE = /\x1b\[(\[?)([0-?]*)[ -/]*([@-~])?/y;
const SS3_RE = /\x1bO([@-~])?/y;

type Match = { length: number; event: KeyEvent | undefined };

function matchSequence(raw: string, at: number): Match | undefined {
  CSI_RE.lastIndex = at;
  const csi = CSI_RE.exec(raw);
  if (csi) return { length: csi[0].length, event: decodeCsi(csi[1] === '[', csi[2] ?? '', csi[3]) };
  SS3_RE.lastIndex = at;
  const ss3 = SS3_RE.exec(raw);
  if (ss3) return { length: ss3[0].length, event: decodeSs3(ss3[1]) };
  return undefined;
}

function decodeCsi(linux: boolean, params: string, final: string | undefined): KeyEvent | undefined {
  if (final === undefined) return undefined;
  let name: KeyName | undefined;
  if (linux) name = LINUX_CONSOLE_F[final];
  // rxvt marks ctrl with '^' instead of '~' (its shift '$' is an intermediate
  // byte, so such a sequence never completes and is dropped).
  else if (final === '~' || final === '^') name = CSI_TILDE[params.split(';')[0] ?? ''];
  else if (/^(1(;\d+)?)?$/.test(params)) name = CSI_LETTER[final];
  return name && { kind: 'key', name };
}

function decodeSs3(final: string | undefined): KeyEvent | undefined {
  if (final === undefined) return undefined;
  const keypad = SS3_KEYPAD_FINALS.indexOf(final);
  if (keypad >= 0) return { kind: 'text', text: SS3_KEYPAD_TEXT[keypad] ?? '' };
  const name = SS3[final];
  return name && { kind: 'key', name };
}

function decodeControl(code: number): KeyEvent | undefined {
  switch (code) {
    case 0x0d: case 0x0a: return { kind: 'key', name: 'enter' };
    case 0x7f: case 0x08: return { kind: 'key', name: 'backspace' };
    case 0x09: return { kind: 'key', name: 'tab' };
  }
  // Ctrl-A … Ctrl-Z; NUL, Ctrl-\ ] ^ _ and C1 controls mean nothing here.
  if (code >= 0x01 && code <= 0x1a) return { kind: 'ctrl', letter: String.fromCharCode(0x60 + code) };
  return undefined;
}

const isControl = (code: number): boolean => code < 0x20 || (code >= 0x7f && code <= 0x9f);

/** Turns one raw input string into key events; unknown sequences are dropped. */
export function decodeInput(raw: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  let text = '';
  const push = (event: KeyEvent | undefined): void => {
    if (!event) return;
    if (event.kind === 'text') {
      text += event.text;
      return;
    }
    if (text) events.push({ kind: 'text', text });
    text = '';
    events.push(event);
  };

  let i = 0;
  while (i < raw.length) {
    const code = raw.codePointAt(i) ?? 0;
    if (code === 0x1b) {
      // Ink passes Alt+key as ESC ESC [ A: the Alt is ignored, the key kept.
      const start = raw[i + 1] === ESC && matchSequence(raw, i + 1) ? i + 1 : i;
      const seq = matchSequence(raw, start);
      if (seq) {
        push(seq.event);
        i = start + seq.length;
        continue;
      }
      const next = raw.codePointAt(i + 1);
      if (next === undefined || next === 0x1b) {
        push({ kind: 'key', name: 'escape' });
        i += 1;
        continue;
      }
      // Alt+x: not a key the till uses, and it must not type an 'x'.
      i += 1 + (next > 0xffff ? 2 : 1);
      continue;
    }
    if (isControl(code)) {
      push(decodeControl(code));
      // CR LF is one Enter (scanners set to send CRLF).
      i += code === 0x0d && raw[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    const char = String.fromCodePoint(code);
    text += char;
    i += char.length;
  }
  if (text) events.push({ kind: 'text', text });
  return events;
}

// Scanner or person?
//
// A keyboard-wedge scanner "types" a whole code and Enter within a few
// milliseconds: either as one write (one chunk, all at the same instant) or key
// by key 2–10 ms apart. A person needs 80–200 ms per key and even a very fast
// typist rarely gets under 40 ms, so gaps under SCAN_GAP_MS mean a machine.
// Short fast runs (a person's double tap, "12" rolled) are not codes: any
// barcode the till reads is at least MIN_SCAN_LENGTH long.
//
// The rule, applied on Enter: the trailing run of characters whose gaps to each
// other and to the Enter are all under SCAN_GAP_MS, if at least MIN_SCAN_LENGTH
// long, is a scan. What precedes it was typed by a person and is returned as
// the prefix ("3*" for a quantity, or anything else: the caller decides). A
// burst with its Enter in one chunk has gaps of 0, so it is a scan whenever it
// has 4+ characters. Otherwise the line is what a person typed.
//
// Enter always clears the buffer, and Enter on an empty buffer is `empty`, so a
// second Enter (a scanner sending CR and LF in separate writes, a person
// double-pressing) never adds the previous item again.

export const SCAN_GAP_MS = 35;
export const MIN_SCAN_LENGTH = 4;
/** A hand-typed quantity before a scan or code: "3*", "1,5*", "0.250*". */
export const QUANTITY_PREFIX = /^\d+([.,]\d{1,3})?\*$/;

export type EnterResult =
  | { kind: 'scan'; code: string; prefix: string }
  | { kind: 'typed'; text: string }
  | { kind: 'empty' };

/** The input line with the instant each character arrived (ms, caller's clock). */
export class ScanBuffer {
  private chars: { char: string; atMs: number }[] = [];

  /** All of `s` arrived at `atMs` (one chunk). */
  text(s: string, atMs: number): void {
    for (const char of s) this.chars.push({ char, atMs });
  }

  backspace(): void {
    this.chars.pop();
  }

  clear(): void {
    this.chars = [];
  }

  value(): string {
    return this.chars.map((c) => c.char).join('');
  }

  enter(atMs: number): EnterResult {
    const chars = this.chars;
    this.chars = [];
    let start = chars.length;
    let nextAtMs = atMs;
    while (start > 0) {
      const prev = chars[start - 1];
      if (!prev || nextAtMs - prev.atMs >= SCAN_GAP_MS) break;
      nextAtMs = prev.atMs;
      start -= 1;
    }
    const join = (from: number, to: number): string => chars.slice(from, to).map((c) => c.char).join('');
    if (chars.length - start >= MIN_SCAN_LENGTH) {
      return { kind: 'scan', code: join(start, chars.length), prefix: join(0, start) };
    }
    const text = join(0, chars.length).trim();
    return text ? { kind: 'typed', text } : { kind: 'empty' };
  }
}
