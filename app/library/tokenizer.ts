import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { AbstractTokenizer, EndOfStreamError } from 'strtok3';
import type { IFileInfo, IReadChunkOptions } from 'strtok3';

/**
 * A tokenizer for music-metadata that reads the file with synchronous reads. music-metadata's
 * own parseFile sends every small header read through libuv's thread pool; on this machine that
 * made tag reading about 7x slower (1.5 ms against 0.2 ms a file). The scanner runs in its own
 * worker thread, so blocking that thread on a local read costs nothing anyone waits for.
 */
export class SyncFileTokenizer extends AbstractTokenizer {
  fileInfo: IFileInfo;
  private fd: number;

  private constructor(fd: number, file: string, size: number) {
    super();
    this.fd = fd;
    this.fileInfo = { path: file, size };
  }

  static open(file: string): SyncFileTokenizer {
    const fd = openSync(file, 'r');
    try {
      const stat = fstatSync(fd);
      if (!stat.isFile()) throw new Error('not a regular file');
      return new SyncFileTokenizer(fd, file, stat.size);
    } catch (err) {
      closeSync(fd);
      throw err;
    }
  }

  async readBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const norm = this.normalizeOptions(buffer, options);
    this.position = norm.position;
    const read = this.readAt(buffer, norm.length, norm.position, norm.mayBeLess);
    this.position += read;
    return read;
  }

  async peekBuffer(buffer: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const norm = this.normalizeOptions(buffer, options);
    return this.readAt(buffer, norm.length, norm.position, norm.mayBeLess);
  }

  setPosition(position: number): void {
    this.position = position;
  }

  supportsRandomAccess(): boolean {
    return true;
  }

  protected override async closeOnce(): Promise<void> {
    closeSync(this.fd);
    await super.closeOnce();
  }

  private readAt(buffer: Uint8Array, length: number, position: number, mayBeLess?: boolean) {
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buffer, done, length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    if (!mayBeLess && done < length) throw new EndOfStreamError();
    return done;
  }
}
