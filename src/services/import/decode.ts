/**
 * Reading a catalogue file as text: detect its encoding, strip the byte order
 * mark, and decode it in a stream, so a file of any size is read in bounded
 * memory.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { isAscii } from 'node:buffer';
import { KassaError } from '../../core/errors.js';

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export const ENCODINGS: readonly TextEncodingName[] = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'];

export interface DecodedSource {
  encoding: TextEncodingName;
  /** The text without the BOM. Iterate it once; breaking out early closes the file. */
  chunks: AsyncIterable<string>;
}

/** Bytes looked at to detect the encoding. */
const HEAD_BYTES = 64 * 1024;
/**
 * 64 KiB rather than 1 MiB: on a 107 MB catalogue, decoding and parsing took
 * 0.61 s at 82 MB peak RSS against 0.74 s at 160 MB with 1 MiB reads (1 MiB
 * strings live in V8's large-object space and wait for a full GC; 64 KiB ones
 * die young).
 */
const DEFAULT_HIGH_WATER_MARK = 64 * 1024;

/**
 * The encoding of a file from its first bytes, and the length of its byte
 * order mark. Without a BOM: many zero bytes at odd (even) offsets mean
 * UTF-16LE (BE), as in text that is mostly ASCII; otherwise valid UTF-8 is
 * UTF-8 (a sequence cut off at the end of `head` does not count against it),
 * and anything else is taken for Windows-1252, what Excel on Windows writes.
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncodingName; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };

  const pairs = head.length >> 1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  // A stray NUL in a UTF-8 file must not make it UTF-16: ask for a clear majority.
  if (oddZeros > 0 && oddZeros >= pairs * 0.3 && oddZeros > evenZeros * 4) return { encoding: 'utf-16le', bom: 0 };
  if (evenZeros > 0 && evenZeros >= pairs * 0.3 && evenZeros > oddZeros * 4) return { encoding: 'utf-16be', bom: 0 };

  if (firstInvalidUtf8(head, true) === -1) return { encoding: 'utf-8', bom: 0 };
  return { encoding: 'windows-1252', bom: 0 };
}

/**
 * Open a text file for streaming, in reads of `highWaterMark` bytes (default
 * 64 KiB). The encoding is detected from the first 64 KiB unless given, the
 * BOM is stripped (when it belongs to that encoding), and the rest is decoded
 * strictly: bytes that are not valid in the encoding raise
 * IMPORT_FILE_UNREADABLE naming their byte offset (0-based, BOM included).
 *
 * The file stays open until `chunks` has been read to the end, has thrown, or
 * was left early (`break`); a source that is never iterated keeps it open.
 */
export async function openDecoded(
  path: string,
  opts: { encoding?: TextEncodingName; highWaterMark?: number } = {},
): Promise<DecodedSource> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (e) {
    throw unreadable(path, e);
  }
  let head: Uint8Array;
  try {
    head = await readHead(handle, HEAD_BYTES);
  } catch (e) {
    await handle.close().catch(() => undefined);
    throw unreadable(path, e);
  }
  const detected = detectEncoding(head);
  const encoding = opts.encoding ?? detected.encoding;
  // A BOM of another encoding than the one asked for is text in that encoding.
  const bom = detected.encoding === encoding ? detected.bom : 0;
  const highWaterMark = opts.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  // Detection saw only the head: a file that was plain ASCII there and turns out
  // not to be UTF-8 further on is an Excel export in Windows-1252.
  const fallback = !opts.encoding && encoding === 'utf-8' && bom === 0;
  return { encoding, chunks: decodeFile(path, handle, head, bom, encoding, highWaterMark, fallback) };
}

/** Read up to `size` bytes from the current position (a pipe may give them in pieces). */
async function readHead(handle: FileHandle, size: number): Promise<Uint8Array> {
  const buf = new Uint8Array(size);
  let n = 0;
  while (n < size) {
    const { bytesRead } = await handle.read(buf, n, size - n, null);
    if (bytesRead === 0) break;
    n += bytesRead;
  }
  return buf.subarray(0, n);
}

async function* decodeFile(
  path: string,
  handle: FileHandle,
  head: Uint8Array,
  bom: number,
  encoding: TextEncodingName,
  highWaterMark: number,
  fallbackTo1252: boolean,
): AsyncGenerator<string, void, undefined> {
  let decoder = createDecoder(path, encoding, bom);
  if (fallbackTo1252) {
    // While every byte so far was ASCII, the first one that is not valid UTF-8
    // switches the rest of the file to Windows-1252 (nothing decoded before differs).
    const utf8 = decoder;
    let asciiSoFar = true;
    decoder = {
      decode(bytes) {
        if (!asciiSoFar) return utf8.decode(bytes);
        try {
          const text = utf8.decode(bytes);
          asciiSoFar = isAscii(bytes);
          return text;
        } catch (e) {
          decoder = createDecoder(path, 'windows-1252', 0);
          return decoder.decode(bytes);
        }
      },
      end: () => utf8.end(),
    };
  }
  try {
    // The head was read for detection; hand it on in pieces no larger than the stream's.
    for (let at = bom; at < head.length; at += highWaterMark) {
      const text = decoder.decode(head.subarray(at, Math.min(at + highWaterMark, head.length)));
      if (text) yield text;
    }
    if (head.length === HEAD_BYTES) {
      // The rest of the file, from where reading the head stopped.
      const stream = handle.createReadStream({ highWaterMark, autoClose: false });
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          const text = decoder.decode(chunk);
          if (text) yield text;
        }
      } catch (e) {
        if (e instanceof KassaError) throw e;
        throw unreadable(path, e);
      } finally {
        stream.destroy();
      }
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    await handle.close().catch(() => undefined);
  }
}

interface ChunkDecoder {
  decode(bytes: Uint8Array): string;
  end(): string;
}

function createDecoder(path: string, encoding: TextEncodingName, startOffset: number): ChunkDecoder {
  if (encoding === 'windows-1252') {
    // Node 20.18.3+ decodes 'windows-1252' as Latin-1 (0x80 → U+0080 instead of €):
    // https://github.com/nodejs/node/issues/60888. Single-byte, so no state to keep.
    return { decode: decodeWindows1252, end: () => '' };
  }
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  /** File offset of the next byte to decode. */
  let offset = startOffset;
  /** The last (up to 3) bytes decoded, to find the start of a sequence cut by a chunk end. */
  let last: Uint8Array = new Uint8Array(0);

  const fail = (at: number): KassaError =>
    encoding === 'utf-8'
      ? new KassaError(
          'IMPORT_FILE_UNREADABLE',
          `${path}: not valid UTF-8 near byte ${at}`,
          'pass --encoding windows-1252 if the file comes from Excel on Windows',
        )
      : new KassaError(
          'IMPORT_FILE_UNREADABLE',
          `${path}: not valid ${encoding.toUpperCase()} near byte ${at}`,
          'the file may not be UTF-16; pass --encoding utf-8 or --encoding windows-1252',
        );

  return {
    decode(bytes) {
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw fail(encoding === 'utf-8' ? utf8ErrorOffset(last, bytes, offset) : offset);
      }
      offset += bytes.length;
      last = lastBytes(last, bytes, 3);
      return text;
    },
    end() {
      try {
        return decoder.decode();
      } catch {
        // The file ends inside a character.
        throw fail(encoding === 'utf-8' ? offset - truncatedUtf8Tail(last) : offset - 1);
      }
    },
  };
}

/** Windows-1252 differs from Latin-1 only in 0x80–0x9F (WHATWG index-windows-1252). */
const CP1252_80_9F =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';
const C1 = /[\u0080-\u009F]/g;

function decodeWindows1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  C1.lastIndex = 0;
  return C1.test(latin1) ? latin1.replace(C1, (c) => CP1252_80_9F[c.charCodeAt(0) - 0x80] ?? c) : latin1;
}

/**
 * Index of the first byte of the first invalid UTF-8 sequence, or -1
 * (https://encoding.spec.whatwg.org/#utf-8-decoder: no overlong forms, no
 * surrogates, nothing above U+10FFFF). With `allowCutEnd`, a sequence cut
 * off by the end of `bytes` is fine if it is valid so far.
 */
function firstInvalidUtf8(bytes: Uint8Array, allowCutEnd: boolean): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let more: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) more = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      more = 2;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      more = 3;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= more; k++) {
      if (i + k >= n) return allowCutEnd ? -1 : i;
      const c = bytes[i + k]!;
      if (c < lo || c > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += more + 1;
  }
  return -1;
}

/** Length of the sequence cut off at the end of valid UTF-8 `tail` (0–3). */
function truncatedUtf8Tail(tail: Uint8Array): number {
  for (let k = 1; k <= 3 && k <= tail.length; k++) {
    const b = tail[tail.length - k]!;
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > k ? k : 0;
    }
  }
  return 0;
}

/** File offset of the first invalid byte in `bytes` (at `offset`), after the valid `last` bytes. */
function utf8ErrorOffset(last: Uint8Array, bytes: Uint8Array, offset: number): number {
  const cut = truncatedUtf8Tail(last);
  const joined = new Uint8Array(cut + bytes.length);
  joined.set(last.subarray(last.length - cut), 0);
  joined.set(bytes, cut);
  const at = firstInvalidUtf8(joined, true);
  return at === -1 ? offset : offset - cut + at;
}

function lastBytes(previous: Uint8Array, bytes: Uint8Array, n: number): Uint8Array {
  if (bytes.length >= n) return bytes.slice(bytes.length - n);
  const joined = new Uint8Array(previous.length + bytes.length);
  joined.set(previous, 0);
  joined.set(bytes, previous.length);
  return joined.slice(Math.max(0, joined.length - n));
}

function unreadable(path: string, e: unknown): KassaError {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return new KassaError('IMPORT_FILE_UNREADABLE', `${path}: no such file`, 'check the path and the current directory');
    case 'EACCES':
    case 'EPERM':
      return new KassaError('IMPORT_FILE_UNREADABLE', `${path}: permission denied`, 'check that you may read the file');
    case 'EISDIR':
      return new KassaError('IMPORT_FILE_UNREADABLE', `${path}: is a directory`, 'pass the path of a file');
    default: {
      const reason = e instanceof Error ? e.message : String(e);
      return new KassaError(
        'IMPORT_FILE_UNREADABLE',
        `${path}: cannot be read (${reason})`,
        'check that the file is a readable local file',
      );
    }
  }
}
