import type { InputEvent } from './types.ts';

/** One edge on one GPIO line, as gpiomon reports it. */
export interface Edge {
  line: number;
  rising: boolean;
  timeMs: number;
}

/**
 * Debounces a push button. The first edge after a quiet spell counts at once (no added
 * latency); edges within `debounceMs` after it are contact bounce and only update the raw
 * level. When the spell ends, a raw level that differs from the reported one is reported then,
 * so a bounce that ends on the other level is never lost.
 */
export class ButtonDebouncer {
  private pressed = false;
  private raw = false;
  private lockedUntilMs = -Infinity;
  private settle: NodeJS.Timeout | null = null;

  constructor(
    private readonly code: number,
    private readonly activeLow: boolean,
    private readonly debounceMs: number,
    private readonly emit: (event: InputEvent) => void,
  ) {}

  edge(edge: Edge): void {
    this.raw = edge.rising !== this.activeLow;
    if (edge.timeMs < this.lockedUntilMs) return;
    this.report(edge.timeMs);
    this.lockedUntilMs = edge.timeMs + this.debounceMs;
    if (this.debounceMs > 0) {
      if (this.settle) clearTimeout(this.settle);
      this.settle = setTimeout(() => this.report(this.lockedUntilMs), this.debounceMs);
    }
  }

  dispose(): void {
    if (this.settle) clearTimeout(this.settle);
  }

  private report(timeMs: number): void {
    if (this.raw === this.pressed) return;
    this.pressed = this.raw;
    this.emit({ type: 'key', code: this.code, value: this.pressed ? 1 : 0, timeMs });
  }
}

// Gray-code transitions: index (previous << 2) | current, value the direction of the move.
// Impossible jumps (both lines changed at once: a missed edge or bounce) count as 0, which is
// what makes a quadrature decoder immune to bounce on one line: it steps back and forth.
const TRANSITIONS = [0, 1, -1, 0, -1, 0, 0, 1, 1, 0, 0, -1, 0, -1, 1, 0];

/**
 * Decodes a two-line quadrature encoder into detents. gpiomon reports edges, not levels, so the
 * start state is assumed to be both lines high (a detent with pull-ups, the usual wiring); the
 * edges themselves then say each line's level. A detent is `stepsPerDetent` transitions.
 * B changing first counts up; swap a and b in the config if the knob turns the wrong way.
 */
export class QuadratureDecoder {
  private a = true;
  private b = true;
  private count = 0;

  constructor(
    private readonly lineA: number,
    private readonly lineB: number,
    private readonly axis: number,
    private readonly stepsPerDetent: number,
    private readonly emit: (event: InputEvent) => void,
  ) {}

  edge(edge: Edge): void {
    const before = (Number(this.a) << 1) | Number(this.b);
    if (edge.line === this.lineA) this.a = edge.rising;
    else if (edge.line === this.lineB) this.b = edge.rising;
    else return;
    const after = (Number(this.a) << 1) | Number(this.b);

    this.count += TRANSITIONS[(before << 2) | after] ?? 0;
    if (Math.abs(this.count) >= this.stepsPerDetent) {
      const detents = Math.trunc(this.count / this.stepsPerDetent);
      this.count -= detents * this.stepsPerDetent;
      this.emit({ type: 'rel', code: this.axis, value: detents, timeMs: edge.timeMs });
    }
  }
}
