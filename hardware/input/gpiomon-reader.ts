import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { InputConfig } from '../../app/config/input-schema.ts';
import { TonearmError } from '../../app/errors.ts';
import type { Logger } from '../../app/log.ts';
import { codeOf, KEY_CODES, REL_CODES } from './codes.ts';
import { ButtonDebouncer, QuadratureDecoder, type Edge } from './gpio-decoder.ts';
import type { InputEvent, InputSource } from './types.ts';

export type GpioConfig = NonNullable<InputConfig['gpio']>;

export interface GpiomonReaderOptions {
  config: GpioConfig;
  log: Logger;
  /** The gpiomon binary; from PATH unless a test says otherwise. */
  command?: string;
  retry?: { initialMs: number; maxMs: number };
}

/**
 * The one module that reads GPIO lines, for boards without the rotary-encoder and gpio-key
 * overlays. It runs libgpiod's `gpiomon` (Debian package gpiod), which uses the GPIO character
 * device: no sysfs (gone on new kernels, renumbered from 512 on Pi kernels 6.6+), no root when
 * the service user may open /dev/gpiochip*. Output goes through `stdbuf -oL` because gpiomon
 * buffers its stdout when it is a pipe, which would hold edges back by up to 4 KiB of text.
 *
 * Shortcoming: this speaks gpiomon 1.6 (Debian 12, Raspberry Pi OS bookworm). gpiomon 2.x
 * (Debian 13) changed its options and output format and is not understood yet: with it the
 * process exits at once, which is logged, and the buttons stay silent.
 */
export class GpiomonReader implements InputSource {
  readonly name: string;
  private readonly log: Logger;
  private readonly lines: number[];
  private readonly handlers = new Map<number, (edge: Edge) => void>();
  private readonly debouncers: ButtonDebouncer[] = [];
  private listener: ((event: InputEvent) => void) | null = null;
  private child: ChildProcess | null = null;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private reported = false;

  constructor(private readonly options: GpiomonReaderOptions) {
    const { config } = options;
    this.name = `gpio:${config.chip}`;
    this.log = options.log.child({ module: 'input', device: this.name });
    const emit = (event: InputEvent): void => this.listener?.(event);

    for (const button of config.buttons) {
      const code = codeOf(KEY_CODES, button.key);
      if (code === null) throw invalid(`input.gpio.buttons: unknown key name ${button.key}`);
      const debouncer = new ButtonDebouncer(code, button.active_low, config.debounce_ms, emit);
      this.debouncers.push(debouncer);
      this.handlers.set(button.line, (edge) => debouncer.edge(edge));
    }
    if (config.encoder) {
      const { a, b, axis, steps_per_detent } = config.encoder;
      const code = codeOf(REL_CODES, axis);
      if (code === null) throw invalid(`input.gpio.encoder.axis: unknown axis name ${axis}`);
      const decoder = new QuadratureDecoder(a, b, code, steps_per_detent, emit);
      this.handlers.set(a, (edge) => decoder.edge(edge));
      this.handlers.set(b, (edge) => decoder.edge(edge));
    }
    this.lines = [...this.handlers.keys()].sort((x, y) => x - y);
  }

  start(listener: (event: InputEvent) => void): void {
    if (this.loop || this.lines.length === 0) return;
    this.listener = listener;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.child?.kill('SIGTERM');
    this.wake?.();
    for (const debouncer of this.debouncers) debouncer.dispose();
    await this.loop;
  }

  private async run(): Promise<void> {
    const retry = this.options.retry ?? { initialMs: 500, maxMs: 10_000 };
    let delay = retry.initialMs;
    while (!this.stopped) {
      const started = Date.now();
      const stderr = await this.monitor();
      if (this.stopped) break;
      if (Date.now() - started > 10_000) delay = retry.initialMs;
      if (!this.reported) {
        this.log.warn({ lines: this.lines, reason: stderr }, 'gpiomon stopped; will retry');
        this.reported = true;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, delay);
      });
      if (this.timer) clearTimeout(this.timer);
      delay = Math.min(delay * 2, retry.maxMs);
    }
  }

  /** Run gpiomon until it exits; returns the end of its stderr. */
  private async monitor(): Promise<string> {
    const { config } = this.options;
    const args = [
      '-oL',
      this.options.command ?? 'gpiomon',
      `--bias=${config.bias}`,
      '--format=%o %e %s %n',
      config.chip,
      ...this.lines.map(String),
    ];
    const child = spawn('stdbuf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-500);
    });
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => this.line(line));
    }
    await new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.once('error', (err) => {
        stderr = err.message;
        resolve();
      });
    });
    this.child = null;
    return stderr.trim();
  }

  private line(text: string): void {
    const match = /^(\d+) ([01]) (\d+) (\d+)$/.exec(text.trim());
    if (!match) return;
    if (this.reported) this.log.info('gpiomon is running again');
    this.reported = false;
    const edge: Edge = {
      line: Number(match[1]),
      rising: match[2] === '1',
      timeMs: Number(match[3]) * 1000 + Number(match[4]) / 1e6,
    };
    this.handlers.get(edge.line)?.(edge);
  }
}

function invalid(message: string): TonearmError {
  return new TonearmError('CONFIG_INVALID', `invalid configuration:\n  ${message}`);
}
