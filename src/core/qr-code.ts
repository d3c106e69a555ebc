/**
 * QR code symbols as a matrix of modules, for the EPC payment code and anything
 * else a receipt or screen shows. The encoding itself (Reed–Solomon, masking
 * with the penalty rules, version choice) is qrcode-generator's: MIT, no
 * dependencies of its own, and widely used; a few hundred lines we need not
 * maintain. This wrapper pins down what Kassa relies on: UTF-8 in byte mode,
 * the smallest version that fits, and a plain boolean matrix out.
 */
import qrcode from 'qrcode-generator';

export type QrEcLevel = 'L' | 'M' | 'Q' | 'H';

const encoder = new TextEncoder();

/**
 * The module matrix of the smallest QR code holding `text` as UTF-8 bytes in
 * byte mode; `matrix[row][col]`, true = dark. No quiet zone: renderers add it.
 * Throws a RangeError when the text does not fit in version 40.
 */
export function qrMatrix(text: string, ecLevel: QrEcLevel = 'M'): boolean[][] {
  const qr = qrcode(0, ecLevel);
  // The library turns each UTF-16 unit into one byte (c & 0xff). Handing it
  // the UTF-8 bytes as a "binary string" gets the right bytes without
  // switching its global stringToBytes, which other code might share.
  let binary = '';
  for (const b of encoder.encode(text)) binary += String.fromCharCode(b);
  qr.addData(binary, 'Byte');
  try {
    qr.make();
  } catch (e) {
    // It throws strings ("code length overflow. (…)"), not Errors.
    throw new RangeError(`cannot encode ${binary.length} bytes in a QR code at level ${ecLevel}: ${String(e)}`);
  }
  const n = qr.getModuleCount();
  const matrix: boolean[][] = [];
  for (let r = 0; r < n; r++) {
    const row: boolean[] = [];
    for (let c = 0; c < n; c++) row.push(qr.isDark(r, c));
    matrix.push(row);
  }
  return matrix;
}

/** The version (1–40) of a square module matrix: 21 modules for version 1, 4 more per version. */
export function qrVersionOf(matrix: readonly (readonly boolean[])[]): number {
  return (matrix.length - 17) / 4;
}
