import test from 'ava';
import { IcyDemuxer, streamTitle } from '../../app/radio/icy.ts';

function metaBlock(text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc(Math.ceil(body.length / 16) * 16);
  body.copy(padded);
  return Buffer.concat([Buffer.from([padded.length / 16]), padded]);
}

async function demux(stream: Buffer, metaint: number, chunk: number) {
  const titles: string[] = [];
  const demuxer = new IcyDemuxer(metaint, (t) => titles.push(t));
  const out: Buffer[] = [];
  demuxer.on('data', (c: Buffer) => out.push(c));
  for (let i = 0; i < stream.length; i += chunk) demuxer.write(stream.subarray(i, i + chunk));
  demuxer.end();
  await new Promise((resolve) => demuxer.on('end', resolve));
  return { audio: Buffer.concat(out), titles };
}

test('audio passes through intact and titles come out, whatever the chunk size', async (t) => {
  const audio = Buffer.from(Array.from({ length: 40 }, (_, i) => i));
  const stream = Buffer.concat([
    audio.subarray(0, 10),
    metaBlock("StreamTitle='Artist - Song';StreamUrl='';"),
    audio.subarray(10, 20),
    Buffer.from([0]),
    audio.subarray(20, 30),
    metaBlock("StreamTitle='Ünïcode – Tïtle';"),
    audio.subarray(30, 40),
  ]);
  for (const chunk of [1, 3, 7, 1000]) {
    const got = await demux(stream, 10, chunk);
    t.deepEqual(got.audio, audio, `chunk ${chunk}`);
    t.deepEqual(got.titles, ['Artist - Song', 'Ünïcode – Tïtle'], `chunk ${chunk}`);
  }
});

test('a repeated title is reported once', async (t) => {
  const block = metaBlock("StreamTitle='Same';");
  const stream = Buffer.concat([Buffer.alloc(4), block, Buffer.alloc(4), block, Buffer.alloc(4)]);
  t.deepEqual((await demux(stream, 4, 5)).titles, ['Same']);
});

test('titles lose control characters and Latin-1 is read when UTF-8 is invalid', (t) => {
  t.is(streamTitle(Buffer.from("StreamTitle='a\r\nb\u0000c';")), 'a b c');
  t.is(streamTitle(Buffer.from("StreamTitle='Caf\xe9';", 'latin1')), 'Café');
  t.is(streamTitle(Buffer.from("StreamTitle='It's here';StreamUrl='x';")), "It's here");
  t.is(streamTitle(Buffer.from("StreamTitle='';")), null);
  t.is(streamTitle(Buffer.from('garbage')), null);
});
