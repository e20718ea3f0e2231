import path from 'node:path';
import { ListenTokenStore, PhoneStream } from '../audio/phone-stream/index.ts';
import type { StreamOpener, TonearmAudioPlayer } from '../audio/index.ts';
import { StreamBackend } from '../backends/stream.ts';
import type { Config } from '../config/schema.ts';
import type { Backend } from '../core/ports.ts';
import type { Logger } from '../log.ts';
import { Egress } from '../net/egress.ts';
import { PlaylistStore } from '../playlists/store.ts';
import { createStreamOpener } from './opener.ts';
import { StationStore } from './stations.ts';

/**
 * Internet radio, stored playlists and the phone listen stream, built from the config in one
 * call for app/main.ts. Audio is created after this (it needs `openStream`), so the listen
 * stream reaches the player's PCM tap only once `attach` has been called.
 */
export interface RadioExtras {
  egress: Egress;
  backends: Backend[];
  openStream: StreamOpener;
  web: { radio: StationStore; playlists: PlaylistStore; listen?: PhoneStream };
  summary: Record<string, string>;
  attach(audio: TonearmAudioPlayer): void;
  close(): Promise<void>;
}

export async function createRadioExtras(config: Config, log: Logger): Promise<RadioExtras> {
  const dataDir = config.storage.data_dir;
  const egress = new Egress({ log, allowHosts: config.egress.allow_hosts });
  const stations = new StationStore(dataDir, egress, log);
  await stations.load();
  const playlists = new PlaylistStore({
    dir: path.join(dataDir, 'playlists'),
    egress,
    log,
    mediaDir: config.library.media_dir,
  });

  let player: TonearmAudioPlayer | null = null;
  let listen: PhoneStream | undefined;
  if (config.listen.enabled) {
    const tokens = new ListenTokenStore(dataDir, log);
    await tokens.load();
    listen = new PhoneStream({
      // The player is attached after the extras are built.
      source: {
        addPcmTap: (fn) => (player ? player.addPcmTap(fn) : () => undefined),
        sounding: () => player?.sounding() ?? false,
      },
      tokens,
      log,
      bitrate: config.listen.bitrate,
      maxListeners: config.listen.max_listeners,
    });
  }

  return {
    egress,
    backends: [new StreamBackend(stations, egress)],
    openStream: createStreamOpener({ egress, log }),
    web: { radio: stations, playlists, ...(listen ? { listen } : {}) },
    summary: {
      radio: `${stations.list().length} stations`,
      playlists: 'on',
      listen: listen ? 'on' : 'off',
    },
    attach(audio) {
      player = audio;
    },
    async close() {
      listen?.close();
    },
  };
}
