import { Option, type Command } from 'commander';
import { KassaError } from '../core/errors.js';
import { printJson, storePath, withStore } from './shared.js';


export function registerUsers(program: Command): void {
  const users = program
    .command('users')
    .description('cashiers, managers and admins, with their PINs')
    .addHelpText(
      'after',
      `
PINs never go in a flag: --pin-file FILE, --pin-file - (standard input), or a prompt.

Examples:
  $ kassa users add --name Sanne --role cashier          asks for the PIN twice
  $ echo 4821 | kassa users add --name Joost --role manager --pin-file -
  $ kassa users list
  $ kassa users lock 3`,
    );

  users
    .command('add')
    .description('add a user')
    .requiredOption('--name <name>', 'the name shown on screen and receipts')
    .addOption(new Option('--role <role>', 'what they may do').choices(['cashier', 'manager', 'admin']).makeOptionMandatory())
    .option('--pin-file <file>', 'read the PIN (4–8 digits) from this file, or - for standard input')
    .option('--json', 'print the user as JSON')
    .action(async (opts: { name: string; role: 'cashier' | 'manager' | 'admin'; pinFile?: string; json?: boolean }, cmd: Command) => {
      const pin = await newPin(opts.pinFile);
      const { addUser } = await import('../services/users.js');
      const u = await withStore(storePath(cmd), (ctx) => addUser(ctx, { name: opts.name, role: opts.role, pin }));
      if (opts.json) return printJson(u);
      process.stdout.write(`added ${u.role} ${u.name} with id ${u.id}\n`);
    });

  users
    .command('list')
    .description('every user, with their role and whether they are locked')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const { listUsers } = await import('../services/users.js');
      const list = await withStore(storePath(cmd), (ctx) => listUsers(ctx));
      if (opts.json) return printJson(list);
      const now = new Date();
      for (const u of list) {
        const locked = u.lockedUntil && new Date(u.lockedUntil) > now ? `  locked until ${u.lockedUntil}` : '';
        process.stdout.write(`${String(u.id).padStart(4)}  ${u.role.padEnd(8)}  ${u.name}${locked}\n`);
      }
      if (list.length === 0) process.stderr.write('no users yet: add one with `kassa users add`\n');
    });

  for (const [verb, description] of [
    ['lock', 'lock a user until unlocked'],
    ['unlock', 'unlock a user (after five wrong PINs, or a lock)'],
  ] as const) {
    users
      .command(`${verb} <id>`)
      .description(description)
      .option('--json', 'print the user as JSON')
      .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
        const svc = await import('../services/users.js');
        const u = await withStore(storePath(cmd), (ctx) => (verb === 'lock' ? svc.lockUser : svc.unlockUser)(ctx, parseId(id)));
        if (opts.json) return printJson(u);
        process.stdout.write(`${u.name} ${verb}ed\n`);
      });
  }

  users
    .command('set-pin <id>')
    .description('give a user a new PIN')
    .option('--pin-file <file>', 'read the new PIN from this file, or - for standard input')
    .action(async (id: string, opts: { pinFile?: string }, cmd: Command) => {
      const pin = await newPin(opts.pinFile);
      const { setPin } = await import('../services/users.js');
      const u = await withStore(storePath(cmd), (ctx) => setPin(ctx, parseId(id), pin));
      process.stdout.write(`new PIN set for ${u.name}\n`);
    });
}

function parseId(value: string): number {
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id <= 0) throw new KassaError('USAGE', `"${value}" is not a user id`, 'see `kassa users list`');
  return id;
}

/** A new PIN: from the file, or asked twice at a terminal. */
async function newPin(pinFile: string | undefined): Promise<string> {
  const { readPin } = await import('./pin-input.js');
  const pin = await readPin(pinFile, 'PIN (4–8 digits): ');
  if (pinFile === undefined) {
    const again = await readPin(undefined, 'the same PIN again: ');
    if (again !== pin) {
      throw new KassaError('USAGE', 'the two PINs differ', 'run the command again');
    }
  }
  return pin;
}
