// The fast path of `kassa report x --json` (src/fast-path.ts): dist/fast/report-x.js
// (tsc's output) with the Kassa modules it uses in one file, because loading some
// thirty modules one at a time costs Node ~20 ms, more than the report itself.
// It sits in dist/db/, beside database.js, so what database.js finds from its own
// location (the migrations, better-sqlite3's addon) is found from the bundle too.
// better-sqlite3 stays a package. Nothing from the bundle meets the modules of
// dist/ at run time (it runs only that command), so its own copies of them
// (KassaError among them) never mix with theirs.
//
// Run by `npm run build`, after tsc and the migrations' copy.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [resolve(root, 'dist/fast/report-x.js')],
  outfile: resolve(root, 'dist/db/report-x.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['better-sqlite3'],
  minifySyntax: true,
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});
const inputs = Object.keys(result.metafile.inputs);
// Only the report's own modules: a render, device or commander module here would mean a wrong import.
const stray = inputs.filter((f) => /node_modules|dist\/(render|devices|tui)\//.test(f));
if (stray.length > 0) throw new Error(`the report x bundle took in ${stray.join(', ')}`);
console.log(`dist/db/report-x.bundle.js: ${inputs.length} of Kassa's modules, better-sqlite3 external`);
