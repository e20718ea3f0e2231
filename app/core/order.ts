/**
 * The play order used in random mode: a shuffled permutation of the queue's entry ids. Playing
 * walks it front to back, so no entry repeats before every entry has played once (MPD's way of
 * doing random, rather than picking a random entry each time).
 *
 * Every function here is pure given its random source, so tests pass a seeded one.
 */

/** A source of numbers in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Fisher-Yates shuffle; `first`, when given and present, is moved to the front. */
export function shuffleIds(
  ids: readonly number[],
  random: RandomSource,
  first: number | null = null,
): number[] {
  const out = ids.filter((id) => id !== first);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i] as number;
    out[i] = out[j] as number;
    out[j] = a;
  }

  if (first !== null && ids.includes(first)) out.unshift(first);
  return out;
}

/**
 * A new pass over `ids` in a fresh random order that does not start with `avoid`, so the entry
 * that just ended is not heard twice in a row when the order wraps round.
 */
export function shuffleAvoiding(
  ids: readonly number[],
  random: RandomSource,
  avoid: number | null,
): number[] {
  const out = shuffleIds(ids, random);
  if (out.length > 1 && out[0] === avoid) {
    const swap = 1 + Math.floor(random() * (out.length - 1));
    out[0] = out[swap] as number;
    out[swap] = avoid;
  }
  return out;
}

/**
 * Bring the random order in line with the queue after it changed: entries that left are
 * dropped, and new entries are placed at random positions after the current one, so they
 * still play in this pass.
 */
export function reconcileOrder(
  order: readonly number[],
  queueIds: readonly number[],
  current: number | null,
  random: RandomSource,
): number[] {
  const inQueue = new Set(queueIds);
  const kept = order.filter((id) => inQueue.has(id));
  const known = new Set(kept);
  const added = queueIds.filter((id) => !known.has(id));
  if (added.length === 0) return kept;

  // Each new entry gets a random slot among the entries still to play; merging sorted slots
  // keeps this linear, so adding 10,000 entries in random mode stays cheap.
  const after = current === null ? 0 : kept.indexOf(current) + 1;
  const ahead = kept.length - after;
  const slots = added.map((id) => ({ id, slot: Math.floor(random() * (ahead + 1)) }));
  slots.sort((a, b) => a.slot - b.slot);

  const out = kept.slice(0, after);
  let next = 0;
  for (let i = 0; i <= ahead; i++) {
    while (next < slots.length && (slots[next] as { slot: number }).slot === i) {
      out.push((slots[next++] as { id: number }).id);
    }
    if (i < ahead) out.push(kept[after + i] as number);
  }
  return out;
}

/**
 * Move `entryId` to just after the current entry: what a jump to an entry in random mode does,
 * so that the entries before the current one remain exactly those already played this pass.
 */
export function promote(
  order: readonly number[],
  current: number | null,
  entryId: number,
): number[] {
  if (entryId === current) return [...order];
  const out = order.filter((id) => id !== entryId);
  const at = current === null ? 0 : out.indexOf(current) + 1;
  out.splice(at, 0, entryId);
  return out;
}
