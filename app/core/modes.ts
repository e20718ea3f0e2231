/**
 * Which entry plays next or previous, as pure functions of the play order, the current entry
 * and the modes. The Player asks these and does what they answer; tests call them directly
 * with every combination of modes.
 *
 * The modes mean what they mean in MPD:
 * - repeat: after the last entry, start again from the first.
 * - random: play in a shuffled order (see order.ts); each pass plays every entry once.
 * - single: stop after the current entry; with repeat (and without consume) repeat it instead.
 *   'oneshot' stops once and then switches single off.
 * - consume: remove each entry from the queue once it has played (or was skipped).
 *   'oneshot' removes one entry and then switches consume off.
 *
 * One deliberate difference: a user's `next` moves on even in single + repeat mode. MPD
 * replays the same song there, which reads to users as a broken button.
 */
import { z } from 'zod';
import { TonearmError } from '../errors.ts';
import type { PlaybackModes } from './types.ts';

export interface Cursor {
  /** Entry ids in playing order: the queue's order, or the random order in random mode. */
  order: readonly number[];
  current: number | null;
  modes: PlaybackModes;
}

/** Shuffles `ids` for a new random pass, not starting with `avoid` when that can be helped. */
export type Shuffler = (ids: readonly number[], avoid: number | null) => number[];

/** What taking one step forward does. */
export interface Step {
  /** The entry to play, or null to stop. */
  play: number | null;
  /** After a stop: the entry that becomes current (where `play` resumes), or null. */
  current: number | null;
  /** The entry consume mode removes from the queue when the step is taken. */
  consume: number | null;
  /** The modes after the step (a 'oneshot' that fired is switched off). */
  modes: PlaybackModes;
  /** The play order from now on: a new shuffle when random mode wrapped round. */
  order: readonly number[];
}

/** Why we move forward: the entry played to its end, or the user (or a failure) skipped it. */
export type Cause = 'ended' | 'skip';

/** Past this point into a track, `previous` restarts it instead of going back one. */
export const RESTART_THRESHOLD_MS = 3000;

export function nextStep(cursor: Cursor, cause: Cause, shuffle: Shuffler): Step {
  const { order, current, modes } = cursor;
  const index = current === null ? -1 : order.indexOf(current);
  if (index < 0) return { play: null, current: null, consume: null, modes, order };

  const consuming = modes.consume !== false;
  const after: PlaybackModes = { ...modes };
  if (modes.consume === 'oneshot') after.consume = false;
  const consume = consuming ? current : null;
  const remaining = consuming ? order.filter((id) => id !== current) : order;

  // The entry that follows in the order, wrapping round in repeat mode. MPD does not wrap
  // when the only entry left is the one being consumed: the queue would then be empty.
  let natural: number | null = null;
  let nextOrder: readonly number[] = remaining;
  if (index + 1 < order.length) {
    natural = order[index + 1] as number;
  } else if (modes.repeat && remaining.length > 0) {
    nextOrder = modes.random ? shuffle(remaining, current) : remaining;
    natural = nextOrder[0] as number;
  }

  if (cause === 'ended' && modes.single !== false) {
    if (modes.single === true && modes.repeat && !consuming) {
      return { play: current, current, consume: null, modes: after, order };
    }
    if (modes.single === 'oneshot') after.single = false;
    return { play: null, current: natural, consume, modes: after, order: nextOrder };
  }

  if (natural === null) {
    return { play: null, current: null, consume, modes: after, order: nextOrder };
  }
  return { play: natural, current: natural, consume, modes: after, order: nextOrder };
}

export interface PreviousInput extends Cursor {
  /** Entries that actually played, oldest first; the last is normally the current one. */
  trail: readonly number[];
  /** How far into the current entry playback is. */
  positionMs: number;
}

export interface PreviousChoice {
  /** The entry to play: the current one again means "restart it". */
  play: number;
  /** The trail after going back. */
  trail: number[];
}

/**
 * The entry `previous` goes to. More than RESTART_THRESHOLD_MS into a track restarts it, as
 * on a CD player. In random mode it walks back through what actually played; otherwise it is
 * the entry before in the queue (the last one in repeat mode when at the first).
 */
export function previousStep(input: PreviousInput): PreviousChoice | null {
  const { order, current, modes, trail } = input;
  if (current === null || !order.includes(current)) return null;

  const restart = { play: current, trail: [...trail] };
  if (input.positionMs > RESTART_THRESHOLD_MS) return restart;

  if (modes.random) {
    const present = new Set(order);
    for (let i = trail.length - 1; i >= 0; i--) {
      const id = trail[i] as number;
      if (id !== current && present.has(id)) return { play: id, trail: trail.slice(0, i + 1) };
    }
    return restart;
  }

  const index = order.indexOf(current);
  if (index > 0) return { play: order[index - 1] as number, trail: [...trail] };
  if (modes.repeat && order.length > 1) {
    return { play: order[order.length - 1] as number, trail: [...trail] };
  }
  return restart;
}

/**
 * Where playback goes when the current entry is removed from the queue: the first entry after
 * it (in the order from before the removal) that is still queued, wrapping round in repeat
 * mode; null when there is none.
 */
export function successorAfterRemoval(
  before: readonly number[],
  current: number,
  isQueued: (id: number) => boolean,
  repeat: boolean,
): number | null {
  const index = before.indexOf(current);
  for (let i = index + 1; i < before.length; i++) {
    if (isQueued(before[i] as number)) return before[i] as number;
  }
  if (!repeat) return null;

  for (let i = 0; i < index; i++) {
    if (isQueued(before[i] as number)) return before[i] as number;
  }
  return null;
}

const oneshot = z.union([z.boolean(), z.literal('oneshot')]);
const modesPatch = z.strictObject({
  repeat: z.boolean().optional(),
  random: z.boolean().optional(),
  single: oneshot.optional(),
  consume: oneshot.optional(),
});

/** Check a change of modes from a frontend; REQUEST_INVALID names every bad key. */
export function parseModes(changes: unknown): Partial<PlaybackModes> {
  const parsed = modesPatch.safeParse(changes);
  if (parsed.success) {
    return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  }
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'modes'}: ${i.message}`);
  throw new TonearmError('REQUEST_INVALID', `invalid modes: ${problems.join('; ')}`);
}
