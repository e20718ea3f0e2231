import type { MixerDriver, MixerLevel } from '../../app/core/ports.ts';

/**
 * No mixer: for a DAC with a fixed output level feeding an amplifier with its own knob. Volume
 * requests change nothing audible; Core still tracks the level so the UI stays consistent.
 */
export class NoMixer implements MixerDriver {
  readonly name = 'none';

  apply(_level: MixerLevel): void {}

  async read(): Promise<MixerLevel | null> {
    return null;
  }

  setFaultListener(): void {}

  async close(): Promise<void> {}
}
