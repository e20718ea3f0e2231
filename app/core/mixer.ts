/**
 * The mixer model: the volume and mute the user sees, kept within the configured maximum on
 * every path (API, knob, restored state, the device itself), and pushed to a MixerDriver.
 * The driver may be an ALSA control, the software gain or nothing; this model does not care.
 */
import { z } from 'zod';
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { MixerApi } from './api.ts';
import type { EventBus } from './events.ts';
import type { MixerDriver, MixerLevel } from './ports.ts';
import type { MixerState } from './types.ts';

/** What a device may report; anything else is logged and dropped. */
const deviceLevel = z.object({
  volume: z.number().finite().min(0).max(100),
  mute: z.boolean(),
});

export interface MixerOptions {
  driver: MixerDriver;
  bus: EventBus;
  log: Logger;
  /** No path sets the volume above this (0-100). */
  maxVolume: number;
  /** The volume at boot, and the ceiling for a volume restored from saved state. */
  startupVolume: number;
}

function checkLimit(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new TonearmError('CONFIG_INVALID', `mixer ${name} must be 0-100, got ${value}`);
  }
  return value;
}

export class Mixer implements MixerApi {
  private volume: number;
  private mute = false;
  private readonly maxVolume: number;
  private readonly startupVolume: number;
  private readonly log: Logger;

  constructor(private readonly options: MixerOptions) {
    this.maxVolume = checkLimit('max_volume', options.maxVolume);
    this.startupVolume = checkLimit('startup_volume', options.startupVolume);
    this.volume = Math.min(this.startupVolume, this.maxVolume);
    this.log = options.log.child({ module: 'mixer' });

    options.driver.setFaultListener((error) => {
      this.log.error({ err: error, device: options.driver.name }, 'mixer device failed');
      options.bus.emit('audio.error', {
        code: error.code,
        message: error.message,
        device: options.driver.name,
      });
    });
  }

  state(): MixerState {
    return { volume: this.volume, mute: this.mute, maxVolume: this.maxVolume };
  }

  /** Push the model's level to the device, e.g. once at start-up. */
  applyToDevice(): void {
    this.options.driver.apply(this.level());
  }

  setVolume(volume: number): number {
    if (typeof volume !== 'number' || !Number.isFinite(volume)) {
      throw new TonearmError('REQUEST_INVALID', `volume must be a number 0-100, got ${volume}`);
    }
    return this.update(volume, this.mute);
  }

  /** A knob turn: `delta` volume points. A fraction still moves at least one point. */
  step(delta: number): number {
    if (typeof delta !== 'number' || !Number.isFinite(delta)) {
      throw new TonearmError('REQUEST_INVALID', `volume step must be a number, got ${delta}`);
    }
    if (delta === 0) return this.volume;

    const points = Math.sign(delta) * Math.max(1, Math.round(Math.abs(delta)));
    return this.update(this.volume + points, this.mute);
  }

  setMute(mute: boolean): void {
    if (typeof mute !== 'boolean') {
      throw new TonearmError('REQUEST_INVALID', `mute must be true or false, got ${mute}`);
    }
    this.update(this.volume, mute);
  }

  /**
   * Take the volume saved before a restart, but never above the start-up volume: the box may
   * have been left loud late at night, or the amplifier changed since. Booting at a known,
   * quiet level is what keeps speakers and ears safe after a power cut.
   */
  restoreVolume(saved: number): number {
    if (!Number.isFinite(saved)) return this.volume;
    return this.update(Math.min(saved, this.startupVolume), this.mute);
  }

  /**
   * Read the device's own level (someone may have turned it with alsamixer) and adopt it.
   * A value the device should never report (150, NaN, a string) is logged and dropped; a
   * level above the maximum is pulled back down and written back to the device. Not called at
   * start-up, where our safe level wins; Main calls it through Core.syncMixer when it wants.
   */
  async syncFromDevice(): Promise<void> {
    let raw: unknown;
    try {
      raw = await this.options.driver.read();
    } catch (err) {
      this.log.warn({ err, device: this.options.driver.name }, 'cannot read mixer level');
      return;
    }
    if (raw === null) return;

    const parsed = deviceLevel.safeParse(raw);
    if (!parsed.success) {
      this.log.warn(
        { device: this.options.driver.name, reported: raw },
        'mixer device reported an impossible level; ignoring it',
      );
      return;
    }
    // A device level within bounds is only adopted; one above the maximum is corrected there.
    const exceeded = parsed.data.volume > this.maxVolume;
    this.update(parsed.data.volume, parsed.data.mute, exceeded ? 'always' : 'never');
  }

  private level(): MixerLevel {
    return { volume: this.volume, mute: this.mute };
  }

  /** The one place volume changes: clamp, round, apply, publish. */
  private update(
    volume: number,
    mute: boolean,
    write: 'if-changed' | 'never' | 'always' = 'if-changed',
  ): number {
    const clamped = Math.round(Math.min(Math.max(volume, 0), this.maxVolume));
    const changed = clamped !== this.volume || mute !== this.mute;
    this.volume = clamped;
    this.mute = mute;

    if (write === 'always' || (write === 'if-changed' && changed)) {
      this.options.driver.apply(this.level());
    }
    if (changed) this.options.bus.emit('mixer.changed', this.state());
    return clamped;
  }
}
