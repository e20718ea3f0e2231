import { spawn } from 'node:child_process';
import type { Writable } from 'node:stream';

/**
 * AAC and HE-AAC streams have no WASM decoder, so an ffmpeg child turns them into WAV, which
 * the audio worker reads as it reads any WAV stream. ffmpeg reads the bytes from stdin
 * (`pipe:0`) and may open nothing else (`-protocol_whitelist pipe`): it never fetches, the
 * egress guard does.
 */
export const AAC_ARGS = [
  '-hide_banner',
  '-loglevel',
  'error',
  '-protocol_whitelist',
  'pipe',
  '-f',
  'aac',
  '-i',
  'pipe:0',
  '-vn',
  '-c:a',
  'pcm_s16le',
  '-f',
  'wav',
  'pipe:1',
];

export async function* aacToWav(
  input: AsyncIterable<Uint8Array>,
  signal: AbortSignal,
): AsyncGenerator<Buffer> {
  const child = spawn('ffmpeg', AAC_ARGS, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-1000)));
  child.stdin.on('error', () => undefined);
  const stop = () => child.kill('SIGKILL');
  signal.addEventListener('abort', stop, { once: true });

  // The station's own failure (STREAM_DEAD) must reach the player, not look like an end.
  let inputError: unknown = null;
  const feeding = (async () => {
    try {
      for await (const chunk of input) {
        if (child.stdin.destroyed) return;
        if (!child.stdin.write(chunk)) await writable(child.stdin);
      }
    } catch (err) {
      // Let ffmpeg play out what it already has, then report the failure.
      inputError = err;
    }
    child.stdin.end();
  })();

  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) yield chunk;
  } finally {
    signal.removeEventListener('abort', stop);
    if (child.exitCode === null) stop();
    // Not awaited: the input may be waiting on the network; the abort signal ends it.
    void feeding;
  }
  if (inputError && !signal.aborted) throw inputError;
  if (child.exitCode !== 0 && !signal.aborted && stderr) {
    throw new Error(`ffmpeg could not decode the AAC stream: ${stderr.trim()}`);
  }
}

/** Resolves when `stream` can take more, or is gone (a killed child never drains). */
function writable(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
