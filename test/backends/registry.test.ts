import test from 'ava';
import { BackendRegistry, schemeOf } from '../../app/backends/registry.ts';
import type { Backend } from '../../app/core/ports.ts';
import type { PlayableSource, Track } from '../../app/core/types.ts';
import { TonearmError } from '../../app/errors.ts';

/** A backend that answers for one scheme and records what it was asked. */
class RecordingBackend implements Backend {
  asked: string[] = [];
  constructor(readonly scheme: string) {}

  async lookup(uri: string): Promise<Track | null> {
    this.asked.push(`lookup ${uri}`);
    return uri.endsWith('missing') ? null : ({ uri, title: this.scheme } as Track);
  }

  async resolve(uri: string): Promise<PlayableSource> {
    this.asked.push(`resolve ${uri}`);
    return { kind: 'stream', uri, url: `http://127.0.0.1/${this.scheme}` };
  }
}

test('calls go to the backend registered for the URI scheme', async (t) => {
  const local = new RecordingBackend('local');
  const stream = new RecordingBackend('stream');
  const registry = new BackendRegistry([local, stream]);

  t.is((await registry.lookup('local:track:a.flac'))?.title, 'local');
  t.is((await registry.resolve('stream:radio:1')).uri, 'stream:radio:1');
  t.is(await registry.lookup('LOCAL:track:missing'), null);
  t.deepEqual(local.asked, ['lookup local:track:a.flac', 'lookup LOCAL:track:missing']);
  t.deepEqual(stream.asked, ['resolve stream:radio:1']);
  t.deepEqual(registry.schemes(), ['local', 'stream']);
});

test('an unknown scheme is URI_UNKNOWN_SCHEME naming the scheme', async (t) => {
  const registry = new BackendRegistry([new RecordingBackend('local')]);
  for (const call of [
    () => registry.lookup('spotify:track:1'),
    () => registry.resolve('spotify:x'),
  ]) {
    const err = await t.throwsAsync(call, { instanceOf: TonearmError });
    t.is(err.code, 'URI_UNKNOWN_SCHEME');
    t.regex(err.message, /"spotify:"/);
    t.is(err.status, 400);
  }
});

test('text without a scheme is URI_INVALID', async (t) => {
  const registry = new BackendRegistry([new RecordingBackend('local')]);
  for (const uri of ['', '/etc/passwd', '1local:x', ':nothing', 'local']) {
    const err = await t.throwsAsync(registry.lookup(uri), { instanceOf: TonearmError });
    t.is(err.code, 'URI_INVALID', uri);
  }
  t.is(schemeOf('Stream:x'), 'stream');
});

test('two backends for one scheme are refused at construction', (t) => {
  const err = t.throws(
    () => new BackendRegistry([new RecordingBackend('local'), new RecordingBackend('Local')]),
    { instanceOf: TonearmError },
  );
  t.regex(err.message, /local/);
});
