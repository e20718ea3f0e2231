import { z } from 'zod';
import { inputSchema } from './input-schema.ts';

/**
 * The whole configuration, in one schema: every key's default, limits and meaning. Unknown keys
 * are errors, so a typo is reported instead of silently ignored.
 */
const listen = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:]+\]|[0-9.]+|localhost):\d{1,5}$/,
    'must be HOST:PORT, e.g. 127.0.0.1:6680',
  )
  .refine((v) => {
    const port = Number(v.slice(v.lastIndexOf(':') + 1));
    return port >= 0 && port <= 65535;
  }, 'port must be 0-65535 (0 picks a free port)');

const volume = z.number().int().min(0).max(100);
const MP3_BITRATES = [96, 128, 160, 192, 256, 320];

export const configSchema = z.strictObject({
  library: z
    .strictObject({
      /** Where the music lives. Read only; nothing outside it is ever opened. */
      media_dir: z.string().min(1).default('/srv/music'),
      /** Follow symbolic links that stay inside media_dir. */
      follow_symlinks: z.boolean().default(true),
      /** File name patterns (lower case) tried for folder art, in order. */
      art_files: z.array(z.string().min(1)).default(['cover', 'folder', 'front', 'album']),
    })
    .prefault({}),
  storage: z
    .strictObject({
      /** Index, state, tokens and keys. Must be writable by the service. */
      data_dir: z.string().min(1).default('/var/lib/tonearm'),
    })
    .prefault({}),
  audio: z
    .strictObject({
      output: z.enum(['alsa', 'null', 'file']).default('alsa'),
      /** ALSA device name for `alsa`, file path for `file`. */
      device: z.string().min(1).default('default'),
      /** Decoded audio kept ahead of the output, in milliseconds. */
      buffer_ms: z.number().int().min(50).max(5000).default(500),
    })
    .prefault({}),
  mixer: z
    .strictObject({
      type: z.enum(['software', 'alsa', 'none']).default('software'),
      card: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be an ALSA card name or number')
        .default('0'),
      control: z
        .string()
        .regex(/^[A-Za-z0-9 _.,-]{1,64}$/, 'must be an ALSA simple control name')
        .default('PCM'),
      max_volume: volume.default(100),
      startup_volume: volume.default(30),
    })
    .prefault({}),
  web: z
    .strictObject({
      listen: listen.default('127.0.0.1:6680'),
      /**
       * Host names the box answers to, besides its own addresses and localhost. Empty means
       * `<hostname>.local`; list that name too when you add others.
       */
      hostnames: z.array(z.string().min(1).max(253)).default([]),
      /** Origins allowed to make requests, e.g. http://tonearm.local:6680. */
      origins: z.array(z.string().url()).default([]),
      guest_mode: z.boolean().default(false),
      /** Serve HTTPS with a key and self-signed certificate made on first start in data_dir. */
      https: z.boolean().default(false),
      /** Largest request body accepted, in bytes. */
      body_limit: z.number().int().min(1024).max(1048576).default(65536),
      /** Per-minute budgets; a client over one gets 429 until the minute has passed. */
      rate_limits: z
        .strictObject({
          /** Failed token or cookie checks per address, and from all addresses together. */
          auth_failures_per_address: z.number().int().min(1).max(10000).default(10),
          auth_failures_global: z.number().int().min(1).max(100000).default(100),
          /** Pairing requests per address, and from all addresses together. */
          pairing_per_address: z.number().int().min(1).max(1000).default(5),
          pairing_global: z.number().int().min(1).max(10000).default(20),
          /** Library searches per address (search-as-you-type sends one per key press). */
          search_per_address: z.number().int().min(1).max(100000).default(600),
        })
        .prefault({}),
      /** Open WebSocket connections allowed from one address. */
      ws_connections_per_address: z.number().int().min(1).max(1000).default(8),
    })
    .prefault({}),
  /** Knobs and buttons: see app/config/input-schema.ts and docs/hardware.md. */
  input: inputSchema,
  /** Outbound fetches (radio streams, playlists): see app/net/egress.ts. */
  egress: z
    .strictObject({
      /** LAN hosts, as host:port, that may be fetched although private: a NAS, a local Icecast. */
      allow_hosts: z
        .array(
          z.string().regex(/^[^\s/@]{1,253}:\d{1,5}$/, 'must be host:port, e.g. nas.local:8000'),
        )
        .max(100)
        .default([]),
    })
    .prefault({}),
  /** "Listen on the phone": an MP3 stream of what plays, for holders of a listen token. */
  listen: z
    .strictObject({
      /** Off by default; owners create tokens with POST /api/v1/listen/tokens. */
      enabled: z.boolean().default(false),
      /** MP3 bitrate in kbps (constant). */
      bitrate: z
        .number()
        .refine((n) => MP3_BITRATES.includes(n), `must be one of ${MP3_BITRATES.join(', ')}`)
        .default(192),
      /** Listeners at once; each costs upload bandwidth, not encoding. */
      max_listeners: z.number().int().min(1).max(32).default(4),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
