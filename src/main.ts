import { CommanderError } from 'commander';
import { EXIT, failWith } from './cli-errors.js';
import { buildProgram } from './commands/program.js';

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
    return failWith(e, debug);
  }
}
