/**
 * A network receipt printer on 127.0.0.1 for tests: it records every byte it
 * receives, answers `DLE EOT n` with the status it is given (the way a real
 * printer does, in real time, wherever the request sits in the stream), and
 * misbehaves on request: refuse connections, lose power mid-job, stop
 * reading (a stalled printer), or read without ever answering.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface TestPrinterState {
  online: boolean;
  paperOut: boolean;
  paperLow: boolean;
  coverOpen: boolean;
  drawerOpen: boolean;
  error: boolean;
}

/** The three status bytes a printer in this state sends, built from the ESC/POS reference. */
export function statusBytes(s: Partial<TestPrinterState>): Record<1 | 2 | 4, number> {
  const paperOut = s.paperOut ?? false;
  const coverOpen = s.coverOpen ?? false;
  const error = s.error ?? false;
  const online = s.online ?? !(paperOut || coverOpen || error);
  const fixed = 0x12; // bits 1 and 4 are always set
  return {
    // Drawer: pin 3 low while open (the common wiring); bit 3: offline.
    1: fixed | (s.drawerOpen ? 0 : 0x04) | (online ? 0 : 0x08),
    2: fixed | (coverOpen ? 0x04 : 0) | (paperOut ? 0x20 : 0) | (error ? 0x40 : 0),
    4: fixed | (s.paperLow || paperOut ? 0x0c : 0) | (paperOut ? 0x60 : 0),
  };
}

interface Conn {
  socket: Socket;
  chunks: Buffer[];
  carry: Buffer;
}

export class TcpTestPrinter {
  #server: Server | null = null;
  #conns: Conn[] = [];
  #status: Record<number, number> = statusBytes({});
  #answer = true;
  #stalled = false;
  #closeAfter: number | null = null;
  #waiters = new Set<() => void>();

  private constructor(public port: number) {}

  /** Listen on a free port of 127.0.0.1. */
  static async start(): Promise<TcpTestPrinter> {
    const p = new TcpTestPrinter(0);
    await p.accept();
    return p;
  }

  get address(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  /** Every byte received, over all connections, in order of arrival per connection. */
  received(): Buffer {
    return Buffer.concat(this.#conns.flatMap((c) => c.chunks));
  }

  /** The bytes of one connection (0 = the first ever accepted). */
  receivedOn(index: number): Buffer {
    return Buffer.concat(this.#conns[index]?.chunks ?? []);
  }

  get connections(): number {
    return this.#conns.length;
  }

  setStatus(s: Partial<TestPrinterState>): void {
    this.#status = statusBytes(s);
  }

  /** Raw answers, for malformed bytes. */
  setStatusBytes(b: Partial<Record<1 | 2 | 3 | 4, number>>): void {
    for (const [n, v] of Object.entries(b)) if (v !== undefined) this.#status[Number(n)] = v;
  }

  /** Read everything but never answer a status request (or, with `false`, answer again). */
  silent(on = true): void {
    this.#answer = !on;
  }

  /** Stop reading: the kernel buffers fill up and the sender blocks. */
  stall(): void {
    this.#stalled = true;
    for (const c of this.#conns) c.socket.pause();
  }

  resume(): void {
    this.#stalled = false;
    for (const c of this.#conns) if (!c.socket.destroyed) c.socket.resume();
  }

  /** Drop the connection after `n` more bytes have arrived on it: the printer dies mid-job. */
  closeAfter(n: number): void {
    this.#closeAfter = n;
  }

  /** Stop listening: new connections are refused. Open ones stay. */
  async refuse(): Promise<void> {
    const s = this.#server;
    this.#server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  /** Power cut: every connection dropped at once, and nothing listens. */
  async powerCut(): Promise<void> {
    // Stop listening first, so a client reconnecting at once is refused, not accepted.
    const closed = this.refuse();
    for (const c of this.#conns) c.socket.destroy();
    await closed;
  }

  /** Listen (again) on the same port. */
  async accept(): Promise<void> {
    if (this.#server) return;
    const server = createServer((socket) => this.#onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.#server = server;
  }

  /** Wait until `cond` holds for the bytes received so far. */
  async waitFor(cond: (received: Buffer) => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (cond(this.received())) return;
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!cond(this.received())) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`test printer: ${what} within ${timeoutMs} ms; received ${this.received().toString('hex')}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }

  async close(): Promise<void> {
    await this.powerCut();
  }

  #onConnection(socket: Socket): void {
    const conn: Conn = { socket, chunks: [], carry: Buffer.alloc(0) };
    this.#conns.push(conn);
    socket.on('error', () => {});
    socket.on('close', () => this.#notify());
    if (this.#stalled) socket.pause();
    socket.on('data', (chunk: Buffer) => {
      let data = chunk;
      if (this.#closeAfter !== null) {
        data = chunk.subarray(0, this.#closeAfter);
        this.#closeAfter -= data.length;
      }
      conn.chunks.push(Buffer.from(data));
      this.#answerStatus(conn, data);
      if (this.#closeAfter === 0) {
        this.#closeAfter = null;
        socket.destroy();
      }
      this.#notify();
    });
    this.#notify();
  }

  #answerStatus(conn: Conn, data: Buffer): void {
    const buf = Buffer.concat([conn.carry, data]);
    for (let i = 0; i + 2 < buf.length; i++) {
      if (buf[i] === 0x10 && buf[i + 1] === 0x04) {
        const answer = this.#status[buf[i + 2]!];
        if (this.#answer && answer !== undefined) conn.socket.write(Buffer.from([answer]));
        i += 2;
      }
    }
    // A request split over two chunks is completed by the next one.
    conn.carry = buf.subarray(Math.max(0, buf.length - 2));
    if (conn.carry.length === 2 && !(conn.carry[0] === 0x10 || conn.carry[1] === 0x10)) conn.carry = Buffer.alloc(0);
  }

  #notify(): void {
    for (const w of [...this.#waiters]) w();
  }
}
