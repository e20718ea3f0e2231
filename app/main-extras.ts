/**
 * The optional services (internet radio, stored playlists, the phone listen stream) as Main
 * builds them. Until they are wired here, Tonearm serves the local library only: `stream:`
 * URIs answer URI_UNKNOWN_SCHEME and the radio, playlist and listen routes answer NOT_FOUND.
 */
import type { StreamOpener, TonearmAudioPlayer } from './audio/index.ts';
import type { Config } from './config/schema.ts';
import type { EventBus } from './core/events.ts';
import type { Core } from './core/index.ts';
import type { Backend } from './core/ports.ts';
import type { Logger } from './log.ts';
import type { WebAppDeps } from './web/index.ts';

export interface Extras {
  backends: Backend[];
  openStream?: StreamOpener;
  web: Pick<WebAppDeps, 'radio' | 'playlists' | 'listen'>;
  /** One word per service for the start-up summary. */
  summary: Record<string, string>;
  attach(core: Core, audio: TonearmAudioPlayer): void;
  close(): Promise<void>;
}

export async function createExtras(
  _config: Config,
  _deps: { log: Logger; bus: EventBus },
): Promise<Extras> {
  return {
    backends: [],
    web: {},
    summary: { radio: 'off', playlists: 'off', listen: 'off' },
    attach() {},
    async close() {},
  };
}
