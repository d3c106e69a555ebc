/**
 * A QR code as text for a terminal: two module rows per line with the half
 * blocks ▀ ▄ █, so the code stays square-ish (a cell is about twice as tall as
 * wide). With a quiet zone of 2, up to version 6 (a short EPC payment) fits
 * in 23 lines.
 *
 * Without colour, a character cell can only be foreground (the block) or
 * background (a space). Phones and banking apps read dark-on-light codes
 * reliably; many refuse a negative (light-on-dark) code. So which modules get
 * the blocks depends on the terminal's theme:
 *
 * - default: the terminal shows light text on a dark background (most
 *   terminal themes, the Linux console of a Raspberry Pi till). The blocks
 *   draw the light modules and the quiet zone; dark modules stay background.
 * - `invert: true`: dark text on a light background (a light theme, or text
 *   that ends up on paper). The blocks draw the dark modules.
 */

export interface QrTextOptions {
  /** Light modules around the code, in modules; the spec asks 4, 2 is enough for phones on a screen. */
  quietZone?: number;
  /** The foreground is darker than the background: blocks draw the dark modules. */
  invert?: boolean;
}

const GLYPH = [' ', '▄', '▀', '█'] as const; // index: top ink * 2 + bottom ink

/** The lines to print, all of one width, without line ends. */
export function renderQrHalfBlocks(matrix: readonly (readonly boolean[])[], opts?: QrTextOptions): string[] {
  const quiet = opts?.quietZone ?? 2;
  if (!Number.isSafeInteger(quiet) || quiet < 0) throw new RangeError(`quiet zone ${quiet} is not a whole number of modules`);
  const invert = opts?.invert ?? false;
  const n = matrix.length;
  const size = n + 2 * quiet;

  // Ink = drawn with the foreground colour. Rows below the quiet zone (half
  // a line when the height is odd) are background, which is no part of the code.
  const ink = (r: number, c: number): boolean => {
    if (r >= size) return false;
    const inCode = r >= quiet && r < quiet + n && c >= quiet && c < quiet + n;
    const dark = inCode && (matrix[r - quiet]?.[c - quiet] ?? false);
    return invert ? dark : !dark;
  };

  const lines: string[] = [];
  for (let r = 0; r < size; r += 2) {
    let line = '';
    for (let c = 0; c < size; c++) line += GLYPH[(ink(r, c) ? 2 : 0) + (ink(r + 1, c) ? 1 : 0)];
    lines.push(line);
  }
  return lines;
}
