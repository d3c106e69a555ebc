#!/usr/bin/env node
// The entry point: colour, run, exit code. Everything else lives in dist/ (built from src/).
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// `kassa report x --json` skips commander (src/fast-path.ts); every other command line takes the full path.
const { fastReportX } = await import('../dist/fast-path.js');
const fast = fastReportX(process.argv);
if (fast) {
  const { existsSync } = await import('node:fs');
  const bundle = new URL('../dist/db/report-x.bundle.js', import.meta.url);
  const { reportXJson } = await import(existsSync(bundle) ? bundle.href : '../dist/fast/report-x.js');
  process.exitCode = await reportXJson(fast);
} else {
  const { run } = await import('../dist/main.js');
  process.exitCode = await run(process.argv);
}
