import type { InputConfig } from '../../app/config/input-schema.ts';
import { describeError, TonearmError } from '../../app/errors.ts';
import type { Logger } from '../../app/log.ts';
import { EncoderAccelerator } from './acceleration.ts';
import type { ActionHandler, AxisActionName, HardwareAction, KeyActionName } from './actions.ts';
import { codeOf, KEY_CODES, REL_CODES } from './codes.ts';
import { PressDetector, type KeyBinding, type PressTiming } from './press-detector.ts';
import type { InputEvent } from './types.ts';

/** The config's names turned into the kernel's numbers. */
export interface InputMap {
  keys: Map<number, KeyBinding>;
  axes: Map<number, AxisActionName>;
  timing: PressTiming;
  volumeStep: number;
  acceleration: boolean;
}

/** Build the map; unknown key or axis names are a CONFIG_INVALID error naming each one. */
export function resolveInputMap(config: InputConfig): InputMap {
  const problems: string[] = [];
  const keys = new Map<number, KeyBinding>();
  const bind = (section: string, slot: keyof KeyBinding, map: Record<string, KeyActionName>) => {
    for (const [name, action] of Object.entries(map)) {
      const code = codeOf(KEY_CODES, name);
      if (code === null) {
        problems.push(`input.${section}.${name}: unknown key name`);
        continue;
      }
      keys.set(code, { ...keys.get(code), [slot]: action });
    }
  };
  bind('keys', 'press', config.keys);
  bind('long_press', 'long', config.long_press);
  bind('double_press', 'double', config.double_press);

  const axes = new Map<number, AxisActionName>();
  for (const [name, action] of Object.entries(config.axes)) {
    const code = codeOf(REL_CODES, name);
    if (code === null) problems.push(`input.axes.${name}: unknown axis name`);
    else axes.set(code, action);
  }

  if (problems.length > 0) {
    throw new TonearmError('CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    keys,
    axes,
    timing: { longPressMs: config.long_press_ms, doublePressMs: config.double_press_ms },
    volumeStep: config.volume_step,
    acceleration: config.acceleration,
  };
}

/**
 * Turns input events from any source into typed actions for the handler Main wires to Core.
 * Events with no mapping are ignored. A handler that fails is logged; the knob keeps working.
 */
export class InputMapper {
  private readonly log: Logger;
  private readonly presses = new Map<number, PressDetector>();
  private readonly encoders = new Map<number, EncoderAccelerator>();

  constructor(
    private readonly map: InputMap,
    private readonly handler: ActionHandler,
    log: Logger,
  ) {
    this.log = log.child({ module: 'input' });
  }

  handle(event: InputEvent): void {
    if (event.type === 'key') this.key(event.code, event.value, event.timeMs);
    else this.axis(event.code, event.value, event.timeMs);
  }

  close(): void {
    for (const detector of this.presses.values()) detector.dispose();
    this.presses.clear();
  }

  private key(code: number, value: 0 | 1 | 2, timeMs: number): void {
    const binding = this.map.keys.get(code);
    if (binding === undefined) return;
    let detector = this.presses.get(code);
    if (detector === undefined) {
      detector = new PressDetector(binding, this.map.timing, (name) => this.keyAction(name));
      this.presses.set(code, detector);
    }
    detector.handle(value, timeMs);
  }

  private keyAction(name: KeyActionName): void {
    const step = this.map.volumeStep;
    if (name === 'volume_up') this.deliver({ type: 'volume', delta: step });
    else if (name === 'volume_down') this.deliver({ type: 'volume', delta: -step });
    else this.deliver({ type: name });
  }

  private axis(code: number, value: number, timeMs: number): void {
    const action = this.map.axes.get(code);
    if (action === undefined || value === 0) return;

    if (action === 'track') {
      const type = value > 0 ? 'next' : 'previous';
      for (let i = 0; i < Math.min(Math.abs(value), 10); i++) this.deliver({ type });
      return;
    }
    let encoder = this.encoders.get(code);
    if (encoder === undefined) {
      encoder = new EncoderAccelerator(this.map.acceleration);
      this.encoders.set(code, encoder);
    }
    const points = encoder.step(value, timeMs);
    if (points !== 0) this.deliver({ type: 'volume', delta: points });
  }

  private deliver(action: HardwareAction): void {
    try {
      const result = this.handler(action);
      if (result instanceof Promise) result.catch((err: unknown) => this.failed(action, err));
    } catch (err) {
      this.failed(action, err);
    }
  }

  private failed(action: HardwareAction, err: unknown): void {
    this.log.warn({ action: action.type, err: describeError(err) }, 'input action failed');
  }
}
