/**
 * `kassa report x --json` without commander (see src/fast-path.ts), bundled by
 * scripts/bundle-report-x.js into dist/db/report-x.bundle.cjs. It does what the
 * full command does — the same store path (--db, KASSA_DB, the default), the
 * same report, warnings and JSON, the same errors and exit codes — by calling
 * the same functions.
 */
import { writeSync } from 'node:fs';
import { EXIT, failWith } from '../cli-errors.js';
import { warnUnfinished } from '../commands/report-warnings.js';
import { resolveDbPath, withStore } from '../commands/shared.js';
import type { FastReportX } from '../fast-path.js';
import { loadSettings } from '../services/config.js';
import { xReport } from '../services/reports.js';

export async function reportXJson(args: FastReportX): Promise<number> {
  try {
    await withStore(resolveDbPath({ ...(args.db !== undefined ? { db: args.db } : {}) }), (ctx) => {
      const r = xReport(ctx, args.register ? { register: args.register } : {});
      warnUnfinished(r, loadSettings(ctx).locale);
      writeStdout(JSON.stringify(r, null, 2) + '\n');
    });
    return EXIT.ok;
  } catch (e) {
    return failWith(e, false);
  }
}

/**
 * The JSON straight to file descriptor 1. The first touch of `process.stdout`
 * sets up Node's stream machinery (~3 ms, a tenth of this command); this writes
 * the same bytes with write(2). A full pipe that was handed over non-blocking
 * answers EAGAIN: wait for it and go on. EPIPE (the reader went away) is thrown
 * and ends the command quietly, as on the full path.
 */
function writeStdout(text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done, bytes.length - done);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}
