/**
 * `kassa report x --json` without commander (see src/fast-path.ts), bundled by
 * scripts/bundle-report-x.js into dist/db/report-x.bundle.js. It does what the
 * full command does — the same store path (--db, KASSA_DB, the default), the
 * same report, warnings and JSON, the same errors and exit codes — by calling
 * the same functions.
 */
import { EXIT, failWith } from '../cli-errors.js';
import { warnUnfinished } from '../commands/report-warnings.js';
import { printJson, resolveDbPath, withStore } from '../commands/shared.js';
import type { FastReportX } from '../fast-path.js';
import { loadSettings } from '../services/config.js';
import { xReport } from '../services/reports.js';

export async function reportXJson(args: FastReportX): Promise<number> {
  try {
    await withStore(resolveDbPath({ ...(args.db !== undefined ? { db: args.db } : {}) }), (ctx) => {
      const r = xReport(ctx, args.register ? { register: args.register } : {});
      warnUnfinished(r, loadSettings(ctx).locale);
      printJson(r);
    });
    return EXIT.ok;
  } catch (e) {
    return failWith(e, false);
  }
}
