/** What every input source (evdev reader, GPIO reader, a fake in tests) delivers. */

/** A key or button: 1 press, 0 release, 2 autorepeat while held. */
export interface KeyEvent {
  type: 'key';
  code: number;
  value: 0 | 1 | 2;
  /** When the kernel saw it, in milliseconds; only differences between events matter. */
  timeMs: number;
}

/** A relative axis such as an encoder's detents: signed steps. */
export interface RelEvent {
  type: 'rel';
  code: number;
  value: number;
  timeMs: number;
}

export type InputEvent = KeyEvent | RelEvent;

/**
 * A source of input events. `start` never throws for a missing device: sources retry on their
 * own and report problems through their logger.
 */
export interface InputSource {
  readonly name: string;
  start(listener: (event: InputEvent) => void): void;
  stop(): Promise<void>;
}
