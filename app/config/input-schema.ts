import { z } from 'zod';

/**
 * The [input] section: which input devices to read and what their keys and axes do. Owned by
 * the hardware part (hardware/input/); kept here so the whole config has one schema.
 */

/** Things a key can do. Deliberately closed: a config file cannot make a button run anything. */
export const KEY_ACTIONS = [
  'toggle',
  'next',
  'previous',
  'volume_up',
  'volume_down',
  'mute',
  'approve_pairing',
] as const;

/** Things a relative axis (an encoder) can do: change the volume, or skip tracks per detent. */
export const AXIS_ACTIONS = ['volume', 'track'] as const;

// Names are checked against the kernel's code table in hardware/input/codes.ts when the
// mapping is built; here only their shape, so a typo still fails at start-up with its key.
const keyName = z
  .string()
  .regex(/^((KEY|BTN)_[A-Z0-9_]+|\d{1,3})$/, 'must be a key name like KEY_PLAYPAUSE or a number');
const axisName = z
  .string()
  .regex(/^(REL_[A-Z]+|\d{1,2})$/, 'must be an axis name like REL_X or a number');
const keyMap = z.record(keyName, z.enum(KEY_ACTIONS));
const gpioLine = z.number().int().min(0).max(1023);

const device = z
  .strictObject({
    /** The kernel's device name, as `evtest` lists it (e.g. "rotary@11"). */
    name: z.string().min(1).max(128).optional(),
    /** Or a path, e.g. /dev/input/by-path/platform-rotary@11-event. */
    path: z
      .string()
      .regex(/^\/[^\0]*$/, 'must be an absolute path')
      .optional(),
    /** 16 or 24 bytes per input_event; normally worked out from the reading process. */
    record_size: z.union([z.literal(16), z.literal(24)]).optional(),
  })
  .refine((d) => (d.name === undefined) !== (d.path === undefined), {
    message: 'give exactly one of name and path',
  });

const gpio = z.strictObject({
  /** The GPIO character device's chip, as `gpiodetect` lists it. */
  chip: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be a chip name or number')
    .default('gpiochip0'),
  bias: z.enum(['pull-up', 'pull-down', 'disable', 'as-is']).default('pull-up'),
  debounce_ms: z.number().int().min(0).max(100).default(5),
  encoder: z
    .strictObject({
      a: gpioLine,
      b: gpioLine,
      axis: axisName.default('REL_X'),
      /** Quadrature transitions per detent: 4 for most knobs, 2 or 1 for some. */
      steps_per_detent: z.union([z.literal(1), z.literal(2), z.literal(4)]).default(4),
    })
    .optional(),
  buttons: z
    .array(
      z.strictObject({
        line: gpioLine,
        key: keyName,
        /** Pressed pulls the line to ground (with the pull-up): the usual wiring. */
        active_low: z.boolean().default(true),
      }),
    )
    .default([]),
});

export const inputSchema = z
  .strictObject({
    devices: z.array(device).default([]),
    /** Read GPIO lines directly, for boards without the rotary-encoder/gpio-key overlays. */
    gpio: gpio.optional(),
    /** What a short press of each key does. */
    keys: keyMap.default({
      KEY_PLAYPAUSE: 'toggle',
      KEY_NEXTSONG: 'next',
      KEY_PREVIOUSSONG: 'previous',
      KEY_MUTE: 'mute',
      KEY_VOLUMEUP: 'volume_up',
      KEY_VOLUMEDOWN: 'volume_down',
    }),
    /** What holding a key for long_press_ms does. */
    long_press: keyMap.default({ KEY_PLAYPAUSE: 'approve_pairing' }),
    /** What two presses within double_press_ms do. A key listed here acts on its single press
     * only after that window has passed. */
    double_press: keyMap.default({}),
    axes: z.record(axisName, z.enum(AXIS_ACTIONS)).default({ REL_X: 'volume' }),
    long_press_ms: z.number().int().min(200).max(5000).default(800),
    double_press_ms: z.number().int().min(100).max(1000).default(350),
    /** Volume points per press of a volume_up/volume_down key (a slow detent is one point). */
    volume_step: z.number().int().min(1).max(20).default(2),
    /** Fast encoder spins move further per detent (see docs/hardware.md). */
    acceleration: z.boolean().default(true),
  })
  .prefault({});

export type InputConfig = z.infer<typeof inputSchema>;
