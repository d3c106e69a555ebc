// The fast path of `kassa report x --json` (src/fast-path.ts), for bin/kassa.js, a
// CommonJS script:
// - dist/fast-path.cjs: the argument matcher, loaded for every command (a few lines);
// - dist/db/report-x.bundle.cjs: dist/fast/report-x.js (tsc's output) with the Kassa
//   modules it uses in one CommonJS file, because loading some thirty ES modules one
//   at a time costs Node ~20 ms, more than the report itself, and `require` of one
//   file is cheaper still than an ES import of it.
// The bundle sits in dist/db/, beside database.js, so what database.js finds from its
// own location (the migrations, better-sqlite3's addon) is found from the bundle too:
// `import.meta.url` becomes the bundle's own file URL. better-sqlite3 stays a package.
// Nothing from the bundle meets the modules of dist/ at run time (it runs only that
// command), so its own copies of them (KassaError among them) never mix with theirs.
//
// Run by `npm run build`, after tsc and the migrations' copy.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', minifySyntax: true, sourcemap: false, logLevel: 'warning' };

await build({ ...common, entryPoints: [resolve(root, 'dist/fast-path.js')], outfile: resolve(root, 'dist/fast-path.cjs'), bundle: false });

const result = await build({
  ...common,
  entryPoints: [resolve(root, 'dist/fast/report-x.js')],
  outfile: resolve(root, 'dist/db/report-x.bundle.cjs'),
  external: ['better-sqlite3'],
  define: { 'import.meta.url': '__kassa_bundle_url' },
  banner: { js: 'const __kassa_bundle_url = require("node:url").pathToFileURL(__filename).href;' },
  metafile: true,
});
const inputs = Object.keys(result.metafile.inputs);
// Only the report's own modules: a render, device or commander module here would mean a wrong import.
const stray = inputs.filter((f) => /node_modules|dist\/(render|devices|tui)\//.test(f));
if (stray.length > 0) throw new Error(`the report x bundle took in ${stray.join(', ')}`);
console.log(`dist/db/report-x.bundle.cjs: ${inputs.length} of Kassa's modules, better-sqlite3 external`);
