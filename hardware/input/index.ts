import type { InputConfig } from '../../app/config/input-schema.ts';
import type { Logger } from '../../app/log.ts';
import type { ActionHandler } from './actions.ts';
import type { DeviceRoots } from './device-finder.ts';
import { EvdevReader } from './evdev-reader.ts';
import { GpiomonReader } from './gpiomon-reader.ts';
import { InputMapper, resolveInputMap } from './mapper.ts';
import type { InputSource } from './types.ts';

export { createCoreActionHandler, type ActionHandler, type HardwareAction } from './actions.ts';
export { EvdevReader } from './evdev-reader.ts';
export { GpiomonReader } from './gpiomon-reader.ts';
export { InputMapper, resolveInputMap } from './mapper.ts';
export type { InputEvent, InputSource } from './types.ts';

export interface InputServiceOptions {
  config: InputConfig;
  handler: ActionHandler;
  log: Logger;
  /** Where devices are looked up; the real /sys and /dev unless a test says otherwise. */
  roots?: DeviceRoots;
  retry?: { initialMs: number; maxMs: number };
}

/**
 * Every configured knob and button, from input devices and GPIO lines, feeding one mapper.
 * Built from config by Main; a bad key name throws CONFIG_INVALID at construction, while a
 * device that is missing is only logged and looked for again.
 */
export class InputService {
  readonly sources: InputSource[];
  private readonly mapper: InputMapper;

  constructor(options: InputServiceOptions) {
    const { config, log } = options;
    this.mapper = new InputMapper(resolveInputMap(config), options.handler, log);
    this.sources = config.devices.map(
      (device) =>
        new EvdevReader({
          device: { name: device.name, path: device.path, recordSize: device.record_size },
          log,
          roots: options.roots,
          retry: options.retry,
        }),
    );
    if (config.gpio) {
      this.sources.push(new GpiomonReader({ config: config.gpio, log, retry: options.retry }));
    }
  }

  start(): void {
    for (const source of this.sources) source.start((event) => this.mapper.handle(event));
  }

  async stop(): Promise<void> {
    await Promise.all(this.sources.map((source) => source.stop()));
    this.mapper.close();
  }
}
