/**
 * The optional services (internet radio, stored playlists, the phone listen stream) as Main
 * builds them (app/radio/extras.ts). The listen routes answer LISTEN_DISABLED unless
 * `[listen] enabled` is set.
 */
import type { StreamOpener, TonearmAudioPlayer } from './audio/index.ts';
import type { Config } from './config/schema.ts';
import type { EventBus } from './core/events.ts';
import type { Core } from './core/index.ts';
import type { Backend, LibraryService } from './core/ports.ts';
import type { Logger } from './log.ts';
import { withRadioBrowse } from './radio/browse.ts';
import { createRadioExtras } from './radio/extras.ts';
import type { WebAppDeps } from './web/index.ts';

export interface Extras {
  backends: Backend[];
  openStream?: StreamOpener;
  web: Pick<WebAppDeps, 'radio' | 'playlists' | 'listen'>;
  /** One word per service for the start-up summary. */
  summary: Record<string, string>;
  attach(core: Core, audio: TonearmAudioPlayer): void;
  /** The library as frontends browse it: with a Radio folder of the stations. */
  browsable(library: LibraryService): LibraryService;
  close(): Promise<void>;
}

export async function createExtras(
  config: Config,
  deps: { log: Logger; bus: EventBus },
): Promise<Extras> {
  const radio = await createRadioExtras(config, deps.log);
  return {
    backends: radio.backends,
    openStream: radio.openStream,
    web: radio.web,
    summary: radio.summary,
    attach: (_core, audio) => radio.attach(audio),
    browsable: (library) => withRadioBrowse(library, radio.web.radio),
    close: () => radio.close(),
  };
}
