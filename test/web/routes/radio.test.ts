import anyTest, { type TestFn } from 'ava';
import { createLogger } from '../../../app/log.ts';
import { Egress } from '../../../app/net/egress.ts';
import { StationStore } from '../../../app/radio/stations.ts';
import { bearer, call } from '../_http.ts';
import { startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World }>;

test.before(async (t) => {
  t.context.world = await startWorld({
    media: false,
    services: async ({ dataDir }) => {
      const log = createLogger({ level: 'silent' });
      const radio = new StationStore(dataDir, new Egress({ log }), log);
      await radio.load();
      return { radio };
    },
  });
});
test.after.always((t) => t.context.world?.close());

async function as(world: World, role: 'owner' | 'listener') {
  const { headers } = await bearer(world, role);
  return (method: string, path: string, body?: unknown) =>
    call(world, {
      method,
      path: `/api/v1${path}`,
      headers: { ...headers, origin: world.origin },
      ...(body === undefined ? {} : { body }),
    });
}

test('an owner adds, edits and deletes a station; the list shows it with its URI', async (t) => {
  const owner = await as(t.context.world, 'owner');
  const added = await owner('POST', '/radio/stations', {
    name: 'Test FM',
    url: 'https://test.example/live.mp3',
  });
  t.is(added.status, 201);
  const { id, uri } = added.json as { id: string; uri: string };
  t.is(uri, `stream:station:${id}`);

  const patched = await owner('PATCH', `/radio/stations/${id}`, { favourite: true, position: 0 });
  t.is(patched.status, 200);
  const list = (await owner('GET', '/radio/stations')).json as { stations: { id: string }[] };
  t.is(list.stations[0]!.id, id);

  t.is((await owner('DELETE', `/radio/stations/${id}`, {})).status, 204);
  t.is((await owner('DELETE', `/radio/stations/${id}`, {})).code, 'STATION_NOT_FOUND');
});

test('a refused URL gets a 4xx with a code saying why', async (t) => {
  const owner = await as(t.context.world, 'owner');
  const cases: [string, string][] = [
    ['file:///etc/passwd', 'EGRESS_SCHEME_REFUSED'],
    ['gopher://example.com/', 'EGRESS_SCHEME_REFUSED'],
    ['http://2130706433/', 'EGRESS_ADDRESS_REFUSED'],
    ['http://[fd00::1]/', 'EGRESS_ADDRESS_REFUSED'],
    ['http://user:pw@radio.example/', 'URI_INVALID'],
  ];
  for (const [url, code] of cases) {
    const res = await owner('POST', '/radio/stations', { name: 'x', url });
    t.is(res.status, 400, url);
    t.is(res.code, code, url);
  }
});

test('a listener may list stations but not change them', async (t) => {
  const listener = await as(t.context.world, 'listener');
  t.is((await listener('GET', '/radio/stations')).status, 200);
  const res = await listener('POST', '/radio/stations', { name: 'x', url: 'https://a.example/' });
  t.is(res.status, 403);
});
