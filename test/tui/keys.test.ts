import { describe, expect, it } from 'vitest';
import {
  decodeInput,
  MIN_SCAN_LENGTH,
  QUANTITY_PREFIX,
  SCAN_GAP_MS,
  ScanBuffer,
  type EnterResult,
  type KeyEvent,
  type KeyName,
} from '../../src/tui/keys.js';

const key = (name: KeyName): KeyEvent => ({ kind: 'key', name });
const text = (t: string): KeyEvent => ({ kind: 'text', text: t });

describe('decodeInput: text and control characters', () => {
  it.each<[string, string, KeyEvent[]]>([
    ['a typed key', 'a', [text('a')]],
    ['a run stays one event', '871243', [text('871243')]],
    ['a scanner burst with CR', '8712439011619\r', [text('8712439011619'), key('enter')]],
    ['LF is enter', '8712439011619\n', [text('8712439011619'), key('enter')]],
    ['CRLF is one enter', '8712439011619\r\n', [text('8712439011619'), key('enter')]],
    ['LF CR is two', '\n\r', [key('enter'), key('enter')]],
    ['two scans in one chunk', '1234\r5678\r', [text('1234'), key('enter'), text('5678'), key('enter')]],
    ['DEL is backspace', '\x7f', [key('backspace')]],
    ['BS is backspace', '\b', [key('backspace')]],
    ['tab', 'ab\tcd', [text('ab'), key('tab'), text('cd')]],
    ['lone ESC', '\x1b', [key('escape')]],
    ['double ESC is two presses', '\x1b\x1b', [key('escape'), key('escape')]],
    ['ctrl-a', '\x01', [{ kind: 'ctrl', letter: 'a' }]],
    ['ctrl-c', '\x03', [{ kind: 'ctrl', letter: 'c' }]],
    ['ctrl-z', '\x1a', [{ kind: 'ctrl', letter: 'z' }]],
    ['NUL is ignored (the run stays whole)', 'a\x00b', [text('ab')]],
    ['ctrl-\\ and C1 controls are ignored', '\x1c\x85', []],
    ['non-ASCII text', 'crème brûlée 🍰', [text('crème brûlée 🍰')]],
    ['Alt+x is ignored', '\x1bx', []],
    ['Alt+emoji is ignored whole', '\x1b🍰a', [text('a')]],
    ['empty input', '', []],
  ])('%s', (_name, raw, events) => {
    expect(decodeInput(raw)).toEqual(events);
  });
});

describe('decodeInput: escape sequences', () => {
  it.each<[string, string, KeyName]>([
    // xterm, normal and application cursor mode
    ['xterm up', '\x1b[A', 'up'],
    ['xterm down', '\x1b[B', 'down'],
    ['xterm right', '\x1b[C', 'right'],
    ['xterm left', '\x1b[D', 'left'],
    ['xterm app up', '\x1bOA', 'up'],
    ['xterm app down', '\x1bOB', 'down'],
    ['xterm app right', '\x1bOC', 'right'],
    ['xterm app left', '\x1bOD', 'left'],
    ['xterm home', '\x1b[H', 'home'],
    ['xterm end', '\x1b[F', 'end'],
    ['xterm app home', '\x1bOH', 'home'],
    ['xterm app end', '\x1bOF', 'end'],
    ['xterm ctrl-up', '\x1b[1;5A', 'up'],
    ['xterm shift-end', '\x1b[1;2F', 'end'],
    ['xterm F1', '\x1bOP', 'f1'],
    ['xterm F2', '\x1bOQ', 'f2'],
    ['xterm F3', '\x1bOR', 'f3'],
    ['xterm F4', '\x1bOS', 'f4'],
    ['xterm shift-F1', '\x1b[1;2P', 'f1'],
    ['xterm ctrl-F4', '\x1b[1;5S', 'f4'],
    ['xterm F5', '\x1b[15~', 'f5'],
    ['xterm F6', '\x1b[17~', 'f6'],
    ['xterm F7', '\x1b[18~', 'f7'],
    ['xterm F8', '\x1b[19~', 'f8'],
    ['xterm F9', '\x1b[20~', 'f9'],
    ['xterm F10', '\x1b[21~', 'f10'],
    ['xterm F11', '\x1b[23~', 'f11'],
    ['xterm F12', '\x1b[24~', 'f12'],
    ['xterm ctrl-F5', '\x1b[15;5~', 'f5'],
    ['xterm shift-F12', '\x1b[24;2~', 'f12'],
    ['xterm delete', '\x1b[3~', 'delete'],
    ['xterm ctrl-delete', '\x1b[3;5~', 'delete'],
    ['xterm page up', '\x1b[5~', 'pageup'],
    ['xterm page down', '\x1b[6~', 'pagedown'],
    ['xterm keypad enter (app keypad)', '\x1bOM', 'enter'],
    // tmux (TERM=screen / tmux-256color)
    ['tmux home', '\x1b[1~', 'home'],
    ['tmux end', '\x1b[4~', 'end'],
    ['tmux F1', '\x1bOP', 'f1'],
    ['tmux F5', '\x1b[15~', 'f5'],
    ['tmux ctrl-F1', '\x1b[1;5P', 'f1'],
    ['tmux shift-home', '\x1b[1;2H', 'home'],
    ['tmux alt-up (ESC ESC)', '\x1b\x1b[A', 'up'],
    // the Linux console
    ['linux F1', '\x1b[[A', 'f1'],
    ['linux F2', '\x1b[[B', 'f2'],
    ['linux F3', '\x1b[[C', 'f3'],
    ['linux F4', '\x1b[[D', 'f4'],
    ['linux F5', '\x1b[[E', 'f5'],
    ['linux F6', '\x1b[17~', 'f6'],
    ['linux home', '\x1b[1~', 'home'],
    ['linux end', '\x1b[4~', 'end'],
    // rxvt and VT220
    ['rxvt home', '\x1b[7~', 'home'],
    ['rxvt end', '\x1b[8~', 'end'],
    ['VT220 F1', '\x1b[11~', 'f1'],
    ['VT220 F2', '\x1b[12~', 'f2'],
    ['VT220 F3', '\x1b[13~', 'f3'],
    ['VT220 F4', '\x1b[14~', 'f4'],
    ['rxvt ctrl-delete', '\x1b[3^', 'delete'],
  ])('%s', (_name, raw, name) => {
    expect(decodeInput(raw)).toEqual([key(name)]);
  });

  it.each([
    ['insert', '\x1b[2~'],
    ['shift-tab', '\x1b[Z'],
    ['an unassigned tilde key', '\x1b[99~'],
    ['a cursor position report', '\x1b[12;40R'],
    ['a kitty key', '\x1b[97;5u'],
    ['bracketed paste start', '\x1b[200~'],
    ['a cut-off CSI', '\x1b[12'],
    ['a cut-off SS3', '\x1bO'],
    ['an unknown SS3', '\x1bOZ'],
    ['Alt+[', '\x1b['],
  ])('drops %s without typing anything', (_name, raw) => {
    expect(decodeInput(raw)).toEqual([]);
  });

  it('types keypad digits sent in application keypad mode', () => {
    expect(decodeInput('\x1bOs\x1bOj\x1bOp')).toEqual([text('3*0')]);
  });

  it('decodes sequences mixed with text', () => {
    expect(decodeInput('ab\x1b[Acd\x1bOP\r')).toEqual([text('ab'), key('up'), text('cd'), key('f1'), key('enter')]);
  });
});

// Drives a ScanBuffer the way the checkout does: each raw string arrives at its
// own instant and is decoded first.
type Chunk = [atMs: number, raw: string];

function play(chunks: Chunk[]): { results: EnterResult[]; line: string } {
  const buffer = new ScanBuffer();
  const results: EnterResult[] = [];
  for (const [atMs, raw] of chunks) {
    for (const event of decodeInput(raw)) {
      if (event.kind === 'text') buffer.text(event.text, atMs);
      else if (event.kind === 'key' && event.name === 'enter') results.push(buffer.enter(atMs));
      else if (event.kind === 'key' && event.name === 'backspace') buffer.backspace();
    }
  }
  return { results, line: buffer.value() };
}

/** One chunk per character, `gapMs` apart from `startMs`, then Enter `gapMs` later. */
function keyByKey(s: string, startMs: number, gapMs: number | number[], enter = '\r'): Chunk[] {
  const gap = (i: number): number => (Array.isArray(gapMs) ? (gapMs[i % gapMs.length] ?? 0) : gapMs);
  const chunks: Chunk[] = [];
  let at = startMs;
  [...s, enter].forEach((c, i) => {
    chunks.push([at, c]);
    at += gap(i);
  });
  return chunks;
}

const scan = (code: string, prefix = ''): EnterResult => ({ kind: 'scan', code, prefix });
const typed = (t: string): EnterResult => ({ kind: 'typed', text: t });
const EAN = '8712439011619';

describe('ScanBuffer: scanner or person', () => {
  it('exports the thresholds from the issue', () => {
    expect([SCAN_GAP_MS, MIN_SCAN_LENGTH]).toEqual([35, 4]);
  });

  it.each<[string, Chunk[], EnterResult[]]>([
    ['a burst with CR in one chunk', [[1000, `${EAN}\r`]], [scan(EAN)]],
    ['a burst with LF in one chunk', [[1000, `${EAN}\n`]], [scan(EAN)]],
    ['a burst with CRLF in one chunk (one enter)', [[1000, `${EAN}\r\n`]], [scan(EAN)]],
    ['a burst then CR and LF in separate writes', [[1000, EAN], [1003, '\r'], [1006, '\n']], [scan(EAN), { kind: 'empty' }]],
    ['a scanner sending keys 2–5 ms apart then CR', keyByKey(EAN, 1000, [2, 5, 3, 4]), [scan(EAN)]],
    ['a person at 80–200 ms per key', keyByKey('4006381', 1000, [80, 200, 120, 150]), [typed('4006381')]],
    ['a fast person at 40 ms per key', keyByKey('4006381', 1000, 40), [typed('4006381')]],
    ['34 ms gaps are a scan', keyByKey('4006381', 1000, 34), [scan('4006381')]],
    ['35 ms gaps are a person (under, not up to)', keyByKey('4006381', 1000, 35), [typed('4006381')]],
    ['36 ms gaps are a person', keyByKey('4006381', 1000, 36), [typed('4006381')]],
    ['a person typing 3* then a scan', [[1000, '3'], [1150, '*'], [2400, `${EAN}\r`]], [scan(EAN, '3*')]],
    ['a person typing 3* then a key-by-key scan', [[1000, '3'], [1150, '*'], ...keyByKey(EAN, 2400, 3)], [scan(EAN, '3*')]],
    ['a burst after typed text that is no quantity: the scan wins', [[1000, 'a'], [1100, 'b'], [1500, `${EAN}\r`]], [scan(EAN, 'ab')]],
    ['a scan immediately followed by a second scan', [[1000, `${EAN}\r`], [1010, '5449000000996\r']], [scan(EAN), scan('5449000000996')]],
    ['two key-by-key scans back to back', [...keyByKey('12345678', 1000, 3), ...keyByKey('87654321', 1028, 3)], [scan('12345678'), scan('87654321')]],
    ['a 3-character burst is typed, not a scan', [[1000, '123\r']], [typed('123')]],
    ['a 4-character burst is a scan', [[1000, '1234\r']], [scan('1234')]],
    ['a single key and Enter in one chunk (slow machine)', [[1000, '7\r']], [typed('7')]],
    ['a burst, then Enter after a pause, is typed', [[1000, EAN], [1500, '\r']], [typed(EAN)]],
    ['Enter on empty', [[1000, '\r']], [{ kind: 'empty' }]],
    ['Enter after a scan does not re-add it', [[1000, `${EAN}\r`], [3000, '\r']], [scan(EAN), { kind: 'empty' }]],
    ['typed text is trimmed', keyByKey(' 42 ', 1000, 150), [typed('42')]],
    ['only spaces is empty', keyByKey('  ', 1000, 150), [{ kind: 'empty' }]],
    ['backspace edits a typed line', [[1000, '1'], [1100, '2'], [1200, '\x7f'], [1300, '3'], [1500, '\r']], [typed('13')]],
    ['backspace on empty does nothing', [[1000, '\x7f'], [1100, '5'], [1300, '\r']], [typed('5')]],
  ])('%s', (_name, chunks, results) => {
    expect(play(chunks).results).toEqual(results);
  });

  it('shows what was typed or scanned on the input line until Enter', () => {
    const buffer = new ScanBuffer();
    buffer.text('3*', 0);
    buffer.text('871', 500);
    expect(buffer.value()).toBe('3*871');
    buffer.backspace();
    expect(buffer.value()).toBe('3*87');
    buffer.clear();
    expect(buffer.value()).toBe('');
    buffer.text('12345', 900);
    expect(buffer.enter(905)).toEqual(scan('12345'));
    expect(buffer.value()).toBe('');
  });

  it.each([
    ['3*', true],
    ['12*', true],
    ['1,5*', true],
    ['0.250*', true],
    ['1.2345*', false],
    ['*', false],
    ['3', false],
    ['ab*', false],
  ])('QUANTITY_PREFIX %s → %s', (prefix, ok) => {
    expect(QUANTITY_PREFIX.test(prefix)).toBe(ok);
  });
});
