import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openLibrary } from '../../app/library/library.ts';
import { Egress } from '../../app/net/egress.ts';
import { RADIO_BROWSE_URI, withRadioBrowse } from '../../app/radio/browse.ts';
import { StationStore } from '../../app/radio/stations.ts';
import { memoryLogger } from '../net/loopback.ts';

test('the stations appear as a Radio folder of stream: entries, favourites first', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'tonearm-rb-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const { log } = memoryLogger();
  const library = openLibrary({ mediaDir: root, dataDir: path.join(root, 'data'), log });
  t.teardown(() => library.close());
  const stations = new StationStore(path.join(root, 'data'), new Egress({ log }), log);
  await stations.load();
  const fav = await stations.add({ name: 'Fav', url: 'https://fav.example/', favourite: true });

  const browsing = withRadioBrowse(library, stations);
  const rootRefs = browsing.browse('local:');
  t.deepEqual(rootRefs.at(-1), { type: 'directory', uri: RADIO_BROWSE_URI, name: 'Radio' });
  t.is(rootRefs.length, library.browse('local:').length + 1);

  const radio = browsing.browse(RADIO_BROWSE_URI);
  t.deepEqual(radio[0], { type: 'track', uri: `stream:station:${fav.id}`, name: 'Fav' });
  t.is(radio.length, stations.list().length);
});
