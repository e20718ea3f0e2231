import type { Backend } from '../core/ports.ts';
import type { PlayableSource, Track } from '../core/types.ts';
import type { Egress } from '../net/egress.ts';
import type { StationStore } from '../radio/stations.ts';
import { parseStreamUri } from '../radio/uri.ts';

/**
 * The `stream:` backend: stored stations (`stream:station:<id>`) and streams added by URL
 * (`stream:url:<encoded URL>`). Resolving runs the egress guard's static checks; the host is
 * resolved and checked again on every connection, by the egress guard, when Audio opens it.
 */
export class StreamBackend implements Backend {
  readonly scheme = 'stream';

  constructor(
    private readonly stations: StationStore,
    private readonly egress: Egress,
  ) {}

  async lookup(uri: string): Promise<Track | null> {
    let ref;
    try {
      ref = parseStreamUri(uri);
    } catch {
      return null;
    }
    if (ref.kind === 'station') {
      const station = this.stations.list().find((s) => s.id === ref.id);
      return station ? streamTrack(uri, station.name) : null;
    }
    try {
      return streamTrack(uri, this.egress.check(ref.url).url.host);
    } catch {
      return null;
    }
  }

  async resolve(uri: string): Promise<PlayableSource> {
    const ref = parseStreamUri(uri);
    const url = ref.kind === 'station' ? this.stations.get(ref.id).url : ref.url;
    return { kind: 'stream', uri, url: this.egress.check(url).url.toString() };
  }
}

function streamTrack(uri: string, title: string): Track {
  return {
    uri,
    title,
    artist: null,
    albumArtist: null,
    album: null,
    genre: 'Radio',
    date: null,
    trackNo: null,
    discNo: null,
    durationMs: null,
    albumId: null,
  };
}
