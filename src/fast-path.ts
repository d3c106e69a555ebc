/**
 * The one command line that skips commander: `kassa [--db PATH] report x --json
 * [--register R]`, the X a back office or a script polls through the day.
 * Loading commander, the command tree and Kassa's modules one file at a time
 * costs more than the report itself (docs/PERFORMANCE.md, "End of day"), so
 * bin/kassa.js asks this first and runs that command from one bundled file
 * (src/fast/report-x.ts). Anything else — another option, --help, a typo —
 * is not matched and goes to the full command line, which answers it as it
 * always does. KASSA_FAST=0 turns the fast path off (the tests compare both).
 * Imports nothing: bin/kassa.js loads it for every command.
 */
export interface FastReportX {
  db?: string;
  register?: string;
}

export function fastReportX(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): FastReportX | null {
  if (env.KASSA_FAST === '0') return null;
  const args = argv.slice(2);
  const out: FastReportX = {};
  let i = 0;
  // The value of `--name VALUE` or `--name=VALUE` at i (advancing i), or null when it is not that option.
  const value = (name: string): string | null | undefined => {
    const a = args[i]!;
    if (a.startsWith(`${name}=`)) {
      i++;
      return a.slice(name.length + 1);
    }
    if (a !== name) return undefined;
    const v = args[i + 1];
    i += 2;
    return v === undefined || v.startsWith('-') ? null : v;
  };
  while (i < args.length && args[i] !== 'report') {
    const db = value('--db');
    if (db === undefined || db === null || out.db !== undefined) return null;
    out.db = db;
  }
  if (args[i] !== 'report' || args[i + 1] !== 'x') return null;
  i += 2;
  let json = false;
  while (i < args.length) {
    if (args[i] === '--json' && !json) {
      json = true;
      i++;
      continue;
    }
    const register = value('--register');
    if (register === undefined || register === null || out.register !== undefined) return null;
    out.register = register;
  }
  return json ? out : null;
}
