/**
 * From a button press to Core's player state change, through the real parts: a play/pause
 * record written to a FIFO, the reader child, the mapper, the action handler, Core's Player
 * over the real audio pipeline (null output) and a one-track library. Split from
 * bench/input-latency.ts because it needs the library and the decoder.
 *
 *   node --import tsx bench/input-player.ts [--samples 100]
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createAudioPlayer } from '../app/audio/index.ts';
import { LocalBackend } from '../app/backends/local.ts';
import { BackendRegistry } from '../app/backends/registry.ts';
import { inputSchema } from '../app/config/input-schema.ts';
import { EventBus } from '../app/core/events.ts';
import { createCore } from '../app/core/index.ts';
import { generateTone } from '../app/demo/media.ts';
import { openLibrary } from '../app/library/library.ts';
import { trackUri } from '../app/library/uri.ts';
import { createLogger } from '../app/log.ts';
import { createCoreActionHandler } from '../hardware/input/actions.ts';
import { KEY_CODES } from '../hardware/input/codes.ts';
import { InputService } from '../hardware/input/index.ts';
import { SoftwareMixer } from '../hardware/mixer/software.ts';
import { keyRecords, makeFifo } from '../test/hardware/helpers.ts';
import { ms, percentile } from './stats.ts';

const i = process.argv.indexOf('--samples');
const samples = i > 0 ? Number(process.argv[i + 1]) : 100;
const log = createLogger({ level: 'warn' });
const now = () => process.hrtime.bigint();

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tonearm-bench-player-'));
  try {
    const media = path.join(dir, 'music');
    await generateTone({ file: path.join(media, 'tone.flac'), format: 'flac', seconds: 600 });
    const lib = openLibrary({ mediaDir: media, dataDir: path.join(dir, 'index'), log });
    await lib.scan();

    const bus = new EventBus();
    const audio = createAudioPlayer({ output: 'null', device: 'null', bufferMs: 200, log });
    const mixer = new SoftwareMixer({
      setGain: (g) => audio.setSoftwareGain(g),
      maxVolume: 100,
      log,
    });
    const core = createCore({
      bus,
      audio,
      mixer,
      backend: new BackendRegistry([new LocalBackend(lib)]),
      dataDir: path.join(dir, 'state'),
      maxVolume: 100,
      startupVolume: 30,
      log,
    });
    await core.restore();
    await core.queue.add([trackUri('tone.flac')]);

    let changed: bigint | null = null;
    bus.on('bench', 'player.state', () => {
      changed ??= now();
    });
    const fifo = makeFifo(path.join(dir, 'event0'));
    // No long-press action, so play/pause acts on key down: the quickest a button can be.
    const config = inputSchema.parse({ devices: [{ path: fifo }], long_press: {} });
    const handler = createCoreActionHandler(core, () => false, log);
    const input = new InputService({ config, handler, log });
    input.start();
    const writer = await open(fifo, 'w');

    const key = KEY_CODES.KEY_PLAYPAUSE ?? 0;
    const times: number[] = [];
    for (let n = 0; n < samples + 1; n++) {
      changed = null;
      const start = now();
      await writer.write(keyRecords(24, key, 1, n * 1000));
      while (changed === null) await new Promise((r) => setTimeout(r, 1));
      if (n > 0) times.push(Number((changed as bigint) - start) / 1e6); // the first opens the file
      await writer.write(keyRecords(24, key, 0, n * 1000 + 50));
      await new Promise((r) => setTimeout(r, 30));
    }
    const line = [50, 90, 99].map((p) => `p${p} ${ms(percentile(times, p))}`).join('  ');
    console.log(`play/pause key down -> player.state event     ${line}  (n=${times.length})`);
    console.log(`(load average ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores)`);

    await writer.close();
    await input.stop();
    await core.close();
    await audio.close();
    lib.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
