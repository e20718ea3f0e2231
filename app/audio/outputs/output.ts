import type { PcmFormat } from '../format.ts';

/**
 * Where PCM goes: a DAC through ALSA, a WAV file, or nowhere at real-time pace. The player
 * opens an output with a track's format, writes blocks (each write resolves when the output has
 * room, which is what keeps the player's memory flat), and drains or closes it.
 */
export interface PcmOutput {
  /** 'alsa', 'null' or 'file', for logs. */
  readonly kind: string;
  /** The device or file this output reaches, for error messages. */
  readonly target: string;
  /** The format it is open with, or null when closed. */
  readonly format: PcmFormat | null;
  open(format: PcmFormat): Promise<void>;
  /** Resolves once the output has taken the block; rejects with TonearmError OUTPUT_*. */
  write(pcm: Uint8Array): Promise<void>;
  /** Play out everything written, then release the device. The output is closed afterwards. */
  drain(): Promise<void>;
  /** Release the device at once, dropping whatever is still buffered. */
  close(): Promise<void>;
  /**
   * True when audio already written keeps sounding after pause() (aplay's pipe and ALSA's
   * buffer). The pipeline then closes the output on pause and decodes again from the heard
   * position on resume, so pause is silent at once.
   */
  readonly soundsAfterPause: boolean;
  /** Stop consuming: the null output's clock stops; ALSA's position clock stops. */
  pause(): void;
  resume(): void;
  /** Frames written but not yet heard: how far the ear lags behind `write`. */
  delayFrames(): number;
}

export type OutputKind = 'alsa' | 'null' | 'file';
