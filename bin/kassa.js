#!/usr/bin/env node
// The entry point: colour, run, exit code. Everything else lives in dist/ (built from src/).
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
const { run } = await import('../dist/main.js');
process.exitCode = await run(process.argv);
