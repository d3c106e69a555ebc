import { readFileSync } from 'node:fs';
import { KassaError } from '../core/errors.js';

/**
 * A PIN from --pin-file (`-` for standard input), or asked for without echo when
 * standard input is a terminal. Never from a flag or the environment.
 */
export async function readPin(pinFile: string | undefined, prompt: string, flag = '--pin-file'): Promise<string> {
  if (pinFile !== undefined) {
    try {
      const text = pinFile === '-' ? readFileSync(0, 'utf8') : readFileSync(pinFile, 'utf8');
      return text.split(/\r?\n/)[0]!.trim();
    } catch (e) {
      throw new KassaError('USAGE', `cannot read the PIN from ${pinFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (!process.stdin.isTTY) {
    throw new KassaError('USAGE', 'no PIN given', `pass ${flag} FILE, or ${flag} - to read it from standard input`);
  }
  return askHidden(prompt);
}

function askHidden(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    let pin = '';
    const done = (err?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(pin);
    };
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new KassaError('USAGE', 'cancelled'));
        if (ch === '\u007f' || ch === '\b') pin = pin.slice(0, -1);
        else pin += ch;
      }
    };
    stdin.on('data', onData);
  });
}
