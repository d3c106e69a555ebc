/**
 * The customer display over a transport (usually `serial:/dev/ttyS1?baud=9600`).
 * It only ever writes: VFD pole displays answer nothing. A failed write rejects
 * with a DEVICE_* KassaError and nothing else; the sale path catches it and
 * carries on, since a dark display must never stop a sale.
 */
import { KassaError } from '../../core/errors.js';
import { deviceError } from '../transport/io.js';
import type { IoOptions, Transport } from '../transport/types.js';
import { encodeClear, encodeInit, encodeScreen, type DisplayProtocol } from './encode.js';

export class CustomerDisplay {
  // The display is reset once per connection: after a reconnect it may have been
  // power-cycled into its own defaults (scroll mode, another character set).
  #needsInit = true;
  readonly #unsubscribe: () => void;

  constructor(
    readonly transport: Transport,
    readonly protocol: DisplayProtocol,
  ) {
    this.#unsubscribe = transport.onState((s) => {
      if (s !== 'open') this.#needsInit = true;
    });
  }

  /** Show two lines (transliterated, each cut or padded to 20 columns). */
  show(lines: readonly [string, string], opts: IoOptions): Promise<void> {
    return this.#send(encodeScreen(this.protocol, lines), opts);
  }

  /** Blank the display. */
  clear(opts: IoOptions): Promise<void> {
    return this.#send(encodeClear(this.protocol), opts);
  }

  /** Let go of the transport. Never rejects. */
  async close(): Promise<void> {
    this.#unsubscribe();
    await this.transport.close().catch(() => {});
  }

  async #send(bytes: Uint8Array, opts: IoOptions): Promise<void> {
    let payload = bytes;
    const init = this.#needsInit;
    if (init) {
      const head = encodeInit(this.protocol);
      payload = new Uint8Array(head.length + bytes.length);
      payload.set(head, 0);
      payload.set(bytes, head.length);
      this.#needsInit = false;
    }
    try {
      await this.transport.write(payload, opts);
    } catch (e) {
      if (init) this.#needsInit = true;
      throw e instanceof KassaError ? e : deviceError(this.transport.address, e);
    }
  }
}
