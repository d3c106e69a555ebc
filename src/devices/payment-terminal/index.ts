/**
 * The payment terminal chosen by the settings: `manual`, `simulator`, or `zvt`
 * (a ZVT card terminal over TCP at terminal.address). Faces (CLI, TUI) pass
 * what only they can do: asking the cashier.
 */
import { formatAddress, parseAddress } from '../../core/device-address.js';
import { KassaError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { TcpTransport } from '../transport/tcp.js';
import { ManualTerminal, type ManualConfirm } from './manual.js';
import { SimulatorTerminal } from './simulator.js';
import type { PaymentTerminal } from './types.js';
import { ZvtTerminal } from './zvt/driver.js';

export type * from './types.js';
export { ManualTerminal, type ManualConfirm, type ManualConfirmation, type ManualTerminalOptions } from './manual.js';
export { SIMULATED_BRAND, SIMULATED_MASKED_PAN, SimulatorTerminal, type SimulatorOptions } from './simulator.js';
export { ZvtTerminal, type ZvtIoOptions, type ZvtOutcome, type ZvtStatus, type ZvtTerminalOptions, type ZvtTransaction } from './zvt/driver.js';

/** The zvt keys are optional: only the zvt driver reads them (empty address: not configured; password default 000000). */
export type PaymentTerminalSettings = Pick<Settings, 'terminal.driver' | 'terminal.simulator.outcome' | 'terminal.timeoutSeconds'> &
  Partial<Pick<Settings, 'locale' | 'currency' | 'terminal.address' | 'terminal.password'>>;

export interface PaymentTerminalFaces {
  /** Used by the manual driver. */
  confirm: ManualConfirm;
}

export function createPaymentTerminal(settings: PaymentTerminalSettings, faces: PaymentTerminalFaces): PaymentTerminal {
  const timeoutMs = settings['terminal.timeoutSeconds'] * 1000;
  const driver: string = settings['terminal.driver'];
  switch (driver) {
    case 'manual':
      return new ManualTerminal({ confirm: faces.confirm, timeoutMs, ...(settings.locale ? { locale: settings.locale } : {}) });
    case 'simulator':
      return new SimulatorTerminal({ outcome: settings['terminal.simulator.outcome'], timeoutMs });
    case 'zvt': {
      const text = settings['terminal.address']?.trim() ?? '';
      if (!text) throw new KassaError('DEVICE_NOT_CONFIGURED', 'terminal.driver is zvt but no terminal address is set', 'kassa devices set terminal zvt://HOST:20007');
      const a = parseAddress(text);
      if (a.kind !== 'zvt' && a.kind !== 'tcp') {
        throw new KassaError('INVALID_DEVICE', `terminal.address "${text}" is not a ZVT terminal address`, 'kassa devices set terminal zvt://HOST:20007');
      }
      return new ZvtTerminal({
        transport: new TcpTransport(a.host, a.port, formatAddress({ ...a, kind: 'zvt' })),
        password: settings['terminal.password'] || '000000',
        timeoutMs,
        ...(settings.currency ? { currency: settings.currency } : {}),
      });
    }
    default:
      // Settings are validated when set, but a database written by a newer Kassa may name a driver this one lacks.
      throw new KassaError('INVALID_SETTING', `terminal.driver: "${driver}" is not a payment terminal driver this Kassa knows`, 'valid: manual, simulator, zvt (kassa config set terminal.driver manual)');
  }
}
