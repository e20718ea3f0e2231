/**
 * Long seeded sequences of random commands and queue edits against the real pipeline, checking
 * after each one that the player is still in a state that makes sense. Finds the orderings
 * between commands, pipeline events and queue changes that hand-written tests miss; the seed
 * in a failure's title replays it exactly.
 */
import test from 'ava';
import type { Player } from '../../app/core/player.ts';
import { isTonearmError } from '../../app/errors.ts';
import { sharedLibrary, startCore } from './_real.ts';
import { seeded } from './_support.ts';

const library = sharedLibrary(test, 5, [0.3, 0.3, 0.3, 0.3, 3]);

for (const seed of [1, 2, 3]) {
  test.serial(`200 random commands leave the player consistent (seed ${seed})`, async (t) => {
    const random = seeded(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const r = await startCore(t, library().backend, { random: seeded(seed + 100), speed: 8 });
    const { core } = r;
    const player = core.player as Player;
    const uris = library().uris;
    let lastVersion = 0;

    const someId = () => pick([...core.queue.list().entries.map((e) => e.id), 999]);
    const commands: (() => Promise<unknown> | unknown)[] = [
      () => core.queue.add([pick(uris), pick(uris)]),
      () => core.queue.add([pick(uris)], 0),
      () => core.queue.remove([someId()]),
      () => core.queue.move(someId(), 0),
      () => core.queue.shuffle(),
      () => (random() < 0.1 ? core.queue.clear() : undefined),
      () => core.player.play(),
      () => core.player.play(someId()),
      () => core.player.pause(),
      () => core.player.toggle(),
      () => core.player.stop(),
      () => core.player.next(),
      () => core.player.previous(),
      () => core.player.seek(Math.floor(random() * 2000)),
      () => core.player.setModes({ random: random() < 0.5, repeat: random() < 0.5 }),
      () => core.player.setModes({ single: pick([false, true, 'oneshot'] as const) }),
      () => core.player.setModes({ consume: pick([false, true, 'oneshot'] as const) }),
    ];

    for (let i = 0; i < 200; i++) {
      try {
        await commands[Math.floor(random() * commands.length)]!();
      } catch (err) {
        if (!isTonearmError(err)) t.fail(`step ${i}: a non-Tonearm error: ${String(err)}`);
      }
      // Now and then let the pipeline run, so tracks start, end and follow each other.
      if (random() < 0.3) await new Promise((resolve) => setTimeout(resolve, random() * 80));
      await player.settled();

      const status = core.player.status();
      const queue = core.queue.list();
      const where = `step ${i}: ${JSON.stringify({ state: status.state, id: status.current?.id })}`;
      if (status.state !== 'stopped' && status.current === null) t.fail(`${where}: no current`);
      if (status.current && !queue.entries.some((e) => e.id === status.current?.id)) {
        t.fail(`${where}: the current entry is not queued`);
      }
      if (new Set(queue.entries.map((e) => e.id)).size !== queue.entries.length) {
        t.fail(`${where}: duplicate entry ids`);
      }
      if (queue.version < lastVersion) t.fail(`${where}: the queue version went back`);
      lastVersion = queue.version;
    }

    await core.player.stop();
    const states = new Set(r.events.of('player.state').map((e) => e.state));
    t.deepEqual([...states].sort(), ['paused', 'playing', 'stopped'], 'every state was visited');
    t.true(r.events.of('history.added').length > 0, 'entries really played');
    t.log(`${r.events.of('history.added').length} entries started, ${r.calls.length} calls`);
    const failures = r.logs().filter((l) => l.level >= 50);
    t.deepEqual(
      failures.map((l) => l.msg),
      [],
      'nothing was logged as an error',
    );
  });
}
