/**
 * Every API call the UI makes, in one place, so the views never build URLs or bodies.
 * Transport calls answer with the new player status, which the store takes at once rather
 * than waiting for the event.
 */
import { del, get, post, put } from './http.ts';
import { setMixer, setQueue, setStatus } from './store.ts';
import type {
  BrowseRef,
  ClaimResult,
  Device,
  HistoryEntry,
  Mixer,
  Modes,
  PairingRequest,
  PlayerStatus,
  Queue,
  QueueEntry,
  Session,
  Track,
} from './wire.ts';

const V1 = '/api/v1';
const q = encodeURIComponent;

async function transport(action: string, body?: unknown): Promise<void> {
  setStatus(await post<PlayerStatus>(`${V1}/player/${action}`, body));
}

export const player = {
  status: () => get<PlayerStatus>(`${V1}/player`),
  play: (entryId?: number) => transport('play', entryId === undefined ? {} : { entryId }),
  pause: () => transport('pause'),
  /** The box decides: a second tap before the first answer cannot pause twice. */
  toggle: () => transport('toggle'),
  stop: () => transport('stop'),
  next: () => transport('next'),
  previous: () => transport('previous'),
  seek: (positionMs: number) => transport('seek', { positionMs: Math.round(positionMs) }),
  setModes: async (modes: Partial<Modes>) =>
    setStatus(await put<PlayerStatus>(`${V1}/player/modes`, modes)),
};

export const queue = {
  list: () => get<Queue>(`${V1}/queue`),
  add: async (uris: string[]) =>
    (await post<{ entries: QueueEntry[] }>(`${V1}/queue`, { uris })).entries,
  remove: async (entryId: number) => setQueue(await del<Queue>(`${V1}/queue/${entryId}`)),
  clear: async () => setQueue(await del<Queue>(`${V1}/queue`)),
  move: async (entryId: number, position: number) =>
    setQueue(await post<Queue>(`${V1}/queue/${entryId}/move`, { position })),
};

export const library = {
  search: async (text: string, signal: AbortSignal) =>
    (await get<{ tracks: Track[] }>(`${V1}/library/search?q=${q(text)}`, { signal })).tracks,
  browse: async (uri: string) =>
    (await get<{ refs: BrowseRef[] }>(`${V1}/library/browse?uri=${q(uri)}`)).refs,
  /** The URL of a track's art, for an <img>; the API answers 404 when there is none. */
  artUrl: (trackUri: string) => `${V1}/library/art?track=${q(trackUri)}`,
  scan: () => post<{ seen: number; added: number; removed: number }>(`${V1}/library/scan`),
};

export const mixer = {
  set: async (change: Partial<Pick<Mixer, 'volume' | 'mute'>>) =>
    setMixer(await put<Mixer>(`${V1}/mixer`, change)),
};

export const history = {
  list: async (limit = 50) =>
    (await get<{ entries: HistoryEntry[] }>(`${V1}/history?limit=${limit}`)).entries,
};

export const session = {
  /** Who this browser is; never a 401 (an unpaired browser gets role null). */
  me: () => get<Session>(`${V1}/session`),
};

export const devices = {
  list: async () => (await get<{ devices: Device[] }>(`${V1}/devices`)).devices,
  revoke: (id: string) => del(`${V1}/devices/${q(id)}`),
};

export const tokens = {
  list: async () => (await get<{ tokens: Device[] }>(`${V1}/tokens`)).tokens,
  /** The answer's `token` is the only time the secret is seen. */
  create: (name: string, role: 'owner' | 'listener') =>
    post<Device & { token: string }>(`${V1}/tokens`, { name, role }),
  revoke: (id: string) => del(`${V1}/tokens/${q(id)}`),
};

export const system = {
  /** `phrase` must be the words the route asks for; the box restarts and wipes its data. */
  factoryReset: (phrase: string) =>
    post<unknown>(`${V1}/system/factory-reset`, { confirm: phrase }),
};

export const pairing = {
  request: (name: string) => post<PairingRequest>(`${V1}/pairing`, { name }, { quiet401: true }),
  /** Pending until the button is held; approved sets the device cookie. 410 when over. */
  claim: (id: string) => post<ClaimResult>(`${V1}/pairing/claim`, { id }, { quiet401: true }),
};
