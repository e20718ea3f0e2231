import type { StreamOpener } from '../audio/index.ts';
import type { Logger } from '../log.ts';
import type { Egress } from '../net/egress.ts';
import { openStation, type RetryPolicy } from './station-stream.ts';

/**
 * The radio's side of Audio's stream seam: Audio asks for the bytes of a `stream` source and
 * gets them from the egress guard, never by fetching itself. Titles from ICY metadata go back
 * through `onTitle`, which Audio turns into AudioListener.title and Core into `stream.title`.
 */
export function createStreamOpener(options: {
  egress: Egress;
  log: Logger;
  retry?: RetryPolicy;
}): StreamOpener {
  const log = options.log.child({ module: 'radio' });
  return async (source, context) => {
    const audio = await openStation(source.url, {
      egress: options.egress,
      log,
      signal: context.signal,
      onTitle: context.onTitle,
      ...(options.retry ? { retry: options.retry } : {}),
    });
    log.info({ host: new URL(source.url).host, codec: audio.codec }, 'station connected');
    return { codec: audio.codec, body: audio.bytes };
  };
}
