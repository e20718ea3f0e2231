/**
 * Audio: the one door main.ts and tests use. Inside: decode/ turns files (and, through an
 * opener, network streams) into PCM on a worker thread; outputs/ holds the ALSA (aplay), null
 * and WAV file outputs behind PcmOutput; player.ts moves PCM from decode jobs to the output,
 * gaplessly; taps.ts lends the PCM to listeners such as the phone stream.
 */
import { z } from 'zod';
import type { AudioItem, AudioPlayer } from '../core/ports.ts';
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Codec } from './decode/codec.ts';
import { DecodeWorker, type DecodeJob } from './decode/client.ts';
import { AlsaOutput, checkDevice } from './outputs/alsa.ts';
import { FileOutput } from './outputs/file.ts';
import { NullOutput } from './outputs/null.ts';
import type { OutputKind, PcmOutput } from './outputs/output.ts';
import { Pipeline } from './player.ts';
import { TapSet, type PcmTap } from './taps.ts';

export type { PcmFormat, SampleFormat } from './format.ts';
export type { PcmTap } from './taps.ts';
export type { Codec } from './decode/codec.ts';
export { probeAlsaDevice } from './outputs/alsa.ts';

/**
 * What a stream backend hands back for a `stream` source: the encoded bytes and their codec.
 * The radio backend supplies an opener; until then stream sources fail with FORMAT_UNSUPPORTED.
 */
export interface OpenedStream {
  codec: Codec;
  body: AsyncIterable<Uint8Array>;
}

export type StreamOpener = (
  source: Extract<AudioItem['source'], { kind: 'stream' }>,
  context: { signal: AbortSignal; onTitle: (title: string) => void },
) => Promise<OpenedStream>;

export interface AudioPlayerOptions {
  output: OutputKind;
  /** ALSA device name for 'alsa' (e.g. 'default', 'hw:1,0'); WAV file path for 'file'. */
  device: string;
  /** Decoded audio kept ahead of the ear, in milliseconds ([audio] buffer_ms). */
  bufferMs: number;
  log: Logger;
  /** The null output's clock rate: 1 is real time; tests play faster. */
  speed?: number;
  openStream?: StreamOpener;
}

/** The player as main.ts and tests get it: AudioPlayer plus a PCM tap for phone listening. */
export interface TonearmAudioPlayer extends AudioPlayer {
  /** `fn` gets every block handed to the output (before software gain); returns unsubscribe. */
  addPcmTap(fn: PcmTap): () => void;
  /** Starts the decode thread and resolves once it has loaded, so a first play() need not wait. */
  ready(): Promise<void>;
  /** True while an item is being played and not paused. */
  sounding(): boolean;
  /** For the systemd watchdog: does the decode thread still answer? */
  probe(timeoutMs?: number): Promise<boolean>;
}

const optionsSchema = z.object({
  output: z.enum(['alsa', 'null', 'file']),
  device: z.string().min(1),
  bufferMs: z.number().int().min(20).max(10000),
  speed: z.number().positive().max(1000).optional(),
});

/** The options main.ts passes, checked once: a bad value is a config error, never a crash later. */
function checkOptions(options: AudioPlayerOptions): void {
  const result = optionsSchema.safeParse(options);
  if (result.success) return;
  const problems = result.error.issues.map((i) => `audio.${i.path.join('.')}: ${i.message}`);
  throw new TonearmError('CONFIG_INVALID', problems.join('; '));
}

function createOutput(options: AudioPlayerOptions): PcmOutput {
  if (options.output === 'alsa')
    return new AlsaOutput(checkDevice(options.device), options.bufferMs);
  if (options.output === 'file') return new FileOutput(options.device);
  return new NullOutput(options.bufferMs, options.speed ?? 1);
}

export function createAudioPlayer(options: AudioPlayerOptions): TonearmAudioPlayer {
  checkOptions(options);
  const log = options.log.child({ module: 'audio' });
  const output = createOutput(options);
  // The decode thread starts on ready() (main.ts calls it once the web listener is up) or on
  // the first play, whichever comes first: loading it competes with start-up for the CPU.
  const decoder = new DecodeWorker(log);

  const startJob = (item: AudioItem, startMs: number): DecodeJob => {
    if (item.source.kind === 'file') return decoder.startFile(item.source, startMs);
    return startStream(decoder, item, options.openStream, (id, t) => pipeline.title(id, t));
  };

  const pipeline = new Pipeline(output, startJob, new TapSet(log), log, {
    ready: () => decoder.warm(),
    dispose: () => decoder.close(),
    probe: (timeoutMs) => decoder.ping(timeoutMs),
  });
  log.info({ output: options.output, device: options.device }, 'audio ready');
  return pipeline;
}

/** A stream source through the opener the radio backend supplies. */
function startStream(
  decoder: DecodeWorker,
  item: AudioItem,
  openStream: StreamOpener | undefined,
  onTitle: (entryId: number, title: string) => void,
): DecodeJob {
  const source = item.source;
  if (source.kind !== 'stream') throw new Error('startStream needs a stream source');

  return decoder.startStream(source.uri, async (signal) => {
    if (!openStream) {
      throw new TonearmError('FORMAT_UNSUPPORTED', `${source.uri}: streams are not supported yet`);
    }
    return openStream(source, { signal, onTitle: (title) => onTitle(item.entryId, title) });
  });
}
