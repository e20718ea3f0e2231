import net from 'node:net';

/**
 * A minimal MPD protocol client for benchmarks: one command at a time, responses read up to
 * `OK` or `ACK`. TCP_NODELAY is set: without it a reply split in two waits ~40 ms for the
 * peer's delayed ACK and every latency figure would be a measurement of that.
 */
export class MpdClient {
  private buffer = '';
  private waiting: ((text: string) => void) | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      this.deliver();
    });
  }

  static connect(port: number, host = '127.0.0.1'): Promise<MpdClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, noDelay: true });
      const client = new MpdClient(socket);
      socket.once('error', reject);
      client.waiting = (greeting) => {
        if (greeting.startsWith('OK MPD')) resolve(client);
        else reject(new Error(`not an MPD server: ${greeting}`));
      };
    });
  }

  private deliver(): void {
    if (!this.waiting) return;
    const greeting = /^OK MPD [^\n]*\n/.exec(this.buffer);
    const end = /(^|\n)(OK|ACK [^\n]*)\n/.exec(this.buffer);
    const match = greeting ?? end;
    if (!match) return;
    const cut = match.index + match[0].length;
    const text = this.buffer.slice(0, cut);
    this.buffer = this.buffer.slice(cut);
    const done = this.waiting;
    this.waiting = null;
    done(text);
  }

  command(line: string): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiting = (text) =>
        text.includes('\nACK') || text.startsWith('ACK') ? reject(new Error(text)) : resolve(text);
      this.socket.write(`${line}\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Quote an argument the way the MPD protocol wants it. */
export function mpdQuote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export async function waitForPort(port: number, timeoutMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    try {
      const client = await MpdClient.connect(port);
      client.close();
      return performance.now() - start;
    } catch {
      if (performance.now() - start > timeoutMs) throw new Error(`port ${port} never answered`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
