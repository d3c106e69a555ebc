import type { Command } from 'commander';
import { printJson, storePath, withStore } from './shared.js';
import type { Locale } from '../core/money.js';
import type { Ctx } from '../services/context.js';
import type { ShiftSummary } from '../services/shifts.js';

/** The result with the store's locale, for printing. */
async function withLocale(ctx: Ctx, s: ShiftSummary): Promise<readonly [ShiftSummary, Locale]> {
  const { loadSettings } = await import('../services/config.js');
  return [s, loadSettings(ctx).locale];
}

async function printShift([s, locale]: readonly [ShiftSummary, Locale], json: boolean | undefined, headline: (s: ShiftSummary) => string): Promise<void> {
  if (json) return printJson(s);
  const { formatAmount } = await import('../core/money.js');
  const f = (c: number): string => formatAmount(c, locale);
  const lines = [
    headline(s),
    `  float        ${f(s.floatCents)}`,
    `  cash sales   ${f(s.cashSalesCents)}`,
    `  cash in      ${f(s.cashInCents)}`,
    `  cash out     ${f(s.cashOutCents)}`,
    `  expected     ${f(s.expectedCents)}`,
  ];
  if (s.countedCents !== null) {
    lines.push(`  counted      ${f(s.countedCents)}`, `  difference   ${f(s.differenceCents!)}${s.differenceCents! < 0 ? ' short' : s.differenceCents! > 0 ? ' over' : ''}`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

export function registerShift(program: Command): void {
  const shift = program
    .command('shift')
    .description("a cashier's shift on a register: opening float to counted cash")
    .addHelpText(
      'after',
      '\nExamples:\n  $ echo 4821 | kassa shift open --cashier 1 --pin-file - --float 150.00\n  $ kassa shift close --counted 235.40',
    );
  shift
    .command('open')
    .description('open a shift with a cash float (the cashier logs in with their PIN)')
    .requiredOption('--cashier <id>', 'the cashier')
    .option('--pin-file <file>', "the cashier's PIN from this file, or - for standard input")
    .requiredOption('--float <amount>', 'the cash in the drawer at the start, e.g. 150.00')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the shift as JSON')
    .action(async (opts: { cashier: string; pinFile?: string; float: string; register?: string; json?: boolean }, cmd: Command) => {
      const [{ parseAmount }, { readPin }, { login }, { openShift }, { KassaError }] = await Promise.all([
        import('../core/money.js'),
        import('./pin-input.js'),
        import('../services/users.js'),
        import('../services/shifts.js'),
        import('../core/errors.js'),
      ]);
      const cashierId = Number(opts.cashier);
      if (!Number.isSafeInteger(cashierId) || cashierId <= 0) throw new KassaError('USAGE', `--cashier "${opts.cashier}" is not a user id`);
      const floatCents = parseAmount(opts.float);
      const pin = await readPin(opts.pinFile, 'PIN: ');
      const r = await withStore(storePath(cmd), (ctx) => {
        login(ctx, cashierId, pin);
        return withLocale(ctx, openShift(ctx, { cashierId, floatCents, ...(opts.register ? { register: opts.register } : {}) }));
      });
      await printShift(r, opts.json, (s) => `shift ${s.shiftId} open on register ${s.register}`);
    });
  shift
    .command('close')
    .description('close the shift: expected cash against the counted cash, the difference recorded')
    .requiredOption('--counted <amount>', 'the cash counted in the drawer, e.g. 235.40')
    .option('--register <id>', 'the till (default: the setting register.id)')
    .option('--json', 'print the shift as JSON')
    .action(async (opts: { counted: string; register?: string; json?: boolean }, cmd: Command) => {
      const [{ parseAmount }, { closeShift }] = await Promise.all([import('../core/money.js'), import('../services/shifts.js')]);
      const countedCents = parseAmount(opts.counted);
      const r = await withStore(storePath(cmd), (ctx) =>
        withLocale(ctx, closeShift(ctx, { countedCents, ...(opts.register ? { register: opts.register } : {}) })),
      );
      await printShift(r, opts.json, (s) => `shift ${s.shiftId} closed on register ${s.register}`);
    });
}

export function registerCash(program: Command): void {
  const cash = program.command('cash').description('cash put into or taken out of the drawer during a shift');
  for (const direction of ['in', 'out'] as const) {
    cash
      .command(direction)
      .description(direction === 'in' ? 'cash put into the drawer (change from the bank)' : 'cash taken out (to the safe, a supplier paid)')
      .requiredOption('--amount <amount>', 'e.g. 20.00')
      .requiredOption('--reason <text>', 'why, for the journal')
      .option('--register <id>', 'the till (default: the setting register.id)')
      .option('--json', 'print the shift as JSON')
      .action(async (opts: { amount: string; reason: string; register?: string; json?: boolean }, cmd: Command) => {
        const [{ parseAmount }, { moveCash }] = await Promise.all([import('../core/money.js'), import('../services/shifts.js')]);
        const amountCents = parseAmount(opts.amount);
        const r = await withStore(storePath(cmd), (ctx) =>
          withLocale(ctx, moveCash(ctx, { direction, amountCents, reason: opts.reason, ...(opts.register ? { register: opts.register } : {}) })),
        );
        await printShift(r, opts.json, (s) => `cash ${direction} recorded on shift ${s.shiftId}`);
      });
  }
}
