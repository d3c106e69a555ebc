/**
 * The payment terminal chosen by the settings. Faces (CLI, TUI) pass what only
 * they can do: asking the cashier.
 */
import { KassaError } from '../../core/errors.js';
import type { Settings } from '../../core/settings.js';
import { ManualTerminal, type ManualConfirm } from './manual.js';
import { SimulatorTerminal } from './simulator.js';
import type { PaymentTerminal } from './types.js';

export type * from './types.js';
export { ManualTerminal, type ManualConfirm, type ManualConfirmation, type ManualTerminalOptions } from './manual.js';
export { SIMULATED_BRAND, SIMULATED_MASKED_PAN, SimulatorTerminal, type SimulatorOptions } from './simulator.js';

export type PaymentTerminalSettings = Pick<Settings, 'terminal.driver' | 'terminal.simulator.outcome' | 'terminal.timeoutSeconds'> &
  Partial<Pick<Settings, 'locale'>>;

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
    default:
      // Settings are validated when set, but a database written by a newer Kassa may name a driver this one lacks.
      throw new KassaError('INVALID_SETTING', `terminal.driver: "${driver}" is not a payment terminal driver this Kassa knows`, 'valid: manual, simulator (kassa config set terminal.driver manual)');
  }
}
