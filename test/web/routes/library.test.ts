import anyTest, { type TestFn } from 'ava';
import type { BrowseRef } from '../../../app/core/ports.ts';
import type { Track } from '../../../app/core/types.ts';
import { bearer, call } from '../_http.ts';
import { HOSTILE_TITLE, startWorld, type World } from '../_world.ts';

const test = anyTest as TestFn<{ world: World; h: Record<string, string> }>;

test.before(async (t) => {
  const world = await startWorld();
  t.context = { world, h: (await bearer(world, 'listener')).headers };
});
test.after.always((t) => t.context.world?.close());

test('HTML in tags comes back as the same text, never as markup', async (t) => {
  const { world, h } = t.context;
  const res = await call(world, { path: '/api/v1/library/search?title=script', headers: h });
  t.is(res.status, 200);
  const tracks = (res.json as { tracks: Track[] }).tracks;
  t.is(tracks.length, 1);
  t.is(tracks[0]!.title, HOSTILE_TITLE);
  t.is(tracks[0]!.artist, '<i>Tricky</i>');
  t.regex(String(res.headers['content-type']), /^application\/json; charset=utf-8$/);
  t.is(res.headers['x-content-type-options'], 'nosniff');
  t.false(res.text.includes('<'), 'angle brackets are escaped even inside the JSON');
});

test('search by field and by any, with a limit', async (t) => {
  const { world, h } = t.context;
  const byArtist = await call(world, { path: '/api/v1/library/search?artist=alpha', headers: h });
  t.is((byArtist.json as { tracks: Track[] }).tracks.length, 2);
  const limited = await call(world, { path: '/api/v1/library/search?q=alpha&limit=1', headers: h });
  t.is((limited.json as { tracks: Track[] }).tracks.length, 1);
  const empty = await call(world, { path: '/api/v1/library/search', headers: h });
  t.is(empty.status, 400);
  const twice = await call(world, { path: '/api/v1/library/search?q=a&q=b', headers: h });
  t.is(twice.status, 400, 'a repeated key is not silently merged');
});

test('browse from the root down to tracks', async (t) => {
  const { world, h } = t.context;
  const root = await call(world, { path: '/api/v1/library/browse', headers: h });
  t.is(root.status, 200);
  const refs = (root.json as { refs: BrowseRef[] }).refs;
  t.true(refs.length > 0);
  const lookup = await call(world, {
    path: `/api/v1/library/lookup?uri=${encodeURIComponent(world.uris[0]!)}`,
    headers: h,
  });
  t.is((lookup.json as Track).title, 'One');
  const missing = await call(world, {
    path: `/api/v1/library/lookup?uri=${encodeURIComponent('local:track:nope.flac')}`,
    headers: h,
  });
  t.is(missing.status, 404);
});

test('album art is served as an image by track and by album id; none is a 404', async (t) => {
  const { world, h } = t.context;
  const art = await call(world, {
    path: `/api/v1/library/art?track=${encodeURIComponent(world.uris[0]!)}`,
    headers: h,
  });
  t.is(art.status, 200);
  t.is(art.headers['content-type'], 'image/png');
  t.is(art.headers['x-content-type-options'], 'nosniff');

  const albumId = world.library.lookup(world.uris[0]!)!.albumId!;
  const byAlbum = await call(world, {
    path: `/api/v1/library/art?album=${encodeURIComponent(albumId)}`,
    headers: h,
  });
  t.is(byAlbum.status, 200);

  const none = await call(world, {
    path: `/api/v1/library/art?track=${encodeURIComponent(world.uris[2]!)}`,
    headers: h,
  });
  t.is(none.status, 404);
  t.is(none.code, 'ART_NOT_FOUND');
  const both = await call(world, { path: '/api/v1/library/art?track=a&album=b', headers: h });
  t.is(both.status, 400);
});

test('searches beyond the per-address budget get 429, and nothing else is limited', async (t) => {
  const world = await startWorld({ media: false, web: { rate_limits: { search_per_address: 5 } } });
  t.teardown(() => world.close());
  const { headers } = await bearer(world, 'listener');
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) {
    const res = await call(world, { path: '/api/v1/library/search?q=a', headers });
    statuses.push(res.status);
  }
  t.deepEqual(statuses, [200, 200, 200, 200, 200, 429, 429]);
  const other = await call(world, { path: '/api/v1/player', headers });
  t.is(other.status, 200);
});

test('only owners may rescan', async (t) => {
  const { world, h } = t.context;
  const listener = await call(world, {
    method: 'POST',
    path: '/api/v1/library/scan',
    headers: h,
    body: {},
  });
  t.is(listener.status, 403);
  const owner = await bearer(world, 'owner');
  const scan = await call(world, {
    method: 'POST',
    path: '/api/v1/library/scan',
    headers: owner.headers,
    body: {},
  });
  t.is(scan.status, 200);
  t.like(scan.json, { seen: 3, failed: 0 });
});
