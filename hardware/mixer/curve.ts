/**
 * The perceptual volume curve. Loudness follows the logarithm of amplitude, so a knob that
 * moved amplitude linearly would do all its work in the bottom fifth of its travel. Tonearm's
 * 0-100 is instead a cubic curve: amplitude = (volume / 100)^3, which is 60·log10(v/100) dB
 * below full scale: 100 → 0 dB, 71 → -9 dB, 50 → -18 dB, 25 → -36 dB, 10 → -60 dB.
 *
 * It is the curve alsamixer and `amixer -M` ("mapped volume") use for controls with more than
 * 24 dB of range, so the hardware mixer (which hands the mapping to amixer -M, where alsa-lib
 * knows each control's real dB scale) and the software mixer (which applies it here) feel the
 * same under the same knob.
 */
export function gainForVolume(volume: number): number {
  const v = clampVolume(volume, 100) / 100;
  return v * v * v;
}

/** The same curve as decibels relative to full scale; -Infinity at 0. */
export function decibelsForVolume(volume: number): number {
  const gain = gainForVolume(volume);
  return gain === 0 ? -Infinity : 20 * Math.log10(gain);
}

/** A whole volume within 0..max; anything not a finite number counts as 0. */
export function clampVolume(volume: number, max: number): number {
  if (!Number.isFinite(volume)) return 0;
  return Math.min(Math.max(Math.round(volume), 0), max);
}
