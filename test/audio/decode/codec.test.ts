import test from 'ava';
import { detectCodec } from '../../../app/audio/decode/codec.ts';

function head(...parts: (string | number[])[]): Uint8Array {
  const bytes = parts.map((p) =>
    typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p),
  );
  return Buffer.concat([...bytes, Buffer.alloc(64)]);
}

test('codecs are recognised from their first bytes', (t) => {
  t.is(detectCodec(head('fLaC')), 'flac');
  t.is(detectCodec(head('RIFF', [0, 0, 0, 0], 'WAVE')), 'wav');
  t.is(detectCodec(head([0, 0, 0, 32], 'ftypM4A ')), 'mp4');
  t.is(detectCodec(head('OggS', [0, 2], 'xxxxxxxxxxxxxxxxxxxxxx', 'OpusHead')), 'opus');
  t.is(detectCodec(head('OggS', [0, 2], 'xxxxxxxxxxxxxxxxxxxxxx', [1], 'vorbis')), 'vorbis');
  t.is(detectCodec(head('ID3', [4, 0])), 'mp3');
  t.is(detectCodec(head([0xff, 0xfb, 0x90, 0x64])), 'mp3');
});

test('text, AAC without a container, and short files are not taken for audio', (t) => {
  t.is(detectCodec(head('hello, this is text')), null);
  t.is(detectCodec(head([0xff, 0xf1, 0x50, 0x80])), null);
  t.is(detectCodec(Buffer.from('fLaC')), null);
  t.is(detectCodec(head('OggS', 'Speex   ')), null);
});
