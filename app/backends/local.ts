import type { Backend } from '../core/ports.ts';
import type { PlayableSource, Track } from '../core/types.ts';
import { TonearmError } from '../errors.ts';

/** What the local backend needs from the library: metadata and confined paths. */
export interface LocalTracks {
  lookup(uri: string): Track | null;
  /** The real, confined absolute path of an indexed track; throws TonearmError otherwise. */
  resolvePath(uri: string): string;
}

/**
 * The `local:` scheme: tracks of the library. Only `local:track:` URIs name something
 * playable; the library decodes and confines them, this backend never builds a path itself.
 */
export class LocalBackend implements Backend {
  readonly scheme = 'local';

  constructor(private readonly tracks: LocalTracks) {}

  async lookup(uri: string): Promise<Track | null> {
    if (!uri.startsWith('local:track:')) return null;
    return this.tracks.lookup(uri);
  }

  async resolve(uri: string): Promise<PlayableSource> {
    if (!uri.startsWith('local:track:')) {
      throw new TonearmError(
        'URI_INVALID',
        `not a playable local URI: ${JSON.stringify(uri.slice(0, 200))}`,
      );
    }
    return { kind: 'file', uri, path: this.tracks.resolvePath(uri) };
  }
}
