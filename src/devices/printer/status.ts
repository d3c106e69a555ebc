/**
 * What an ESC/POS printer says about itself when asked with `DLE EOT n` (one
 * byte back per request, answered in real time even while the printer is
 * offline). Pure: bytes in, a status out.
 *
 * n = 1 printer status:  bit 2 drawer connector pin 3 level, bit 3 offline
 * n = 2 offline cause:   bit 2 cover open, bit 3 paper fed by the button,
 *                        bit 5 printing stopped by paper end, bit 6 error
 * n = 4 paper sensor:    bits 2-3 roll near its end, bits 5-6 paper end
 * In every answer bit 1 and bit 4 are set and bits 0 and 7 are clear: a byte
 * without that shape is not a status (an echo, noise, a different protocol).
 */
import { KassaError } from '../../core/errors.js';

/** The `n` of the `DLE EOT n` requests Kassa sends. */
export type StatusRequest = 1 | 2 | 4;

export interface StatusAnswers {
  /** The answer to DLE EOT 1. */
  printer: number;
  /** The answer to DLE EOT 2. */
  offline: number;
  /** The answer to DLE EOT 4. */
  paper: number;
}

export interface PrinterStatus {
  online: boolean;
  paperOut: boolean;
  paperLow: boolean;
  coverOpen: boolean;
  /** null where the printer cannot say (no status channel). */
  drawerOpen: boolean | null;
  /** A mechanical or auto-cutter error, or one the printer cannot recover from by itself. */
  error: boolean;
}

const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

/** Bits 1 and 4 set, 0 and 7 clear: the shape every DLE EOT answer has. */
export function isStatusByte(b: number): boolean {
  return Number.isInteger(b) && b >= 0 && b <= 0xff && (b & FIXED_MASK) === FIXED_VALUE;
}

function check(n: StatusRequest, b: number): void {
  if (!isStatusByte(b)) {
    const shown = Number.isInteger(b) && b >= 0 && b <= 0xff ? `0x${b.toString(16).padStart(2, '0')}` : String(b);
    throw new KassaError('DEVICE_FAILED', `the printer's answer to DLE EOT ${n} (${shown}) is not an ESC/POS status byte`, 'check that the address is an ESC/POS receipt printer');
  }
}

/** Combine the three answers; throws DEVICE_FAILED when one of them is malformed. */
export function decodeStatus(a: StatusAnswers): PrinterStatus {
  check(1, a.printer);
  check(2, a.offline);
  check(4, a.paper);
  return {
    online: (a.printer & 0x08) === 0,
    // Either sensor suffices: some printers only set the paper-end bits of n = 4.
    paperOut: (a.offline & 0x20) !== 0 || (a.paper & 0x60) !== 0,
    paperLow: (a.paper & 0x0c) !== 0,
    coverOpen: (a.offline & 0x04) !== 0,
    // The printer reports only the level of pin 3; which level means "open"
    // depends on the drawer's switch. Most drawers (and Epson's and most
    // libraries' default) pull it low while the drawer is open.
    drawerOpen: (a.printer & 0x04) === 0,
    error: (a.offline & 0x40) !== 0,
  };
}

/** Paper, cover and mechanism fine, and online: a job sent now gets printed. */
export function readyToPrint(s: PrinterStatus): boolean {
  return s.online && !s.paperOut && !s.coverOpen && !s.error;
}

const WORDS = {
  nl: { ready: 'klaar', paperOut: 'papier op', paperLow: 'papier bijna op', coverOpen: 'klep open', error: 'storing', offline: 'offline', drawerOpen: 'lade open' },
  en: { ready: 'ready', paperOut: 'paper out', paperLow: 'paper low', coverOpen: 'cover open', error: 'printer error', offline: 'offline', drawerOpen: 'drawer open' },
} as const;

/** A few words for the cashier: "papier op, klep open" / "paper out, cover open", or "klaar" / "ready". */
export function describeStatus(s: PrinterStatus, lang: 'nl' | 'en'): string {
  const w = WORDS[lang];
  const parts: string[] = [];
  if (s.paperOut) parts.push(w.paperOut);
  else if (s.paperLow) parts.push(w.paperLow);
  if (s.coverOpen) parts.push(w.coverOpen);
  if (s.error) parts.push(w.error);
  // Offline is the consequence of the above; alone it needs saying.
  if (!s.online && parts.length === 0) parts.push(w.offline);
  if (s.drawerOpen === true) parts.push(w.drawerOpen);
  return parts.length ? parts.join(', ') : w.ready;
}
