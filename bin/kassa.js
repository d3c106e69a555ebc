#!/usr/bin/env node
// The entry point: colour, run, exit code. Everything else lives in dist/ (built from src/).
// A CommonJS script (bin/package.json says so): Node starts one ~3 ms sooner than an
// ES module, which counts for `kassa report x --json` (docs/PERFORMANCE.md, "End of day").
'use strict';
if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const dist = join(__dirname, '..', 'dist');

// `kassa report x --json` skips commander and never touches process.stdout (src/fast-path.ts);
// every other command line takes the full path.
const fast = require(join(dist, 'fast-path.cjs')).fastReportX(process.argv);
const done = (code) => {
  process.exitCode = code;
};
if (fast) {
  const bundle = join(dist, 'db', 'report-x.bundle.cjs');
  const loaded = require('node:fs').existsSync(bundle) ? Promise.resolve(require(bundle)) : import(pathToFileURL(join(dist, 'fast', 'report-x.js')).href);
  loaded.then((m) => m.reportXJson(fast)).then(done);
} else {
  process.stdout.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  import(pathToFileURL(join(dist, 'main.js')).href).then((m) => m.run(process.argv)).then(done);
}
