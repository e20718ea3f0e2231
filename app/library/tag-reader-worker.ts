import { parentPort } from 'node:worker_threads';
import { describeError } from '../errors.ts';
import { readTags, type TrackTags } from './tags.ts';

/** One tag reader of the scanner's pool: reads files it is sent, one message per answer. */
export type TagRequest = { id: number; file: string };
export type TagAnswer = { id: number; tags: TrackTags } | { id: number; error: string };

const port = parentPort;
port?.on('message', (request: TagRequest) => {
  readTags(request.file).then(
    (tags) => port.postMessage({ id: request.id, tags } satisfies TagAnswer),
    (err: unknown) =>
      port.postMessage({ id: request.id, error: describeError(err) } satisfies TagAnswer),
  );
});
