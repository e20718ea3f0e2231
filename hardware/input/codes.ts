/**
 * Linux input event types and codes (linux/input-event-codes.h) that knobs and buttons send.
 * Only the names a config file may use are listed; any other key can be given by its number.
 */
export const EV_SYN = 0x00;
export const EV_KEY = 0x01;
export const EV_REL = 0x02;

export const KEY_CODES: Readonly<Record<string, number>> = {
  KEY_ENTER: 28,
  KEY_SPACE: 57,
  KEY_UP: 103,
  KEY_LEFT: 105,
  KEY_RIGHT: 106,
  KEY_DOWN: 108,
  KEY_MUTE: 113,
  KEY_VOLUMEDOWN: 114,
  KEY_VOLUMEUP: 115,
  KEY_PAUSE: 119,
  KEY_STOP: 128,
  KEY_NEXTSONG: 163,
  KEY_PLAYPAUSE: 164,
  KEY_PREVIOUSSONG: 165,
  KEY_STOPCD: 166,
  KEY_PLAYCD: 200,
  KEY_PAUSECD: 201,
  KEY_PLAY: 207,
  BTN_0: 0x100,
  BTN_1: 0x101,
  BTN_2: 0x102,
  BTN_3: 0x103,
  BTN_LEFT: 0x110,
  BTN_RIGHT: 0x111,
  BTN_MIDDLE: 0x112,
  KEY_OK: 0x160,
  KEY_SELECT: 0x161,
};

export const REL_CODES: Readonly<Record<string, number>> = {
  REL_X: 0x00,
  REL_Y: 0x01,
  REL_Z: 0x02,
  REL_HWHEEL: 0x06,
  REL_DIAL: 0x07,
  REL_WHEEL: 0x08,
  REL_MISC: 0x09,
};

/** A key or axis given by name or by decimal number; null when it is neither. */
export function codeOf(
  table: Readonly<Record<string, number>>,
  nameOrNumber: string,
): number | null {
  const known = table[nameOrNumber];
  if (known !== undefined) return known;
  if (/^\d{1,3}$/.test(nameOrNumber)) return Number(nameOrNumber);
  return null;
}
