/** The transport for a configured address: what drivers are given to talk through. */
import { formatAddress, type DeviceAddress } from '../../core/device-address.js';
import { KassaError } from '../../core/errors.js';
import { FileTransport } from './file.js';
import { SerialTransport } from './serial.js';
import { TcpTransport } from './tcp.js';
import type { Transport } from './types.js';

export type { AnswerComplete, IoOptions, Transport, TransportState } from './types.js';
export { FileTransport } from './file.js';
export { SerialTransport, type SerialTransportOptions } from './serial.js';
export { TcpTransport } from './tcp.js';

export interface TransportOptions {
  /** Serial ports only: reopen after an unplug until closed (scanners). Default false. */
  reconnect?: boolean;
  /** Serial ports only: pause between attempts to reopen, in ms. */
  retryMs?: number;
}

/**
 * A transport for `address`; nothing is opened yet. Addresses without bytes to
 * move (`preview`, `simulator`, `manual`, `none`) are drivers, not transports,
 * and fail with INVALID_DEVICE.
 */
export function createTransport(address: DeviceAddress, opts: TransportOptions = {}): Transport {
  switch (address.kind) {
    case 'tcp':
    case 'zvt':
      return new TcpTransport(address.host, address.port, formatAddress(address));
    case 'serial':
      return new SerialTransport(address, opts);
    case 'file':
      return new FileTransport(address.path);
    default:
      throw new KassaError('INVALID_DEVICE', `"${address.kind}" is not an address bytes can be sent to`, 'use a tcp://, serial: or file: address');
  }
}
