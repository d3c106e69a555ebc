/**
 * What every transport needs around one piece of I/O: a deadline, an abort
 * signal, and errors a person can act on.
 */
import { KassaError } from '../../core/errors.js';
import type { IoOptions } from './types.js';

/**
 * Run `start` (which returns a promise and may register cleanup) with a timeout
 * and an abort signal. `what` names the operation for messages ("print to tcp://…").
 * On timeout or abort `cancel` is called so the operation can stop its I/O.
 */
export function guarded<T>(what: string, opts: IoOptions, start: () => Promise<T>, cancel?: (reason: KassaError) => void): Promise<T> {
  const { signal, timeoutMs } = opts;
  if (signal?.aborted) return Promise.reject(aborted(what));
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const finish = (fn: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (e: KassaError) =>
      finish(() => {
        cancel?.(e);
        reject(e);
      });
    const onAbort = () => fail(aborted(what));
    const timer = setTimeout(() => fail(timedOut(what, timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    start().then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(e)),
    );
  });
}

export function timedOut(what: string, ms: number): KassaError {
  return new KassaError('DEVICE_TIMEOUT', `${what}: no answer within ${formatMs(ms)}`, 'check that the device is switched on, connected and not busy');
}

export function aborted(what: string): KassaError {
  return new KassaError('DEVICE_ABORTED', `${what}: aborted`);
}

export function disconnected(address: string, why?: string): KassaError {
  return new KassaError('DEVICE_DISCONNECTED', `${address}: the connection was lost${why ? ` (${why})` : ''}`, 'check the cable or the network; Kassa reconnects by itself');
}

function formatMs(ms: number): string {
  return ms >= 1000 && ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

/** Turn an operating-system error (ECONNREFUSED, EACCES, ENOENT…) into one a person can act on. */
export function deviceError(address: string, e: unknown): KassaError {
  if (e instanceof KassaError) return e;
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const msg = err?.message ?? String(e);
  const serial = address.startsWith('serial:');
  const path = address.replace(/^(serial|file):/, '').replace(/\?.*$/, '');
  if (code === 'EACCES' || code === 'EPERM' || /permission denied/i.test(msg)) {
    return new KassaError(
      'DEVICE_PERMISSION',
      `${address}: permission denied`,
      serial || path.startsWith('/dev/tty')
        ? `add the user to the dialout group (sudo usermod -aG dialout $USER) and log in again`
        : `add the user to the lp group (sudo usermod -aG lp $USER) and log in again, or check the permissions of ${path}`,
    );
  }
  if (code === 'ENOENT' || /no such file|cannot open|not found/i.test(msg)) {
    return new KassaError('DEVICE_UNREACHABLE', `${address}: ${path} does not exist`, serial ? 'check the cable and the path (ls /dev/ttyUSB* /dev/ttyS* /dev/ttyACM*)' : 'check the cable and the path (ls /dev/usb/)');
  }
  if (code === 'ECONNREFUSED') return new KassaError('DEVICE_UNREACHABLE', `${address}: connection refused`, 'check the address and port, and that the device is switched on');
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new KassaError('DEVICE_UNREACHABLE', `${address}: the host cannot be reached (${code})`, 'check the address and the network cable; ping the device');
  }
  if (code === 'ECONNRESET' || code === 'EPIPE') return disconnected(address, code);
  return new KassaError('DEVICE_FAILED', `${address}: ${msg}`);
}
