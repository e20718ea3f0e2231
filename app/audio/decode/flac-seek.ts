import { open } from 'node:fs/promises';

/**
 * Seeking in native FLAC files through their SEEKTABLE, so a seek near the end of a long track
 * does not decode everything before it. The table maps sample numbers to byte offsets of frame
 * starts; reading the metadata, then the file from such a frame, gives the decoder a valid
 * stream whose first sample is known exactly.
 */

export interface FlacSeekStart {
  /** Bytes 0..metadataEnd (the metadata) go first, then the file from `frameOffset`. */
  metadataEnd: number;
  frameOffset: number;
  /** Sample number of the frame at frameOffset. */
  sample: number;
}

const STREAMINFO = 0;
const SEEKTABLE = 3;
const PLACEHOLDER = 0xffffffffffffffffn;
/** Metadata larger than this is not worth reading for a seek; decode from the start instead. */
const MAX_METADATA = 16 << 20;

/** Where to start reading to reach `targetMs`, or null when the file has no usable table. */
export async function flacSeekStart(file: string, targetMs: number): Promise<FlacSeekStart | null> {
  const handle = await open(file, 'r');
  try {
    const read = async (offset: number, length: number) => {
      const buf = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buf, 0, length, offset);
      return buf.subarray(0, bytesRead);
    };
    if ((await read(0, 4)).toString('latin1') !== 'fLaC') return null;

    let offset = 4;
    let rate = 0;
    let table: Buffer | null = null;
    for (let last = false; !last && offset < MAX_METADATA;) {
      const header = await read(offset, 4);
      if (header.length < 4) return null;
      last = (header[0]! & 0x80) !== 0;
      const type = header[0]! & 0x7f;
      const length = header.readUIntBE(1, 3);
      if (type === STREAMINFO) rate = (await read(offset + 4, 18)).readUIntBE(10, 3) >> 4;
      if (type === SEEKTABLE) table = await read(offset + 4, length);
      offset += 4 + length;
    }
    if (!table || rate === 0 || offset >= MAX_METADATA) return null;

    const target = BigInt(Math.floor((targetMs * rate) / 1000));
    let best: { sample: bigint; offset: bigint } | null = null;
    for (let p = 0; p + 18 <= table.length; p += 18) {
      const sample = table.readBigUInt64BE(p);
      if (sample === PLACEHOLDER || sample > target) continue;
      if (!best || sample > best.sample) best = { sample, offset: table.readBigUInt64BE(p + 8) };
    }
    if (!best || best.sample === 0n) return null;
    return {
      metadataEnd: offset,
      frameOffset: offset + Number(best.offset),
      sample: Number(best.sample),
    };
  } finally {
    await handle.close();
  }
}
