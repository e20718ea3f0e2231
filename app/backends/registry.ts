/**
 * One Backend made of many: it reads the scheme of a URI (`local:`, `stream:`) and hands the
 * call to the backend registered for it. Core is given this and never needs to know which
 * backends exist.
 */
import { TonearmError } from '../errors.ts';
import type { Backend } from '../core/ports.ts';
import type { PlayableSource, Track } from '../core/types.ts';

const SCHEME = /^([a-z][a-z0-9+.-]{0,31}):/;

/** The scheme of `uri`, lower-cased; URI_INVALID when it has none. */
export function schemeOf(uri: string): string {
  const match = typeof uri === 'string' ? SCHEME.exec(uri.toLowerCase()) : null;
  if (!match) {
    const shown = String(uri).slice(0, 80);
    throw new TonearmError('URI_INVALID', `not a URI with a scheme (like local:...): ${shown}`);
  }
  return match[1] as string;
}

export class BackendRegistry implements Backend {
  /** The registry answers for every scheme it was given; this names it in logs. */
  readonly scheme = '*';
  private readonly byScheme = new Map<string, Backend>();

  constructor(backends: readonly Backend[]) {
    for (const backend of backends) {
      const scheme = backend.scheme.toLowerCase();
      if (this.byScheme.has(scheme)) {
        throw new TonearmError('INTERNAL', `two backends were given for the scheme ${scheme}:`);
      }
      this.byScheme.set(scheme, backend);
    }
  }

  /** The schemes served, for a start-up summary. */
  schemes(): string[] {
    return [...this.byScheme.keys()];
  }

  async lookup(uri: string): Promise<Track | null> {
    return this.backendFor(uri).lookup(uri);
  }

  async resolve(uri: string): Promise<PlayableSource> {
    return this.backendFor(uri).resolve(uri);
  }

  private backendFor(uri: string): Backend {
    const scheme = schemeOf(uri);
    const backend = this.byScheme.get(scheme);
    if (!backend) {
      const known = this.schemes().join(', ') || 'none';
      throw new TonearmError(
        'URI_UNKNOWN_SCHEME',
        `no backend plays URIs of the scheme "${scheme}:" (this box knows: ${known})`,
      );
    }
    return backend;
  }
}

/** Build the registry; a convenience for app/main.ts. */
export function createBackendRegistry(backends: readonly Backend[]): BackendRegistry {
  return new BackendRegistry(backends);
}
