import { describeError } from '../../app/errors.ts';
import type { Logger } from '../../app/log.ts';
import { LoopLagMonitor } from './loop-lag.ts';
import { openNotifySocket, type NotifySocket } from './notify-socket.ts';

export interface NotifierOptions {
  log: Logger;
  /** Where NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID are read; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** Answers true while the audio pipeline responds; Main wires it to Audio. */
  audioProbe?: () => boolean | Promise<boolean>;
  /** A loop stalled longer than this since the last ping makes the service unhealthy. */
  maxLoopLagMs?: number;
  /** A probe slower than this counts as a failure. */
  probeTimeoutMs?: number;
}

export interface Health {
  healthy: boolean;
  reason?: string;
}

/**
 * Tells systemd the truth: READY=1 when Main says the service is up, STATUS= lines for
 * `systemctl status`, WATCHDOG=1 only while the event loop keeps up and the audio probe answers,
 * STOPPING=1 on shutdown. Without NOTIFY_SOCKET (not under systemd, tests, a laptop) every call
 * does nothing. Pings go out every half of WATCHDOG_USEC, as systemd recommends; a failed check
 * simply skips the ping, so a service that stays sick is killed and restarted by systemd.
 */
export class SystemdNotifier {
  readonly enabled: boolean;
  private readonly log: Logger;
  private readonly socket: NotifySocket | null;
  private readonly watchdogMs: number | null;
  private readonly lag = new LoopLagMonitor();
  private timer: NodeJS.Timeout | null = null;
  private lastStatus = '';
  private unhealthy: string | null = null;
  private sendFailed = false;

  constructor(private readonly options: NotifierOptions) {
    const env = options.env ?? process.env;
    this.log = options.log.child({ module: 'systemd' });
    const path = env.NOTIFY_SOCKET;
    this.socket = path ? openNotifySocket(path, this.log) : null;
    this.enabled = this.socket !== null;

    const usec = Number(env.WATCHDOG_USEC);
    const forUs = env.WATCHDOG_PID === undefined || Number(env.WATCHDOG_PID) === process.pid;
    this.watchdogMs = this.enabled && forUs && usec > 0 ? usec / 1000 : null;
  }

  /** The service is up: READY=1, a status line, and the watchdog starts if the unit has one. */
  async ready(status = 'Ready'): Promise<void> {
    this.lastStatus = clean(status);
    await this.send(`READY=1\nSTATUS=${this.lastStatus}`);
    if (this.watchdogMs !== null && this.timer === null) {
      this.lag.start();
      this.lag.takeMaxLagMs();
      this.schedule();
    }
  }

  async status(text: string): Promise<void> {
    this.lastStatus = clean(text);
    if (this.unhealthy === null) await this.send(`STATUS=${this.lastStatus}`);
  }

  async stopping(status = 'Stopping'): Promise<void> {
    this.stopWatchdog();
    await this.send(`STOPPING=1\nSTATUS=${clean(status)}`);
  }

  close(): void {
    this.stopWatchdog();
    this.socket?.close();
  }

  /** The loop's worst lag since the last check, then the audio probe with a time limit. */
  async checkHealth(): Promise<Health> {
    const maxLag = this.options.maxLoopLagMs ?? 1000;
    const lagMs = this.lag.takeMaxLagMs();
    if (lagMs > maxLag)
      return { healthy: false, reason: `event loop stalled ${Math.round(lagMs)} ms` };

    const probe = this.options.audioProbe;
    if (!probe) return { healthy: true };
    const limit = this.options.probeTimeoutMs ?? 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), limit);
    });
    try {
      const ok = await Promise.race([Promise.resolve().then(probe), timeout]);
      return ok ? { healthy: true } : { healthy: false, reason: 'audio pipeline does not answer' };
    } catch (err) {
      return { healthy: false, reason: `audio probe failed: ${describeError(err)}` };
    } finally {
      clearTimeout(timer);
    }
  }

  private schedule(): void {
    const interval = (this.watchdogMs ?? 0) / 2;
    this.timer = setTimeout(() => void this.tick(), interval);
  }

  private async tick(): Promise<void> {
    const health = await this.checkHealth();
    if (this.timer === null) return; // stopped while checking

    if (health.healthy) {
      if (this.unhealthy !== null) {
        this.log.info('health check passes again; watchdog pings resume');
        this.unhealthy = null;
        await this.send(`WATCHDOG=1\nSTATUS=${this.lastStatus}`);
      } else {
        await this.send('WATCHDOG=1');
      }
    } else if (this.unhealthy !== health.reason) {
      this.unhealthy = health.reason ?? 'unhealthy';
      this.log.warn({ reason: this.unhealthy }, 'health check failed; withholding watchdog ping');
      await this.send(`STATUS=Unhealthy: ${this.unhealthy}`);
    }
    if (this.timer !== null) this.schedule();
  }

  private stopWatchdog(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lag.stop();
  }

  private async send(message: string): Promise<void> {
    if (!this.socket) return;
    try {
      await this.socket.send(message);
      this.sendFailed = false;
    } catch (err) {
      if (!this.sendFailed) this.log.warn({ err: describeError(err) }, 'cannot notify systemd');
      this.sendFailed = true;
    }
  }
}

/** A status is one line; systemd shows it verbatim. */
function clean(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').slice(0, 200);
}
