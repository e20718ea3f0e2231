import net from 'node:net';

const ICY = Buffer.from('ICY ', 'latin1');
const HTTP10 = Buffer.from('HTTP/1.0 ', 'latin1');

/**
 * A TCP socket for plain-HTTP radio. SHOUTcast v1 servers start their answer with `ICY 200 OK`
 * where HTTP has `HTTP/1.0 200 OK`; the rest (header lines, a blank line, the stream) is HTTP's
 * shape. Node's HTTP parser refuses that status line outright, so this socket swaps those first
 * four bytes for `HTTP/1.0 ` and passes every other byte through untouched. An answer that does
 * not start with `ICY ` is not changed at all.
 *
 * It works where the bytes enter the stream: the socket's own read path calls `push` for every
 * chunk read from the kernel, and the HTTP client reads what was pushed.
 */
class IcyStatusSocket extends net.Socket {
  /** Bytes held until there are enough to tell whether the answer starts with `ICY `. */
  private head: Buffer | null = Buffer.alloc(0);

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.head === null) return super.push(chunk, encoding);
    if (chunk === null) {
      // The server closed before saying four bytes: hand over what there was.
      const rest = this.head;
      this.head = null;
      if (rest.length > 0) super.push(rest);
      return super.push(null);
    }
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
    const seen = Buffer.concat([this.head, bytes]);
    if (seen.length < ICY.length && ICY.subarray(0, seen.length).equals(seen)) {
      this.head = seen;
      return true;
    }
    this.head = null;
    const icy = seen.subarray(0, ICY.length).equals(ICY);
    return super.push(icy ? Buffer.concat([HTTP10, seen.subarray(ICY.length)]) : seen);
  }
}

/**
 * Connects an IcyStatusSocket to an address that was already checked (no DNS lookup). The HTTP
 * client only listens for the socket's 'timeout'; arming it (`idleMs`) is the creator's job.
 */
export function connectIcyTolerant(address: string, port: number, idleMs: number): IcyStatusSocket {
  const socket = new IcyStatusSocket();
  socket.setTimeout(idleMs);
  socket.connect({ host: address, port });
  return socket;
}
