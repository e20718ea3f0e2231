import type { Logger } from '../log.ts';
import type { Config } from '../config/schema.ts';
import type { CoreApi } from '../core/api.ts';
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
}

export function rankOf(role: Principal['role']): number {
  return role === 'owner' ? 3 : role === 'listener' ? 2 : 1;
}

export function accessRank(access: Access): number {
  return ACCESS_LEVELS.indexOf(access);
}
