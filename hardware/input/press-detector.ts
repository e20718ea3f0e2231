import type { KeyActionName } from './actions.ts';

/** What one key does on a short press, a long press and a double press. */
export interface KeyBinding {
  press?: KeyActionName;
  long?: KeyActionName;
  double?: KeyActionName;
}

export interface PressTiming {
  longPressMs: number;
  doublePressMs: number;
}

const REPEATABLE: ReadonlySet<KeyActionName> = new Set(['volume_up', 'volume_down']);

/**
 * Tells a short press, a long press and a double press of one key apart.
 *
 * A key with only a short-press action acts the moment it goes down, the quickest answer. A key
 * with a long-press action acts on release (short) or once held for longPressMs (long: it fires
 * while still held, so the user feels when it took). A key with a double-press action waits
 * doublePressMs after the first release for a second press before acting on the first: that
 * wait is the price of double presses, which is why none is configured by default.
 */
export class PressDetector {
  private downAtMs: number | null = null;
  private longTimer: NodeJS.Timeout | null = null;
  private longFired = false;
  private singleTimer: NodeJS.Timeout | null = null;
  private secondPress = false;

  constructor(
    private readonly binding: KeyBinding,
    private readonly timing: PressTiming,
    private readonly emit: (action: KeyActionName) => void,
  ) {}

  /** value: 1 press, 0 release, 2 autorepeat; timeMs from the event. */
  handle(value: 0 | 1 | 2, timeMs: number): void {
    const { press, long, double } = this.binding;
    const immediate = long === undefined && double === undefined;

    if (value === 2) {
      if (immediate && press !== undefined && REPEATABLE.has(press)) this.emit(press);
      return;
    }
    if (immediate) {
      if (value === 1 && press !== undefined) this.emit(press);
      return;
    }
    if (value === 1) this.down(timeMs);
    else this.up(timeMs);
  }

  dispose(): void {
    this.clearTimers();
  }

  private down(timeMs: number): void {
    if (this.downAtMs !== null) return;
    this.downAtMs = timeMs;
    this.longFired = false;

    if (this.singleTimer !== null) {
      clearTimeout(this.singleTimer);
      this.singleTimer = null;
      this.secondPress = true;
    }
    const long = this.binding.long;
    if (long !== undefined) {
      this.longTimer = setTimeout(() => {
        this.longTimer = null;
        this.longFired = true;
        this.secondPress = false;
        this.emit(long);
      }, this.timing.longPressMs);
    }
  }

  private up(timeMs: number): void {
    if (this.downAtMs === null) return;
    const heldMs = timeMs - this.downAtMs;
    this.downAtMs = null;
    if (this.longTimer !== null) clearTimeout(this.longTimer);
    this.longTimer = null;
    if (this.longFired) return;

    const { press, long, double } = this.binding;
    // The kernel's timestamps decide too, in case events were held up on their way here.
    if (long !== undefined && heldMs >= this.timing.longPressMs) {
      this.emit(long);
    } else if (this.secondPress) {
      this.secondPress = false;
      if (double !== undefined) this.emit(double);
    } else if (double !== undefined) {
      this.singleTimer = setTimeout(() => {
        this.singleTimer = null;
        if (press !== undefined) this.emit(press);
      }, this.timing.doublePressMs);
    } else if (press !== undefined) {
      this.emit(press);
    }
  }

  private clearTimers(): void {
    if (this.longTimer !== null) clearTimeout(this.longTimer);
    if (this.singleTimer !== null) clearTimeout(this.singleTimer);
    this.longTimer = null;
    this.singleTimer = null;
  }
}
