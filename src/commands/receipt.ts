import type { Command } from 'commander';
import { KassaError } from '../core/errors.js';
import { storePath, withStore } from './shared.js';

export function registerReceipt(program: Command): void {
  const receipt = program.command('receipt').description('receipts as the customer reads them, on screen or on the printer');
  receipt
    .command('show <receipt>')
    .description('print a receipt as text (what the printer prints, in its width)')
    .option('--lang <lang>', 'nl or en (default: from the setting locale)')
    .option('--width <columns>', 'paper width in characters: 32, 42 (80 mm) or 48', '42')
    .option('--copy', 'mark it as a copy (the copy is journaled)')
    .addHelpText('after', '\nExamples:\n  $ kassa receipt show R1-000123\n  $ kassa receipt show R1-000123 --lang en --width 32 --copy')
    .action(async (receipt: string, opts: { lang?: string; width: string; copy?: boolean }, cmd: Command) => {
      if (opts.lang !== undefined && opts.lang !== 'nl' && opts.lang !== 'en') {
        throw new KassaError('USAGE', `--lang ${opts.lang}: receipts come in nl and en`, 'pass --lang nl or --lang en');
      }
      const width = Number(opts.width);
      if (width !== 32 && width !== 42 && width !== 48) throw new KassaError('USAGE', `--width ${opts.width}: not a paper width`, 'pass 32, 42 or 48');
      const { receiptText } = await import('../services/receipts.js');
      const lines = await withStore(storePath(cmd), (ctx) =>
        receiptText(ctx, receipt, { width, copy: opts.copy ?? false, ...(opts.lang ? { lang: opts.lang as 'nl' | 'en' } : {}) }),
      );
      process.stdout.write(lines.join('\n') + '\n');
    });

  receipt
    .command('print <receipt>')
    .description('print a receipt on the receipt printer: the original if it never printed, else a copy with --copy (journaled)')
    .option('--copy', 'print a copy, marked as such')
    .addHelpText('after', '\nExamples:\n  $ kassa receipt print R1-000123          the original, when it did not print\n  $ kassa receipt print R1-000123 --copy   a marked copy for the customer')
    .action(async (receiptNo: string, opts: { copy?: boolean }, cmd: Command) => {
      const [{ Till }, { loadSettings }, { previewFileOf }, { printReceipt }] = await Promise.all([
        import('../services/till.js'),
        import('../services/config.js'),
        import('../services/devices.js'),
        import('../services/printing.js'),
      ]);
      const path = storePath(cmd);
      const out = await withStore(path, async (ctx) => {
        const till = Till.open(ctx, loadSettings(ctx), { previewFile: previewFileOf(path) });
        try {
          if (!till.queue) throw new KassaError('DEVICE_NOT_CONFIGURED', 'no printer is configured', 'kassa devices set printer tcp://HOST:9100 (or preview); kassa receipt show prints it here');
          return await printReceipt(ctx, till.queue, receiptNo, { copy: opts.copy ?? false, userId: null });
        } finally {
          await till.close();
        }
      });
      if (out.error) throw out.error;
      process.stderr.write(`printed ${out.printed.join(', ')}\n`);
    });
}
