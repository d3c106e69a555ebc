// The checkout's production bundle (issue 4, start-up within 4× of `node -e 0`):
// dist/tui/run.js (tsc's output) with the checkout's own modules, Ink, React and
// their dependencies in one file, dist/tui/checkout.bundle.js, built for
// NODE_ENV=production. Loading Ink from its hundred-odd files takes ~230 ms; the
// bundle loads in a fraction of that.
//
// Kassa's modules outside src/tui (services, core, db, devices) stay external,
// imported from dist/ as every other command imports them: one copy of each (one
// KassaError class, one database module), and better-sqlite3 stays a package.
//
// Run by `npm run build`, after tsc. `node scripts/bundle-checkout.js` alone
// rebuilds it from the current dist/.
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, 'dist');
const tui = resolve(dist, 'tui');
const outfile = resolve(tui, 'checkout.bundle.js');

/** Relative imports that leave dist/tui: external, with the path as seen from the bundle (which sits in dist/tui). */
const kassaModulesExternal = {
  name: 'kassa-modules-external',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      // Ink loads React DevTools (and ws) only when DEV=true: left out, as when
      // react-devtools-core is not installed (Ink then says so and goes on).
      if (args.path === './devtools.js' && args.importer.includes(`${sep}node_modules${sep}ink${sep}`)) return { path: args.path, external: true };
      const target = resolve(args.resolveDir, args.path);
      if (!target.startsWith(dist + sep) || target.startsWith(tui + sep)) return undefined;
      let path = relative(tui, target).split(sep).join('/');
      if (!path.startsWith('.')) path = `./${path}`;
      return { path, external: true };
    });
  },
};

const result = await build({
  entryPoints: [resolve(tui, 'run.js')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // React, react-reconciler and scheduler choose their production builds by this.
  define: { 'process.env.NODE_ENV': '"production"' },
  external: ['better-sqlite3'],
  plugins: [kassaModulesExternal],
  // CommonJS packages inside an ES module bundle (react, react-reconciler) may require() Node's modules.
  banner: { js: "import { createRequire as __kassaCreateRequire } from 'node:module';\nconst require = __kassaCreateRequire(import.meta.url);" },
  legalComments: 'linked',
  minifySyntax: true,
  minifyWhitespace: true,
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});

const output = Object.entries(result.metafile.outputs).find(([k]) => k.endsWith('checkout.bundle.js'))[1];
const kassa = new Set(output.imports.filter((i) => i.external && i.path.startsWith('..')).map((i) => i.path)).size;
const kib = (readFileSync(outfile).length / 1024).toFixed(0);
process.stdout.write(`dist/tui/checkout.bundle.js: ${Object.keys(result.metafile.inputs).length} modules, ${kib} KiB; ${kassa} of Kassa's modules and better-sqlite3 external\n`);
