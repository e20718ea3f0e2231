import type { Logger } from '../../app/log.ts';
import type { MixerApi, PlayerApi } from '../../app/core/api.ts';
import type { AXIS_ACTIONS, KEY_ACTIONS } from '../../app/config/input-schema.ts';

/**
 * The fixed set of things a knob or button can do (KEY_ACTIONS and AXIS_ACTIONS in the config
 * schema). Nothing here runs a command: a config file can only choose among these.
 */
export type KeyActionName = (typeof KEY_ACTIONS)[number];
export type AxisActionName = (typeof AXIS_ACTIONS)[number];

/** What the mapper hands to Main's wiring. `volume` carries a signed change in points. */
export type HardwareAction =
  | { type: 'toggle' }
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'mute' }
  | { type: 'volume'; delta: number }
  | { type: 'approve_pairing' };

export type ActionHandler = (action: HardwareAction) => void | Promise<void>;

export interface CoreTarget {
  player: Pick<PlayerApi, 'toggle' | 'next' | 'previous'>;
  mixer: Pick<MixerApi, 'state' | 'step' | 'setMute'>;
}

/**
 * The handler Main wires: actions become Core calls, and approve_pairing goes to whatever the
 * web pairing flow offers (Hardware must not import Web, so Main passes it in). It returns
 * false when nothing was waiting for approval.
 */
export function createCoreActionHandler(
  core: CoreTarget,
  approvePairing: () => boolean | Promise<boolean>,
  log: Logger,
): ActionHandler {
  const logger = log.child({ module: 'input' });
  return async (action) => {
    switch (action.type) {
      case 'toggle':
        return core.player.toggle();
      case 'next':
        return core.player.next();
      case 'previous':
        return core.player.previous();
      case 'mute':
        core.mixer.setMute(!core.mixer.state().mute);
        return;
      case 'volume':
        core.mixer.step(action.delta);
        return;
      case 'approve_pairing': {
        const approved = await approvePairing();
        logger.info({ approved }, approved ? 'pairing approved by button' : 'no pairing waiting');
        return;
      }
    }
  };
}
