/**
 * How the CLI ends: exit codes, and what an error says on stderr. Shared by the
 * full command line (main.ts) and the fast path of `kassa report x --json`
 * (fast/report-x.ts), which must answer exactly alike. No commander here.
 */
import { isKassaError } from './core/errors.js';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Say what went wrong and return the exit code for it. */
export function failWith(e: unknown, debug: boolean): number {
  if (isKassaError(e)) {
    process.stderr.write(`kassa: ${e.message}\n`);
    if (e.hint) process.stderr.write(`  ${e.hint}\n`);
    if (debug) process.stderr.write(`${e.stack}\n`);
    return e.code === 'USAGE' || e.code === 'UNKNOWN_SETTING' || e.code === 'INVALID_SETTING' || e.code === 'INVALID_DEVICE' ? EXIT.usage : EXIT.failure;
  }
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'EPIPE') return EXIT.ok; // the reader went away (`| head`)
  if (err?.code === 'SQLITE_BUSY') {
    process.stderr.write('kassa: the store is busy: another kassa is writing to it (an import?)\n  try again when it is done\n');
    return EXIT.failure;
  }
  process.stderr.write(`kassa: unexpected error: ${err?.message ?? String(e)}\n`);
  process.stderr.write(debug ? `${err?.stack}\n` : '  run again with --debug for details, and report it if it persists\n');
  return EXIT.failure;
}
