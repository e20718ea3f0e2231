import type { ServerResponse } from 'node:http';
import type { Logger } from '../log.ts';
import type { Config } from '../config/schema.ts';
import type { CoreApi, QueueApi } from '../core/api.ts';
import type { LibraryService } from '../core/ports.ts';
import type { WebAuth } from './auth/index.ts';
import type { Limiters } from './limits.ts';

/** The `[web]` section of the configuration, as validated by app/config/schema.ts. */
export type WebConfig = Config['web'];

/** What a stored credential may do. */
export type Role = 'owner' | 'listener';

/**
 * Who may call a route. `public`: anyone who passed the host and origin checks (pairing,
 * "who am I"). `guest`: paired devices and tokens, and unpaired visitors when guest mode is on.
 * `listener` and `owner`: a credential with at least that role.
 */
export type Access = 'public' | 'guest' | 'listener' | 'owner';

export const ACCESS_LEVELS: readonly Access[] = ['public', 'guest', 'listener', 'owner'];

/** The caller, once its credential (if any) has been checked. */
export interface Principal {
  role: Role | 'guest';
  /** The credential's id in the token store; null for guests. */
  credentialId: string | null;
  name: string;
  via: 'cookie' | 'bearer' | 'none';
}

/** Everything a route handler may use. Routes reach Core and the Library only through here. */
export interface RouteContext {
  core: CoreApi;
  library: LibraryService;
  auth: WebAuth;
  config: WebConfig;
  limits: Limiters;
  log: Logger;
  /** True when this server speaks HTTPS (cookies then get `__Host-` and `Secure`). */
  https: boolean;
  /** SHA-256 fingerprint of the HTTPS certificate, for the pairing screen; null on HTTP. */
  fingerprint: string | null;
  /** Radio stations (app/radio), when Main wires them; routes answer NOT_FOUND otherwise. */
  radio?: RadioApi;
  /** Stored playlists (app/playlists), when Main wires them. */
  playlists?: PlaylistsApi;
  /** The phone listen stream (app/audio/phone-stream), when Main wires it. */
  listen?: ListenApi;
  /** The box itself (app/system), when Main wires it. */
  system?: SystemApi;
}

export interface SystemApi {
  /** Leave the request for a wipe; the image acts on it (see app/system/factory-reset.ts). */
  factoryReset(by: string): Promise<void>;
}

// The services below are described here, as interfaces, so Web never imports their modules.

export interface StationView {
  id: string;
  name: string;
  url: string;
  favourite: boolean;
}

export interface RadioApi {
  list(): StationView[];
  add(input: { name: string; url: string; favourite?: boolean }): Promise<StationView>;
  update(
    id: string,
    patch: { name?: string; url?: string; favourite?: boolean; position?: number },
  ): Promise<StationView>;
  remove(id: string): Promise<void>;
}

export interface PlaylistItemView {
  uri: string;
  title: string | null;
}

export interface PlaylistView {
  name: string;
  items: PlaylistItemView[];
}

export interface PlaylistsApi {
  list(): Promise<{ name: string; length: number }[]>;
  get(name: string): Promise<PlaylistView>;
  create(name: string, items?: PlaylistItemView[]): Promise<PlaylistView>;
  rename(from: string, to: string): Promise<PlaylistView>;
  delete(name: string): Promise<void>;
  add(name: string, items: PlaylistItemView[], position?: number): Promise<PlaylistView>;
  remove(name: string, positions: number[]): Promise<PlaylistView>;
  move(name: string, from: number, to: number): Promise<PlaylistView>;
  saveQueue(name: string, queue: QueueApi): Promise<PlaylistView>;
  loadIntoQueue(name: string, queue: QueueApi): Promise<{ added: number; skipped: number }>;
  /** Import an .m3u file of the music library (a `local:track:` URI) as a new playlist. */
  importFromLibrary(name: string, uri: string): Promise<PlaylistView & { skipped: number }>;
}

export interface ListenTokenView {
  id: string;
  name: string;
  createdAt: string;
}

export interface ListenApi {
  tokens(): ListenTokenView[];
  /** The secret is in the answer once and never stored or logged in clear. */
  createToken(name: string): Promise<ListenTokenView & { token: string }>;
  /** Forget a token and end its connections. */
  revoke(id: string): Promise<void>;
  /**
   * Start sending the MP3 stream on `res` for the holder of `token`. Throws AUTH_REQUIRED for
   * an unknown token and RATE_LIMITED when the listener cap is reached.
   */
  attach(token: string, res: ServerResponse): void;
}

export function rankOf(role: Principal['role']): number {
  return role === 'owner' ? 3 : role === 'listener' ? 2 : 1;
}

export function accessRank(access: Access): number {
  return ACCESS_LEVELS.indexOf(access);
}
