import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { TonearmError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Egress } from '../net/egress.ts';
import { writeFileAtomic } from '../util/atomic-file.ts';
import { DEFAULT_STATIONS } from './defaults.ts';

/**
 * The owner's radio stations, in their order, in one JSON file in the data directory. Adding
 * or editing a station runs the egress guard's static checks (scheme, literal address) at
 * once; host names are resolved only when the station is played, so stations can be added
 * while the internet is down.
 */

export const stationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  name: z.string().min(1).max(200),
  url: z.string().min(1).max(2048),
  favourite: z.boolean(),
});
export type Station = z.infer<typeof stationSchema>;

const fileSchema = z.strictObject({ version: z.literal(1), stations: z.array(stationSchema) });

export interface StationPatch {
  name?: string;
  url?: string;
  favourite?: boolean;
  /** New 0-based place in the list. */
  position?: number;
}

export const MAX_STATIONS = 500;

export class StationStore {
  private stations: Station[] = [];
  private readonly file: string;
  private readonly log: Logger;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly egress: Egress,
    log: Logger,
  ) {
    this.file = path.join(dataDir, 'radio', 'stations.json');
    this.log = log.child({ module: 'radio' });
  }

  /** Read the file; a missing one starts with the defaults, a corrupt one is set aside. */
  async load(): Promise<void> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch {
      // Stored at once, so the defaults' ids (and queued stream: URIs) survive a restart.
      this.stations = DEFAULT_STATIONS.map((s) => ({ ...s, id: newId(), favourite: false }));
      await this.save();
      return;
    }
    try {
      this.stations = fileSchema.parse(JSON.parse(text)).stations;
    } catch {
      const aside = `${this.file}.corrupt-${Date.now()}`;
      await fs.rename(this.file, aside).catch(() => undefined);
      this.log.error({ code: 'STATE_CORRUPT', file: aside }, 'station list unreadable; set aside');
      this.stations = DEFAULT_STATIONS.map((s) => ({ ...s, id: newId(), favourite: false }));
    }
  }

  list(): Station[] {
    return this.stations.map((s) => ({ ...s }));
  }

  get(id: string): Station {
    const station = this.stations.find((s) => s.id === id);
    if (!station) throw new TonearmError('STATION_NOT_FOUND', 'no station with that id');
    return { ...station };
  }

  add(input: { name: string; url: string; favourite?: boolean }): Promise<Station> {
    return this.exclusive(async () => {
      if (this.stations.length >= MAX_STATIONS) {
        throw new TonearmError('REQUEST_INVALID', `at most ${MAX_STATIONS} stations`);
      }
      const station: Station = {
        id: newId(),
        name: cleanName(input.name),
        url: this.checkedUrl(input.url),
        favourite: input.favourite ?? false,
      };
      this.stations.push(station);
      await this.save();
      return { ...station };
    });
  }

  update(id: string, patch: StationPatch): Promise<Station> {
    return this.exclusive(async () => {
      const index = this.stations.findIndex((s) => s.id === id);
      if (index < 0) throw new TonearmError('STATION_NOT_FOUND', 'no station with that id');
      const station = { ...this.stations[index]! };
      if (patch.name !== undefined) station.name = cleanName(patch.name);
      if (patch.url !== undefined) station.url = this.checkedUrl(patch.url);
      if (patch.favourite !== undefined) station.favourite = patch.favourite;

      const next = this.stations.filter((s) => s.id !== id);
      const position = patch.position ?? index;
      if (!Number.isInteger(position) || position < 0 || position > next.length) {
        throw new TonearmError('REQUEST_INVALID', `position must be 0-${next.length}`);
      }
      next.splice(position, 0, station);
      this.stations = next;
      await this.save();
      return { ...station };
    });
  }

  remove(id: string): Promise<void> {
    return this.exclusive(async () => {
      this.get(id);
      this.stations = this.stations.filter((s) => s.id !== id);
      await this.save();
    });
  }

  private checkedUrl(url: string): string {
    return this.egress.check(url.trim()).url.toString();
  }

  private async save(): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const body = JSON.stringify({ version: 1, stations: this.stations }, null, 2);
    await writeFileAtomic(this.file, `${body}\n`);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => undefined);
    return run;
  }
}

function newId(): string {
  return randomBytes(6).toString('hex');
}

function cleanName(name: string): string {
  // eslint-disable-next-line no-control-regex -- names are shown to people: no controls
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  if (clean === '') throw new TonearmError('REQUEST_INVALID', 'a station needs a name');
  return clean.slice(0, 200);
}
