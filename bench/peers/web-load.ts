import http from 'node:http';
import WebSocket from 'ws';
import { percentile } from '../stats.ts';

/**
 * Load for a player's HTTP API and its event WebSocket, the same for every player: `request`
 * says how one operation is sent, `trigger` and `matches` how an event is caused and seen.
 */
export interface Latency {
  p50: number;
  p99: number;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, {
      method: options.method ?? 'GET',
      headers: options.headers,
      agent,
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`${url}: ${res.statusCode} ${text}`));
        else resolve(text);
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `total` operations spread over `clients` concurrent loops; each operation timed alone. */
export async function latency(
  clients: number,
  total: number,
  op: (i: number) => Promise<unknown>,
): Promise<Latency> {
  const samples: number[] = [];
  let next = 0;
  const loop = async () => {
    while (next < total) {
      const i = next++;
      const start = performance.now();
      await op(i);
      samples.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/**
 * Time from causing an event to the moment the last of `clients` WebSockets has it, `rounds`
 * times. `trigger(i)` causes event number i; `matches(message, i)` recognises it.
 */
export async function fanOut(
  wsUrl: string,
  headers: Record<string, string>,
  clients: number,
  rounds: number,
  trigger: (i: number) => Promise<unknown>,
  matches: (message: unknown, i: number) => boolean,
): Promise<Latency> {
  const sockets = await Promise.all(
    Array.from(
      { length: clients },
      () =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(wsUrl, { headers });
          ws.once('open', () => resolve(ws));
          ws.once('error', reject);
        }),
    ),
  );
  const samples: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const arrived = sockets.map(
        (ws) =>
          new Promise<void>((resolve) => {
            const onMessage = (data: Buffer) => {
              if (!matches(JSON.parse(data.toString()), i)) return;
              ws.off('message', onMessage);
              resolve();
            };
            ws.on('message', onMessage);
          }),
      );
      const start = performance.now();
      await trigger(i);
      await Promise.all(arrived);
      samples.push(performance.now() - start);
    }
  } finally {
    for (const ws of sockets) ws.terminate();
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

export function closeAgent(): void {
  agent.destroy();
}
