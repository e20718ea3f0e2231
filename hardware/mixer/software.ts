import type { MixerDriver, MixerLevel } from '../../app/core/ports.ts';
import type { Logger } from '../../app/log.ts';
import { clampVolume, gainForVolume } from './curve.ts';

export interface SoftwareMixerOptions {
  /** Applies a linear gain 0..1 to samples; Main wires this to AudioPlayer.setSoftwareGain. */
  setGain: (gain: number) => void;
  /** Core enforces this; the driver enforces it again so no path can exceed it. */
  maxVolume: number;
  log: Logger;
}

/**
 * Volume as gain in the audio pipeline, for DACs without a hardware control. The gain follows
 * the same cubic curve as the ALSA mixer (see curve.ts). Applying a gain is a number handed to
 * the decode side, so there is nothing to coalesce: each call wins immediately.
 */
export class SoftwareMixer implements MixerDriver {
  readonly name = 'software';
  private readonly log: Logger;
  private last: MixerLevel | null = null;

  constructor(private readonly options: SoftwareMixerOptions) {
    this.log = options.log.child({ module: 'mixer', mixer: 'software' });
  }

  apply(level: MixerLevel): void {
    const volume = clampVolume(level.volume, this.options.maxVolume);
    if (volume !== level.volume) {
      this.log.warn({ asked: level.volume, applied: volume }, 'volume outside 0..max_volume');
    }
    this.last = { volume, mute: level.mute };
    this.options.setGain(level.mute ? 0 : gainForVolume(volume));
  }

  async read(): Promise<MixerLevel | null> {
    return this.last;
  }

  setFaultListener(): void {}

  async close(): Promise<void> {}
}
