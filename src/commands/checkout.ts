import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { KassaError } from '../core/errors.js';
import { storePath, withStore } from './shared.js';

export function registerCheckout(program: Command): void {
  program
    .command('checkout')
    .description('the till: a full-screen checkout for the cashier')
    .option('--lang <lang>', 'nl or en (default: from the setting locale)')
    .addHelpText(
      'after',
      `
Log in with your staff number and PIN; scan or type codes (3*CODE for three);
F12 (or Ctrl-P) pays; F1 shows every key. A sale in progress survives a crash.

Examples:
  $ kassa checkout
  $ kassa --db shop.db checkout --lang en`,
    )
    .action(async (opts: { lang?: string }, cmd: Command) => {
      if (opts.lang !== undefined && opts.lang !== 'nl' && opts.lang !== 'en') {
        throw new KassaError('USAGE', `--lang ${opts.lang}: the checkout speaks nl and en`, 'pass --lang nl or --lang en');
      }
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new KassaError('USAGE', 'kassa checkout needs a terminal (standard input and output are not one)', 'to sell from a script, use `kassa sell` or `kassa cart`');
      }
      const { runCheckout } = await loadCheckout();
      const path = storePath(cmd);
      const { previewFileOf } = await import('../services/devices.js');
      await withStore(path, (ctx) => runCheckout(ctx, { previewFile: previewFileOf(path), ...(opts.lang ? { lang: opts.lang as 'nl' | 'en' } : {}) }));
    });
}

/**
 * The checkout as built for start-up: one bundled file with Ink and React
 * (scripts/bundle-checkout.js, ~2.5× faster to a first frame than Ink's hundred
 * files); where there is no bundle (tests run from src), the modules themselves.
 */
export async function loadCheckout(): Promise<typeof import('../tui/run.js')> {
  // Ink draws only the last frame when CI is set (read once, when Ink loads). The
  // callers have checked that a terminal is attached: a person is at this till.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const bundle = new URL('../tui/checkout.bundle.js', import.meta.url);
  if (existsSync(bundle)) return (await import(bundle.href)) as typeof import('../tui/run.js');
  return import('../tui/run.js');
}
