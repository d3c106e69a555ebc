import { Option, type Command } from 'commander';
import { CATALOGUE_FORMATS, type CatalogueFormat } from '../core/catalogue/types.js';
import { printJson, storePath, withStore } from './shared.js';

export function registerProducts(program: Command): void {
  const products = program
    .command('products')
    .description('the catalogue: import, look up, search, export')
    .addHelpText(
      'after',
      `
Examples:
  $ kassa products import catalogue.csv
  $ kassa products import shopify_export.csv --dry-run
  $ kassa products import erp.csv --map sku=ordernumber,price=price,name=_name
  $ kassa products list --low-stock
  $ kassa products show 8712439011619
  $ kassa products search "pinda kaas"
  $ kassa products export -o catalogue.csv`,
    );

  products
    .command('import <file>')
    .description('import a catalogue: our own CSV or another system’s export (format recognised from the header)')
    .addOption(
      new Option('--format <format>', 'the file’s format, when the header does not say').choices(
        CATALOGUE_FORMATS.filter((f) => f !== 'mapped'),
      ),
    )
    .option('--map <mapping>', 'which column feeds which field, for other exports: sku=COL,name=COL,price=COL,...')
    .addOption(new Option('--delimiter <char>', 'field separator (default: detected)').choices([',', ';', 'tab', '|']))
    .addOption(
      new Option('--encoding <name>', 'text encoding (default: detected)').choices(['utf-8', 'utf-16le', 'utf-16be', 'windows-1252']),
    )
    .addOption(new Option('--decimal <mark>', 'decimal mark of amounts (default: detected per value)').choices([',', '.']))
    .addOption(
      new Option('--on-error <mode>', 'abort: any bad row and nothing is written; skip: import the good rows')
        .choices(['abort', 'skip'])
        .default('abort'),
    )
    .option('--rejects <file>', 'with --on-error skip: write the bad rows here, with a reason column')
    .option('--dry-run', 'check the file and report what would change; write nothing')
    .option('--json', 'print {"format", "rows", "created", "updated", "unchanged", "rejected", "warnings", ...}')
    .addHelpText(
      'after',
      `
Formats: kassa (docs/import-formats.md), shopify, woocommerce, square, opensourcepos,
lightspeed, loyverse, odoo, prestashop; anything else with --map.

Examples:
  $ kassa products import products.csv
  $ kassa products import export.csv --on-error skip --rejects rejected.csv
  $ kassa products import prijzen.csv --delimiter ';' --decimal , --encoding windows-1252`,
    )
    .action(
      async (
        file: string,
        opts: {
          format?: string;
          map?: string;
          delimiter?: string;
          encoding?: string;
          decimal?: string;
          onError: 'abort' | 'skip';
          rejects?: string;
          dryRun?: boolean;
          json?: boolean;
        },
        cmd: Command,
      ) => {
        const [{ importProducts }, { parseMapSpec }, out, { KassaError }] = await Promise.all([
          import('../services/import/import-products.js'),
          import('../core/catalogue/formats.js'),
          import('./output.js'),
          import('../core/errors.js'),
        ]);
        if (opts.rejects && opts.onError !== 'skip') {
          throw new KassaError('USAGE', '--rejects needs --on-error skip', 'with --on-error abort nothing is imported, so every row is in the file you have');
        }
        const bar = out.progressBar('importing');
        const result = await withStore(storePath(cmd), (ctx) =>
          importProducts(ctx, file, {
            ...(opts.format ? { format: opts.format as CatalogueFormat } : {}),
            ...(opts.map ? { map: parseMapSpec(opts.map) } : {}),
            ...(opts.delimiter ? { delimiter: opts.delimiter === 'tab' ? '\t' : (opts.delimiter as ',' | ';' | '|') } : {}),
            ...(opts.encoding ? { encoding: opts.encoding as 'utf-8' } : {}),
            ...(opts.decimal ? { decimal: opts.decimal as ',' | '.' } : {}),
            onError: opts.onError,
            ...(opts.rejects ? { rejectsPath: opts.rejects } : {}),
            dryRun: opts.dryRun ?? false,
            onProgress: (done, total) => bar.update(done, total),
          }),
        );
        bar.done();
        const { describeImport } = await import('./import-report.js');
        describeImport(result, opts.json ?? false);
        if (result.rejected > 0 && opts.onError === 'abort') {
          throw new KassaError(
            'IMPORT_ROW_INVALID',
            `${result.rejected} row${result.rejected === 1 ? '' : 's'} rejected: nothing was imported`,
            'correct the rows above, or import the good rows with --on-error skip --rejects rejected.csv',
          );
        }
      },
    );

  products
    .command('list')
    .description('the catalogue in SKU order')
    .option('--category <name>', 'only this category')
    .option('--low-stock', 'only products at or below their reorder point')
    .option('--json', 'print a JSON array of products')
    .addHelpText('after', '\nExamples:\n  $ kassa products list --category Zuivel\n  $ kassa products list --low-stock --json')
    .action(async (opts: { category?: string; lowStock?: boolean; json?: boolean }, cmd: Command) => {
      const [{ listProducts }, { loadSettings }, out] = await Promise.all([
        import('../services/products.js'),
        import('../services/config.js'),
        import('./output.js'),
      ]);
      await withStore(storePath(cmd), async (ctx) => {
        const filter = {
          ...(opts.category !== undefined ? { category: opts.category } : {}),
          ...(opts.lowStock ? { lowStock: true } : {}),
        };
        const locale = loadSettings(ctx).locale;
        const lines = out.streamLines(process.stdout);
        if (opts.json) {
          let first = true;
          await lines.write('[');
          for (const p of listProducts(ctx, filter)) {
            await lines.write((first ? '\n  ' : ',\n  ') + JSON.stringify(out.productJson(p)));
            first = false;
          }
          await lines.write(first ? ']\n' : '\n]\n');
        } else {
          let n = 0;
          for (const p of listProducts(ctx, filter)) {
            if (n++ === 0) await lines.write(out.productHeader() + '\n');
            await lines.write(out.productLine(p, locale) + '\n');
          }
          if (n === 0) process.stderr.write('no products\n');
        }
        await lines.end();
      });
    });

  products
    .command('show <code>')
    .description('one product, by SKU or any of its barcodes')
    .option('--json', 'print the product as JSON')
    .addHelpText('after', '\nExamples:\n  $ kassa products show KAAS-001\n  $ kassa products show 8712439011619 --json')
    .action(async (code: string, opts: { json?: boolean }, cmd: Command) => {
      const [{ showProduct }, { loadSettings }, out] = await Promise.all([
        import('../services/products.js'),
        import('../services/config.js'),
        import('./output.js'),
      ]);
      const [p, locale] = await withStore(storePath(cmd), (ctx) => [showProduct(ctx, code), loadSettings(ctx).locale] as const);
      if (opts.json) return printJson(out.productJson(p));
      process.stdout.write(out.productDetails(p, locale) + '\n');
    });

  products
    .command('search <text...>')
    .description('find products by name; accents and case do not matter, words may be cut short')
    .option('--limit <n>', 'at most this many', (v) => Number.parseInt(v, 10), 50)
    .option('--json', 'print a JSON array of products')
    .addHelpText('after', '\nExamples:\n  $ kassa products search creme\n  $ kassa products search pinda kaas --json')
    .action(async (words: string[], opts: { limit: number; json?: boolean }, cmd: Command) => {
      const [{ searchProducts }, { loadSettings }, out] = await Promise.all([
        import('../services/products.js'),
        import('../services/config.js'),
        import('./output.js'),
      ]);
      const [found, locale] = await withStore(
        storePath(cmd),
        (ctx) => [searchProducts(ctx, words.join(' '), opts.limit), loadSettings(ctx).locale] as const,
      );
      if (opts.json) return printJson(found.map(out.productJson));
      if (found.length === 0) {
        process.stderr.write(`nothing found for "${words.join(' ')}"\n`);
        return;
      }
      process.stdout.write(out.productHeader() + '\n');
      for (const p of found) process.stdout.write(out.productLine(p, locale) + '\n');
    });

  products
    .command('export')
    .description('write the catalogue in the kassa format (what `products import` reads back unchanged)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .addHelpText('after', '\nExamples:\n  $ kassa products export -o catalogue.csv\n  $ kassa products export | gzip > catalogue.csv.gz')
    .action(async (opts: { output?: string }, cmd: Command) => {
      const { exportProducts } = await import('../services/products.js');
      const n = await withStore(storePath(cmd), (ctx) => exportProducts(ctx, opts.output ?? process.stdout));
      if (opts.output) process.stderr.write(`exported ${n} products to ${opts.output}\n`);
    });
}
