import { CommanderError } from 'commander';
import { isKassaError } from './core/errors.js';
import { EXIT, buildProgram } from './commands/program.js';

/**
 * Run the CLI and return the exit code. `bin/kassa.js` is the only place that
 * turns this into a process exit.
 */
export async function run(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv);
    // A command that reports a failure as data (a device test that failed, a drawer that
    // did not open) and still prints its output sets process.exitCode; honour it.
    return typeof process.exitCode === 'number' && process.exitCode !== 0 ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are "errors" to commander; usage errors were printed already.
      if (e.exitCode === 0) return EXIT.ok;
      return EXIT.usage;
    }
    if (isKassaError(e)) {
      process.stderr.write(`kassa: ${e.message}\n`);
      if (e.hint) process.stderr.write(`  ${e.hint}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return e.code === 'USAGE' || e.code === 'UNKNOWN_SETTING' || e.code === 'INVALID_SETTING' || e.code === 'INVALID_DEVICE' ? EXIT.usage : EXIT.failure;
    }
    const err = e as NodeJS.ErrnoException;
    if (err?.code === 'EPIPE') return EXIT.ok; // the reader went away (`| head`)
    if (err?.code === 'SQLITE_BUSY') {
      process.stderr.write('kassa: the store is busy: another kassa is writing to it (an import?)\n  try again when it is done\n');
      return EXIT.failure;
    }
    process.stderr.write(`kassa: unexpected error: ${err?.message ?? String(e)}\n`);
    process.stderr.write(debug ? `${err?.stack}\n` : '  run again with --debug for details, and report it if it persists\n');
    return EXIT.failure;
  }
}
