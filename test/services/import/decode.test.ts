import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KassaError } from '../../../src/core/errors.js';
import {
  ENCODINGS,
  detectEncoding,
  openDecoded,
  type TextEncodingName,
} from '../../../src/services/import/decode.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures');
const quirk = (name: string): string => join(FIXTURES, 'quirks', name);

const tmp = mkdtempSync(join(tmpdir(), 'kassa-decode-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let fileNo = 0;
function tempFile(bytes: Uint8Array | string): string {
  const path = join(tmp, `f${fileNo++}.csv`);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(
  path: string,
  opts: { encoding?: TextEncodingName; highWaterMark?: number } = {},
): Promise<{ encoding: TextEncodingName; text: string; chunks: string[] }> {
  const source = await openDecoded(path, opts);
  const chunks: string[] = [];
  for await (const chunk of source.chunks) chunks.push(chunk);
  return { encoding: source.encoding, text: chunks.join(''), chunks };
}

async function readError(path: string, opts: { encoding?: TextEncodingName; highWaterMark?: number } = {}) {
  try {
    await readAll(path, opts);
  } catch (e) {
    if (e instanceof KassaError) return { code: e.code, message: e.message, hint: e.hint };
    throw e;
  }
  throw new Error(`${path} was read without an error`);
}

function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf16le'));
}

describe('detectEncoding', () => {
  it.each<[string, number[], TextEncodingName, number]>([
    ['a UTF-8 BOM', [0xef, 0xbb, 0xbf, 0x61], 'utf-8', 3],
    ['a UTF-16LE BOM', [0xff, 0xfe, 0x61, 0x00], 'utf-16le', 2],
    ['a UTF-16BE BOM', [0xfe, 0xff, 0x00, 0x61], 'utf-16be', 2],
    ['UTF-16LE text without a BOM', [0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a, 0x00], 'utf-16le', 0],
    ['UTF-16BE text without a BOM', [0x00, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00, 0x0a], 'utf-16be', 0],
    ['ASCII', [0x61, 0x2c, 0x62, 0x0a], 'utf-8', 0],
    ['nothing at all', [], 'utf-8', 0],
    ['valid UTF-8', [...Buffer.from('Münster;€;😀')], 'utf-8', 0],
    ['UTF-8 cut inside a character at the end', [...Buffer.from('Münster €').subarray(0, -1)], 'utf-8', 0],
    ['UTF-8 cut inside a 4-byte character at the end', [0x61, 0xf0, 0x9f, 0x98], 'utf-8', 0],
    ['Windows-1252 umlauts', [0x4d, 0xfc, 0x6e, 0x73, 0x74, 0x65, 0x72], 'windows-1252', 0],
    ['Windows-1252 euro sign', [0x80, 0x20, 0x31], 'windows-1252', 0],
    ['an impossible lead byte cut at the end', [0x61, 0xc0], 'windows-1252', 0],
    ['an overlong form', [0xe0, 0x80, 0x80], 'windows-1252', 0],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], 'windows-1252', 0],
    ['one NUL byte in UTF-8 text', [...Buffer.from('a,b,c\n\0,2,3\n')], 'utf-8', 0],
  ])('%s', (_name, bytes, encoding, bom) => {
    expect(detectEncoding(new Uint8Array(bytes))).toEqual({ encoding, bom });
  });

  it('lists the encodings it can read', () => {
    expect([...ENCODINGS].sort()).toEqual(['utf-16be', 'utf-16le', 'utf-8', 'windows-1252']);
  });
});

describe('openDecoded: the fixture files', () => {
  it('UTF-8 with a BOM: the BOM is stripped, the last character decoded', async () => {
    const { encoding, text } = await readAll(quirk('test_utf8_bom.csv'));
    expect(encoding).toBe('utf-8');
    expect(text).toBe('foo,bar,baz\n1,2,3\n4,5,ʤ\n');
  });

  it('UTF-16BE with a BOM', async () => {
    const { encoding, text } = await readAll(quirk('test_utf16_big.csv'));
    expect(encoding).toBe('utf-16be');
    expect(text).toBe('a,b,c\n1,2,3\n4,5,ʤ');
  });

  it('Windows-1252: umlauts read the same as in the UTF-8 original', async () => {
    const { encoding, text } = await readAll(quirk('shopware5_prices_windows1252.csv'));
    expect(encoding).toBe('windows-1252');
    expect(text).toBe(readFileSync(quirk('shopware5_prices_semicolon_decimal_comma.csv'), 'utf8'));
    expect(text).toContain('Münsterländer');
  });

  it('a NUL byte does not make a UTF-8 file UTF-16 (the CSV parser reports it)', async () => {
    const { encoding, text } = await readAll(quirk('null_byte.csv'));
    expect(encoding).toBe('utf-8');
    expect(text).toBe('a,b,c\n\0,2,3\n');
  });

  it.each([1, 2, 3, 5])('the same text in chunks of %i bytes', async (highWaterMark) => {
    for (const name of ['test_utf8_bom.csv', 'test_utf16_big.csv', 'shopware5_prices_windows1252.csv']) {
      const whole = await readAll(quirk(name));
      const small = await readAll(quirk(name), { highWaterMark });
      expect(small.text).toBe(whole.text);
      expect(small.chunks.length).toBeGreaterThan(1);
    }
  });
});

describe('openDecoded: generated files', () => {
  const sample = 'sku,name,price\nA1,"Käse, alt",2.50\nA2,Crème brûlée ʤ,€ 3\nA3,Smiley 😀,1\n';

  it('UTF-16LE with a BOM', async () => {
    const path = tempFile(new Uint8Array([0xff, 0xfe, ...utf16le(sample)]));
    expect(await readAll(path)).toMatchObject({ encoding: 'utf-16le', text: sample });
  });

  it('UTF-16LE without a BOM is recognised by its zero bytes', async () => {
    const path = tempFile(utf16le(sample));
    expect(await readAll(path)).toMatchObject({ encoding: 'utf-16le', text: sample });
  });

  it('UTF-16LE split inside characters and surrogate pairs', async () => {
    const path = tempFile(new Uint8Array([0xff, 0xfe, ...utf16le(sample)]));
    for (const highWaterMark of [1, 3, 5, 7]) {
      expect((await readAll(path, { highWaterMark })).text).toBe(sample);
    }
  });

  it('UTF-8 split inside 2-, 3- and 4-byte characters', async () => {
    const text = 'ä€😀ʤ,'.repeat(50);
    const path = tempFile(text);
    for (const highWaterMark of [1, 2, 3, 4, 5, 6, 7]) {
      const read = await readAll(path, { highWaterMark });
      expect(read.text).toBe(text);
      expect(read.chunks.length).toBeGreaterThan(50);
    }
  });

  it('a file larger than the detection head, with a character across its end', async () => {
    // 65,535 ASCII bytes, then '€' (3 bytes) straddles the 64 KiB head.
    const text = `${'a'.repeat(65_535)}€${'b,ä\n'.repeat(40_000)}`;
    const path = tempFile(text);
    for (const highWaterMark of [undefined, 1000, 4096]) {
      const read = await readAll(path, highWaterMark ? { highWaterMark } : {});
      expect(read.encoding).toBe('utf-8');
      expect(read.text === text).toBe(true);
    }
  });

  it('Windows-1252 bytes 0x80–0x9F are not Latin-1 (Node 20 gets this wrong)', async () => {
    const path = tempFile(new Uint8Array([0x80, 0x3b, 0x82, 0x84, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0x81, 0xe9]));
    const read = await readAll(path);
    expect(read.encoding).toBe('windows-1252');
    expect(read.text).toBe('€;‚„…‘’“”–—™Ÿ\u0081é');
  });

  it('an encoding that is given is used as given', async () => {
    const path = tempFile(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('Käse')]));
    expect(await readAll(path, { encoding: 'utf-8' })).toMatchObject({ encoding: 'utf-8', text: 'Käse' });
    // A UTF-8 BOM read as Windows-1252 is text, not a BOM.
    expect(await readAll(path, { encoding: 'windows-1252' })).toMatchObject({
      encoding: 'windows-1252',
      text: 'ï»¿KÃ¤se',
    });
  });

  it('an empty file', async () => {
    expect(await readAll(tempFile(''))).toEqual({ encoding: 'utf-8', text: '', chunks: [] });
  });
});

describe('openDecoded: unreadable files', () => {
  const utf8Hint = 'pass --encoding windows-1252 if the file comes from Excel on Windows';

  it('invalid UTF-8 after the first 64 KiB of a file that was UTF-8 there names its byte offset', async () => {
    const bytes = new Uint8Array([...Buffer.from('é,b\n'), ...Buffer.from('a,b\n'.repeat(20_000)), 0x4d, 0xfc, 0x6e, 0x0a]);
    const path = tempFile(bytes);
    expect(await readError(path)).toEqual({
      code: 'IMPORT_FILE_UNREADABLE',
      message: `${path}: not valid UTF-8 near byte 80006`,
      hint: utf8Hint,
    });
  });

  it('a file that is plain ASCII for its first 64 KiB and not UTF-8 later is read as Windows-1252', async () => {
    const bytes = new Uint8Array([...Buffer.from('a,b\n'.repeat(20_000)), 0x4d, 0xfc, 0x6e, 0x80, 0x0a]);
    const { text } = await readAll(tempFile(bytes));
    expect(text.endsWith('a,b\nMün€\n')).toBe(true);
    expect(text.length).toBe(80_005);
  });

  it('the offset counts the BOM and finds a sequence broken across chunks', async () => {
    // BOM (3) + 99 ASCII bytes, then C3 (lead of a 2-byte character) and an ASCII byte.
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from('x'.repeat(99)), 0xc3, 0x41, 0x0a]);
    const path = tempFile(bytes);
    for (const highWaterMark of [1, 2, 7, 50, 1 << 20]) {
      expect((await readError(path, { highWaterMark })).message).toBe(`${path}: not valid UTF-8 near byte 102`);
    }
  });

  it('a file that ends inside a UTF-8 character', async () => {
    const path = tempFile(new Uint8Array([...Buffer.from('a'.repeat(70_000)), 0xe2, 0x82]));
    expect(await readError(path, { encoding: 'utf-8' })).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: `${path}: not valid UTF-8 near byte 70000`,
    });
  });

  it('a lone surrogate in UTF-16', async () => {
    const path = tempFile(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x62, 0x00]));
    expect(await readError(path)).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
  });

  it('a missing file', async () => {
    const path = join(tmp, 'missing.csv');
    expect(await openDecoded(path).catch((e: unknown) => e)).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: `${path}: no such file`,
    });
  });

  it('a directory', async () => {
    expect(await openDecoded(tmp).catch((e: unknown) => e)).toMatchObject({
      code: 'IMPORT_FILE_UNREADABLE',
      message: `${tmp}: is a directory`,
    });
  });
});
