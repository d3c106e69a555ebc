import type { Command } from 'commander';
import { printJson, storePath, withStore } from './shared.js';

export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description("the store's settings and VAT rates")
    .addHelpText(
      'after',
      `
Examples:
  $ kassa config list
  $ kassa config get cashRounding
  $ kassa config set store.name "Bakkerij Jansen"
  $ kassa config set locale en-GB
  $ kassa config set vat.low 9          VAT rates are settings: vat.<code> PERCENT|exempt`,
    );

  config
    .command('list')
    .description('every setting with its value')
    .option('--json', 'print a JSON object key → value')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { listConfig } = await import('../services/config.js');
      const entries = await withStore(storePath(cmd), (ctx) => listConfig(ctx));
      if (opts.json) return printJson(Object.fromEntries(entries.map((e) => [e.key, e.value])));
      const { chalk, fit } = await import('./output.js');
      const width = Math.max(...entries.map((e) => e.key.length));
      for (const e of entries) {
        const value = JSON.stringify(e.value);
        process.stdout.write(
          `${fit(e.key, width)}  ${fit(value, 30)}  ${chalk.dim(e.isDefault ? `(default) ${e.description}` : e.description)}\n`,
        );
      }
    });

  config
    .command('get <key>')
    .description('one setting')
    .option('--json', 'print {"key", "value"}')
    .action(async (key: string, opts: { json?: boolean }, cmd: Command) => {
      const { getConfig } = await import('../services/config.js');
      const e = await withStore(storePath(cmd), (ctx) => getConfig(ctx, key));
      if (opts.json) return printJson({ key: e.key, value: e.value });
      process.stdout.write(`${typeof e.value === 'string' ? e.value : JSON.stringify(e.value)}\n`);
    });

  config
    .command('set <key> <value>')
    .description('change a setting; the value is checked and refused with the valid ones when wrong')
    .option('--json', 'print {"key", "value"}')
    .action(async (key: string, value: string, opts: { json?: boolean }, cmd: Command) => {
      const { setConfig } = await import('../services/config.js');
      const e = await withStore(storePath(cmd), (ctx) => setConfig(ctx, key, value));
      if (opts.json) return printJson({ key: e.key, value: e.value });
      process.stderr.write(`${e.key} = ${JSON.stringify(e.value)}\n`);
    });
}
