import type { Config } from '../../app/config/schema.ts';
import type { MixerDriver } from '../../app/core/ports.ts';
import type { Logger } from '../../app/log.ts';
import { AlsaMixer } from './alsa.ts';
import { NoMixer } from './none.ts';
import { SoftwareMixer } from './software.ts';

export { AlsaMixer } from './alsa.ts';
export { NoMixer } from './none.ts';
export { SoftwareMixer } from './software.ts';

export interface MixerDeps {
  log: Logger;
  /** For mixer.type = "software": Main passes the audio player's setSoftwareGain. */
  setSoftwareGain: (gain: number) => void;
}

/**
 * The mixer driver the config asks for. For "alsa" the control is probed first, and a
 * MIXER_FAILED error (no such card or control, no playback volume) is thrown for Main to report
 * and, if it wishes, to fall back to the software mixer so the box still plays.
 */
export async function createMixerDriver(
  config: Config['mixer'],
  deps: MixerDeps,
): Promise<MixerDriver> {
  switch (config.type) {
    case 'none':
      return new NoMixer();
    case 'software':
      return new SoftwareMixer({
        setGain: deps.setSoftwareGain,
        maxVolume: config.max_volume,
        log: deps.log,
      });
    case 'alsa': {
      const mixer = new AlsaMixer({
        card: config.card,
        control: config.control,
        maxVolume: config.max_volume,
        log: deps.log,
      });
      await mixer.open();
      return mixer;
    }
  }
}
