import test from 'ava';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inputSchema } from '../../../app/config/input-schema.ts';
import { KEY_CODES, REL_CODES } from '../../../hardware/input/codes.ts';
import { GpiomonReader } from '../../../hardware/input/gpiomon-reader.ts';
import type { InputEvent } from '../../../hardware/input/types.ts';
import { memoryLog, tempDir, waitFor } from '../helpers.ts';

/**
 * A FAKE `gpiomon` (the board's GPIO lines are the hardware edge here): it records its
 * arguments and prints the edges in FAKE_GPIOMON_EDGES in gpiomon 1.6's --format output.
 */
const FAKE_GPIOMON = `#!/usr/bin/env node
const fs = require('fs');
fs.writeFileSync(process.env.FAKE_GPIOMON_ARGS, JSON.stringify(process.argv.slice(2)));
process.stdout.write(fs.readFileSync(process.env.FAKE_GPIOMON_EDGES, 'utf8'));
setInterval(() => {}, 1000);
`;

// line, rising (1/0), seconds, nanoseconds
const edge = (line: number, rising: 0 | 1, ms: number) =>
  `${line} ${rising} ${Math.floor(ms / 1000)} ${Math.round((ms % 1000) * 1e6)}\n`;

test('buttons are debounced and an encoder is decoded into detents', async (t) => {
  const dir = await tempDir(t);
  const fake = path.join(dir, 'gpiomon');
  await writeFile(fake, FAKE_GPIOMON);
  await chmod(fake, 0o755);
  process.env.PATH = `${dir}:${process.env.PATH ?? ''}`;
  process.env.FAKE_GPIOMON_ARGS = path.join(dir, 'args.json');
  process.env.FAKE_GPIOMON_EDGES = path.join(dir, 'edges.txt');

  const edges = [
    // Button on line 22 (active low): press with bounce, release with bounce.
    edge(22, 0, 1000),
    edge(22, 1, 1000.4),
    edge(22, 0, 1000.9),
    edge(22, 1, 1200),
    edge(22, 0, 1200.3),
    edge(22, 1, 1201),
    // Encoder on 17 (a) and 27 (b): one full cycle with b leading, then a leading.
    edge(27, 0, 2000),
    edge(17, 0, 2001),
    edge(27, 1, 2002),
    edge(17, 1, 2003),
    edge(17, 0, 3000),
    edge(27, 0, 3001),
    edge(17, 1, 3002),
    edge(27, 1, 3003),
    // Bounce on one line alone moves back and forth: nothing.
    edge(17, 0, 4000),
    edge(17, 1, 4000.2),
  ].join('');
  await writeFile(process.env.FAKE_GPIOMON_EDGES, edges);

  const config = inputSchema.parse({
    gpio: { encoder: { a: 17, b: 27 }, buttons: [{ line: 22, key: 'KEY_PLAYPAUSE' }] },
  }).gpio;
  if (!config) throw new Error('no gpio config');
  const reader = new GpiomonReader({ config, log: memoryLog().log });
  const events: InputEvent[] = [];
  reader.start((e) => events.push(e));
  t.teardown(() => reader.stop());
  await waitFor('four events', () => events.length >= 4);

  const play = KEY_CODES.KEY_PLAYPAUSE;
  const relX = REL_CODES.REL_X;
  t.deepEqual(
    events.map((e) => [e.type, e.code, e.value]),
    [
      ['key', play, 1],
      ['key', play, 0],
      ['rel', relX, 1],
      ['rel', relX, -1],
    ],
  );
  const args = JSON.parse(await readFile(process.env.FAKE_GPIOMON_ARGS, 'utf8')) as string[];
  t.deepEqual(args, ['--bias=pull-up', '--format=%o %e %s %n', 'gpiochip0', '17', '22', '27']);
});
