/**
 * Every API call the UI makes, in one place, so the views never build URLs or bodies.
 */
import { del, get, post, put } from './http.ts';
import type {
  BrowseRef,
  Device,
  HistoryEntry,
  Mixer,
  Modes,
  PairingRequest,
  PairingState,
  PlayerStatus,
  Queue,
  QueueEntry,
  Session,
  Track,
} from './wire.ts';

const V1 = '/api/v1';
const q = encodeURIComponent;

export const player = {
  status: () => get<PlayerStatus>(`${V1}/player`),
  play: (entryId?: number) => post(`${V1}/player/play`, entryId === undefined ? {} : { entryId }),
  pause: () => post(`${V1}/player/pause`),
  stop: () => post(`${V1}/player/stop`),
  next: () => post(`${V1}/player/next`),
  previous: () => post(`${V1}/player/previous`),
  seek: (positionMs: number) => post(`${V1}/player/seek`, { positionMs }),
  setModes: (modes: Partial<Modes>) => put(`${V1}/player/modes`, modes),
};

export const queue = {
  list: () => get<Queue>(`${V1}/queue`),
  add: async (uris: string[]) =>
    entriesOf(await post<{ entries: QueueEntry[] } | QueueEntry[]>(`${V1}/queue`, { uris })),
  remove: (entryIds: number[]) => del(`${V1}/queue`, { entryIds }),
  clear: () => del(`${V1}/queue`, { all: true }),
  move: (entryId: number, toPosition: number) => post(`${V1}/queue/move`, { entryId, toPosition }),
};

function entriesOf(result: { entries: QueueEntry[] } | QueueEntry[]): QueueEntry[] {
  return Array.isArray(result) ? result : result.entries;
}

export const library = {
  search: async (text: string, signal: AbortSignal) => {
    const result = await get<{ tracks: Track[] }>(`${V1}/library/search?q=${q(text)}`, {
      signal,
    });
    return result.tracks;
  },
  browse: async (uri: string) => {
    const result = await get<{ refs: BrowseRef[] }>(`${V1}/library/browse?uri=${q(uri)}`);
    return result.refs;
  },
  /** The URL of a track's art, for an <img>; the API answers 404 when there is none. */
  artUrl: (trackUri: string) => `${V1}/library/art?uri=${q(trackUri)}`,
};

export const mixer = {
  set: (change: Partial<Pick<Mixer, 'volume' | 'mute'>>) => put<Mixer>(`${V1}/mixer`, change),
};

export const history = {
  list: async (limit = 50) => {
    const result = await get<{ entries: HistoryEntry[] }>(`${V1}/history?limit=${limit}`);
    return result.entries;
  },
};

export const session = {
  /** Who this browser is; a 401 means it is not paired. */
  me: () => get<Session>(`${V1}/session`, { quiet401: true }),
};

export const devices = {
  list: async () => (await get<{ devices: Device[] }>(`${V1}/devices`)).devices,
  revoke: (id: string) => del(`${V1}/devices/${q(id)}`),
};

export const pairing = {
  request: (name: string) => post<PairingRequest>(`${V1}/pairing`, { name }, { quiet401: true }),
  status: async (id: string) =>
    (
      await get<{ state: PairingState }>(`${V1}/pairing/${q(id)}`, {
        quiet401: true,
      })
    ).state,
};
