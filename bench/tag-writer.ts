/**
 * Rewrites the tags of a template audio file, so the benchmark can make thousands of distinct,
 * really tagged files without running an encoder for each: an ID3v2.4 tag in front of MP3
 * frames, or a new VORBIS_COMMENT block among a FLAC file's metadata blocks. The audio itself
 * is the template's, untouched, so every reader (ours, MPD's, Mopidy's) sees a valid file.
 */

export interface BenchTags {
  title: string;
  artist: string;
  albumArtist: string;
  album: string;
  genre: string;
  date: string;
  track: number;
  disc: number;
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

function id3Frame(id: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from([3]), Buffer.from(text, 'utf8')]);
  return Buffer.concat([Buffer.from(id, 'latin1'), syncsafe(body.length), Buffer.alloc(2), body]);
}

/** The MP3 template's frames without any ID3v2 tag it had. */
export function mp3Audio(template: Buffer): Buffer {
  if (template.subarray(0, 3).toString('latin1') !== 'ID3') return template;
  const b = template;
  const size = ((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | b[9]!;
  const footer = (b[5]! & 0x10) !== 0 ? 10 : 0;
  return template.subarray(10 + size + footer);
}

export function mp3WithTags(audio: Buffer, tags: BenchTags): Buffer {
  const frames = Buffer.concat([
    id3Frame('TIT2', tags.title),
    id3Frame('TPE1', tags.artist),
    id3Frame('TPE2', tags.albumArtist),
    id3Frame('TALB', tags.album),
    id3Frame('TCON', tags.genre),
    id3Frame('TDRC', tags.date),
    id3Frame('TRCK', String(tags.track)),
    id3Frame('TPOS', String(tags.disc)),
  ]);
  const header = Buffer.concat([Buffer.from('ID3\x04\x00\x00', 'latin1'), syncsafe(frames.length)]);
  return Buffer.concat([header, frames, audio]);
}

interface FlacBlock {
  type: number;
  data: Buffer;
}

/** The FLAC template's metadata blocks (minus comments, padding, pictures) and its frames. */
export function flacParts(template: Buffer): { blocks: FlacBlock[]; frames: Buffer } {
  if (template.subarray(0, 4).toString('latin1') !== 'fLaC') throw new Error('not a FLAC file');
  const blocks: FlacBlock[] = [];
  let pos = 4;
  for (;;) {
    const head = template[pos]!;
    const length = template.readUIntBE(pos + 1, 3);
    const type = head & 0x7f;
    if (type !== 1 && type !== 4 && type !== 6) {
      blocks.push({ type, data: template.subarray(pos + 4, pos + 4 + length) });
    }
    pos += 4 + length;
    if (head & 0x80) break;
  }
  return { blocks, frames: template.subarray(pos) };
}

function vorbisComment(tags: BenchTags): Buffer {
  const entries = [
    `TITLE=${tags.title}`,
    `ARTIST=${tags.artist}`,
    `ALBUMARTIST=${tags.albumArtist}`,
    `ALBUM=${tags.album}`,
    `GENRE=${tags.genre}`,
    `DATE=${tags.date}`,
    `TRACKNUMBER=${tags.track}`,
    `DISCNUMBER=${tags.disc}`,
  ].map((e) => Buffer.from(e, 'utf8'));
  const vendor = Buffer.from('tonearm-bench', 'utf8');
  const parts: Buffer[] = [];
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n);
    return b;
  };
  parts.push(u32(vendor.length), vendor, u32(entries.length));
  for (const e of entries) parts.push(u32(e.length), e);
  return Buffer.concat(parts);
}

export function flacWithTags(parts: { blocks: FlacBlock[]; frames: Buffer }, tags: BenchTags) {
  const all = [...parts.blocks, { type: 4, data: vorbisComment(tags) }];
  const out: Buffer[] = [Buffer.from('fLaC', 'latin1')];
  all.forEach((block, i) => {
    const head = Buffer.alloc(4);
    head[0] = block.type | (i === all.length - 1 ? 0x80 : 0);
    head.writeUIntBE(block.data.length, 1, 3);
    out.push(head, block.data);
  });
  out.push(parts.frames);
  return Buffer.concat(out);
}
