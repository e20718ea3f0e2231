import type { MixerDriver, MixerLevel } from '../../app/core/ports.ts';
import { describeError, TonearmError } from '../../app/errors.ts';
import type { Logger } from '../../app/log.ts';
import { probeControl, checkNames } from './alsa-probe.ts';
import { AmixerSession } from './amixer-process.ts';
import { clampVolume } from './curve.ts';

export interface AlsaMixerOptions {
  card: string;
  control: string;
  /** Core enforces this; the driver enforces it again so no path can exceed it. */
  maxVolume: number;
  log: Logger;
  /** The amixer binary; from PATH unless a test says otherwise. */
  command?: string;
  ackTimeoutMs?: number;
  retry?: { initialMs: number; maxMs: number };
}

/**
 * Drives one ALSA simple control through one long-lived `amixer -s` (amixer-process.ts), on
 * amixer's mapped scale (see curve.ts). At most one write is in flight; requests that arrive
 * meanwhile replace each other, and only the newest is written next. If the card goes away the
 * fault listener hears once, playback carries on, and amixer is restarted with a growing pause
 * until the control answers again; the newest level is then written.
 */
export class AlsaMixer implements MixerDriver {
  readonly name = 'alsa';
  private readonly log: Logger;
  private session: AmixerSession | null = null;
  private hasSwitch = true;
  private pending: MixerLevel | null = null;
  private applied: MixerLevel | null = null;
  private wanted: MixerLevel | null = null;
  private inFlight = false;
  private faulted = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs: number;
  private faultListener: (error: TonearmError) => void = () => {};

  constructor(private readonly options: AlsaMixerOptions) {
    checkNames(options.card, options.control);
    this.log = options.log.child({ module: 'mixer', card: options.card, control: options.control });
    this.retryMs = options.retry?.initialMs ?? 500;
  }

  /** Probe the control and start amixer; throws MIXER_FAILED saying what is wrong. */
  async open(): Promise<void> {
    const info = await probeControl(this.options.card, this.options.control, this.options.command);
    this.hasSwitch = info.hasSwitch;
    if (this.closed) return; // closed while the probe ran (a retry racing with shutdown)
    this.startSession();
    this.log.info({ hasSwitch: info.hasSwitch }, 'ALSA mixer ready');
  }

  apply(level: MixerLevel): void {
    const volume = clampVolume(level.volume, this.options.maxVolume);
    if (volume !== level.volume) {
      this.log.warn({ asked: level.volume, applied: volume }, 'volume outside 0..max_volume');
    }
    this.pending = { volume, mute: level.mute === true };
    this.wanted = this.pending;
    this.pump();
  }

  async read(): Promise<MixerLevel | null> {
    try {
      const info = await probeControl(
        this.options.card,
        this.options.control,
        this.options.command,
      );
      return info.level;
    } catch (err) {
      this.log.warn({ err: describeError(err) }, 'cannot read the mixer level');
      return null;
    }
  }

  setFaultListener(listener: (error: TonearmError) => void): void {
    this.faultListener = listener;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.session?.close();
    this.session = null;
  }

  private startSession(): void {
    const session = new AmixerSession(this.options.card, this.options.command);
    session.onExit((reason) => this.fail(reason));
    session.start();
    this.session = session;
  }

  private pump(): void {
    if (this.inFlight || this.pending === null || this.session === null || this.faulted) return;
    const level = this.pending;
    this.pending = null;
    if (this.applied && level.volume === this.applied.volume && level.mute === this.applied.mute) {
      return;
    }

    this.inFlight = true;
    this.session.send(this.commandFor(level), this.options.ackTimeoutMs ?? 2000).then(
      () => {
        this.inFlight = false;
        this.applied = level;
        this.pump();
      },
      (err: unknown) => {
        this.inFlight = false;
        this.pending ??= level;
        this.fail(describeError(err));
      },
    );
  }

  /** `sset 'PCM' 42% unmute`; a control without a switch mutes by going to 0%. */
  private commandFor(level: MixerLevel): string {
    const name = `'${this.options.control}'`;
    if (!this.hasSwitch) return `sset ${name} ${level.mute ? 0 : level.volume}%`;
    return `sset ${name} ${level.volume}% ${level.mute ? 'mute' : 'unmute'}`;
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.session?.close();
    this.session = null;
    this.applied = null;
    if (!this.faulted) {
      const { card, control } = this.options;
      const error = new TonearmError(
        'MIXER_FAILED',
        `ALSA card ${card}, control '${control}': ${reason}. Playback continues without ` +
          'volume changes; check the DAC is connected. Tonearm keeps retrying.',
      );
      this.log.error({ err: error.message }, 'mixer failed');
      this.faultListener(error);
    }
    this.faulted = true;
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    const max = this.options.retry?.maxMs ?? 30_000;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open().then(
        () => {
          this.log.info('mixer is back');
          this.faulted = false;
          this.retryMs = this.options.retry?.initialMs ?? 500;
          // The card may have come back at its own default level: write ours again.
          this.pending = this.wanted;
          this.pump();
        },
        () => {
          this.retryMs = Math.min(this.retryMs * 2, max);
          this.scheduleRetry();
        },
      );
    }, this.retryMs);
  }
}
