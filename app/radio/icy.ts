import { Transform, type TransformCallback } from 'node:stream';

/**
 * Splits an ICY (SHOUTcast/Icecast) stream into audio and titles. With `Icy-MetaData: 1` the
 * server puts a metadata block after every `icy-metaint` bytes of audio: one length byte L,
 * then L*16 bytes like `StreamTitle='Artist - Song';`. The audio passes through untouched.
 */

/** Metadata blocks are at most 255*16 bytes; a metaint larger than this is not believable. */
export const MAX_METAINT = 1 << 20;

export class IcyDemuxer extends Transform {
  /** Audio bytes left before the next metadata length byte. */
  private audioLeft: number;
  /** Metadata bytes still to collect, or -1 when the length byte is next. */
  private metaLeft = -1;
  private meta: Buffer[] = [];
  private lastTitle: string | null = null;

  constructor(
    private readonly metaint: number,
    private readonly onTitle: (title: string) => void,
  ) {
    super();
    this.audioLeft = metaint;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.audioLeft > 0) {
        const take = Math.min(this.audioLeft, chunk.length - offset);
        this.push(chunk.subarray(offset, offset + take));
        this.audioLeft -= take;
        offset += take;
      } else if (this.metaLeft < 0) {
        this.metaLeft = chunk[offset]! * 16;
        offset += 1;
        if (this.metaLeft === 0) this.endBlock();
      } else {
        const take = Math.min(this.metaLeft, chunk.length - offset);
        this.meta.push(chunk.subarray(offset, offset + take));
        this.metaLeft -= take;
        offset += take;
        if (this.metaLeft === 0) this.endBlock();
      }
    }
    done();
  }

  private endBlock(): void {
    const block = Buffer.concat(this.meta);
    this.meta = [];
    this.metaLeft = -1;
    this.audioLeft = this.metaint;
    if (block.length === 0) return;

    const title = streamTitle(block);
    if (title !== null && title !== this.lastTitle) {
      this.lastTitle = title;
      this.onTitle(title);
    }
  }
}

/** The StreamTitle of a metadata block, cleaned for display; null when there is none. */
export function streamTitle(block: Buffer): string | null {
  const text = decodeText(block.subarray(0, trimNul(block)));
  const match = /StreamTitle='(.*?)';(?=\s*(?:[A-Za-z]+=|$))/s.exec(text);
  if (!match) return null;
  // eslint-disable-next-line no-control-regex -- titles are shown to people: no controls
  const clean = match[1]!.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return clean === '' ? null : clean.slice(0, 300);
}

function trimNul(block: Buffer): number {
  let end = block.length;
  while (end > 0 && block[end - 1] === 0) end--;
  return end;
}

/** Servers send UTF-8 or Latin-1 without saying which: take UTF-8 when it is valid. */
function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}
