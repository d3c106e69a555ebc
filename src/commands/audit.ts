import type { Command } from 'commander';
import { printJson, storePath, withStore } from './shared.js';

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('the journal: every change, hash-chained, and the proof that nothing was altered')
    .addHelpText('after', '\nExamples:\n  $ kassa audit verify\n  $ kassa audit log --from 2026-11-01 --json');

  audit
    .command('verify')
    .description('recompute the hash chain and check that stock equals the sum of its movements')
    .option('--json', 'print {"ok", "entries", "problem"}')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const [{ verifyJournal }, { KassaError }] = await Promise.all([import('../services/journal.js'), import('../core/errors.js')]);
      const result = await withStore(storePath(cmd), (ctx) => verifyJournal(ctx));
      if (opts.json) printJson(result);
      else if (result.ok) process.stdout.write(`ok: ${result.entries} journal entries, chain intact, stock equals its movements\n`);
      if (!result.ok) {
        throw new KassaError('AUDIT_FAILED', `audit failed: ${result.problem!.message}`, 'the store was changed outside kassa, or is damaged: keep a copy and restore from a backup');
      }
    });

  audit
    .command('log')
    .description('the journal entries, oldest first')
    .option('--from <date>', 'from this date or time (ISO, e.g. 2026-11-01)')
    .option('--to <date>', 'up to (not including) this date or time')
    .option('--json', 'print a JSON array of entries')
    .action(async (opts: { from?: string; to?: string; json?: boolean }, cmd: Command) => {
      const [{ journalLog }, { parseDateBound }] = await Promise.all([import('../services/journal.js'), import('./dates.js')]);
      const range = {
        ...(opts.from ? { from: parseDateBound('--from', opts.from) } : {}),
        ...(opts.to ? { to: parseDateBound('--to', opts.to) } : {}),
      };
      await withStore(storePath(cmd), (ctx) => {
        const entries = [...journalLog(ctx, range)];
        if (opts.json) return printJson(entries);
        for (const e of entries) process.stdout.write(`${String(e.seq).padStart(6)}  ${e.at}  ${e.type.padEnd(20)}  ${JSON.stringify(e.payload)}\n`);
        if (entries.length === 0) process.stderr.write('no journal entries\n');
      });
    });
}
