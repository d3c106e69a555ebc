/**
 * Cuts the byte stream of a serial barcode scanner into codes. Pure: bytes in,
 * codes out, no clock — the driver calls `flush()` when the line went quiet.
 *
 * - A code ends in CR, LF or CRLF. Empty codes are dropped, which is also what
 *   makes CRLF one terminator, even with CR and LF in different chunks.
 * - Scanners set up without a terminator are framed by the pause after a code
 *   (`flush()`).
 * - Control bytes (STX/ETX wrappers, TAB, the GS of GS1 codes, C1 controls) are
 *   stripped; bytes are read as latin1, so codes are plain ASCII in practice.
 * - AIM symbology identifiers (`]E0`…) are kept, except the two that say
 *   nothing beyond the digits: `]E0` before 13 digits (EAN-13, UPC-A) and `]E4`
 *   before 8 (EAN-8). Those are removed so the code matches the catalogue.
 */

const CR = 0x0d;
const LF = 0x0a;

/** Longer input without an end is cut here, so a chattering line cannot use up memory. */
export const MAX_CODE_LENGTH = 8192;

export class CodeFramer {
  #chars: number[] = [];
  #sawTerminator = false;

  /** Feed a chunk as it arrived; returns the codes it completed, in order. */
  push(chunk: Uint8Array): string[] {
    const codes: string[] = [];
    for (const b of chunk) {
      if (b === CR || b === LF) {
        this.#sawTerminator = true;
        this.#end(codes);
      } else if (isPrintable(b) && this.#chars.length < MAX_CODE_LENGTH) {
        this.#chars.push(b);
      }
    }
    return codes;
  }

  /** The line went quiet: what has arrived is a whole code (for scanners without a terminator). */
  flush(): string[] {
    const codes: string[] = [];
    this.#end(codes);
    return codes;
  }

  /** Forget a half-received code (after a disconnect: it must not be glued to the next one). */
  reset(): void {
    this.#chars = [];
  }

  /** Printable bytes are waiting for the end of their code. */
  get partial(): boolean {
    return this.#chars.length > 0;
  }

  /** A CR or LF has been seen: this scanner terminates its codes. */
  get terminated(): boolean {
    return this.#sawTerminator;
  }

  #end(codes: string[]): void {
    const code = cleanCode(String.fromCharCode(...this.#chars));
    this.#chars = [];
    if (code) codes.push(code);
  }
}

function isPrintable(b: number): boolean {
  return (b >= 0x20 && b < 0x7f) || b >= 0xa0;
}

function cleanCode(text: string): string {
  const code = text.trim();
  const aim = /^\](E0(\d{13})|E4(\d{8}))$/.exec(code);
  if (aim) return (aim[2] ?? aim[3])!;
  return code;
}

/** Frame a whole recording at once: every chunk, then a pause. For tests and `kassa devices test`. */
export function frameCodes(chunks: Uint8Array[]): string[] {
  const f = new CodeFramer();
  return [...chunks.flatMap((c) => f.push(c)), ...f.flush()];
}
