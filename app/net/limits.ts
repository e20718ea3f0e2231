import { Transform, type TransformCallback } from 'node:stream';
import { TonearmError } from '../errors.ts';

/** Passes bytes through until `maxBytes`, then fails with EGRESS_TOO_LARGE. */
export function byteLimit(maxBytes: number, what: string): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      seen += chunk.length;
      if (seen > maxBytes) {
        done(new TonearmError('EGRESS_TOO_LARGE', `${what} is larger than ${maxBytes} bytes`));
        return;
      }
      done(null, chunk);
    },
  });
}
