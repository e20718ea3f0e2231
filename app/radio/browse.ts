import type { BrowseRef, LibraryService } from '../core/ports.ts';
import { stationUri } from './uri.ts';

/** Where the stations appear when browsing: a "Radio" folder at the library's root. */
export const RADIO_BROWSE_URI = 'stream:stations';

interface StationList {
  list(): { id: string; name: string; favourite: boolean }[];
}

/**
 * The library as frontends browse it, with the radio stations added as a folder of
 * `stream:station:` entries (favourites first) that are queued like tracks. Everything else
 * is the library's own answer.
 */
export function withRadioBrowse(library: LibraryService, stations: StationList): LibraryService {
  return {
    search: (query, limit) => library.search(query, limit),
    lookup: (uri) => library.lookup(uri),
    art: (ref) => library.art(ref),
    scan: () => library.scan(),
    close: () => library.close(),
    browse(uri: string): BrowseRef[] {
      if (uri === RADIO_BROWSE_URI) {
        const all = stations.list();
        const ordered = [...all.filter((s) => s.favourite), ...all.filter((s) => !s.favourite)];
        return ordered.map((s) => ({ type: 'track', uri: stationUri(s.id), name: s.name }));
      }
      const refs = library.browse(uri);
      if (uri !== 'local:') return refs;
      return [...refs, { type: 'directory', uri: RADIO_BROWSE_URI, name: 'Radio' }];
    },
  };
}
