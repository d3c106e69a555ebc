/** A device on the network: printers (port 9100), card terminals (ZVT, port 20007). */
import { Socket } from 'node:net';
import { StreamTransport, type Link, type LinkEvents } from './stream.js';

export class TcpTransport extends StreamTransport {
  constructor(
    readonly host: string,
    readonly port: number,
    address = `tcp://${host.includes(':') ? `[${host}]` : host}:${port}`,
  ) {
    super(address);
  }

  protected connect(events: LinkEvents, signal: AbortSignal): Promise<Link> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      let open = false;
      signal.addEventListener(
        'abort',
        () => {
          if (open) return;
          socket.destroy();
          reject(Object.assign(new Error('connection attempt given up'), { code: 'ABORT_ERR' }));
        },
        { once: true },
      );
      socket.setNoDelay(true);
      socket.once('connect', () => {
        open = true;
        // Notice a device that vanished without a word (power cut) instead of waiting forever.
        socket.setKeepAlive(true, 5000);
        resolve({
          write: (bytes, done) => {
            // Reset by the device, its close event not yet seen: say so rather than "write after destroyed".
            if (socket.destroyed) return done(Object.assign(new Error('connection reset'), { code: 'ECONNRESET' }));
            socket.write(bytes, (err) => done(err));
          },
          destroy: () => socket.destroy(),
        });
      });
      socket.on('data', (chunk: Buffer) => events.onData(chunk));
      socket.on('error', (err) => {
        if (!open) reject(err);
      });
      socket.on('close', () => {
        if (open) events.onClose();
      });
      socket.connect(this.port, this.host);
    });
  }
}
