import { TonearmError } from '../../app/errors.ts';
import { runAmixer } from './amixer-process.ts';

/** What a probe learns about a control. */
export interface ControlInfo {
  hasSwitch: boolean;
  level: { volume: number; mute: boolean } | null;
}

const SAFE_CARD = /^[A-Za-z0-9_-]{1,32}$/;
const SAFE_CONTROL = /^[A-Za-z0-9 _.,-]{1,64}$/;

/** The config schema checks these too; a driver built some other way must not skip it. */
export function checkNames(card: string, control: string): void {
  if (!SAFE_CARD.test(card)) {
    throw new TonearmError('CONFIG_INVALID', `mixer.card: not an ALSA card name or number`);
  }
  if (!SAFE_CONTROL.test(control)) {
    throw new TonearmError('CONFIG_INVALID', `mixer.control: not an ALSA simple control name`);
  }
}

/**
 * Ask amixer about the control once, and turn every way it can be wrong into an error that
 * names the card and control and says what to do.
 */
export async function probeControl(
  card: string,
  control: string,
  command?: string,
): Promise<ControlInfo> {
  const result = await runAmixer(card, ['sget', control], { command });
  const where = `ALSA card ${card}, control '${control}'`;

  if (result.code !== 0) {
    const reason = lastLine(result.stderr) || lastLine(result.stdout) || 'amixer failed';
    if (/unable to find simple control/i.test(reason)) {
      const list = await runAmixer(card, ['scontrols'], { command });
      const names = [...list.stdout.matchAll(/^Simple mixer control '(.*)',\d+$/gm)].map(
        (m) => `'${m[1]}'`,
      );
      const has = names.length > 0 ? ` (it has: ${names.join(', ')})` : '';
      throw new TonearmError(
        'MIXER_FAILED',
        `${where}: the card has no such simple control${has}. Set mixer.control to one of ` +
          `them (\`amixer -c ${card} scontrols\` lists them), or set mixer.type = "software".`,
      );
    }
    throw new TonearmError(
      'MIXER_FAILED',
      `${where}: cannot open the mixer (${reason}). Check the DAC is connected and that ` +
        `mixer.card names it (\`aplay -l\` lists the cards).`,
    );
  }

  const caps = /Capabilities:(.*)$/m.exec(result.stdout)?.[1]?.trim().split(/\s+/) ?? [];
  if (!caps.some((c) => c === 'pvolume' || c === 'volume' || c.startsWith('pvolume'))) {
    throw new TonearmError(
      'MIXER_FAILED',
      `${where}: the control has no playback volume (capabilities: ${caps.join(' ') || 'none'}).` +
        ` Choose another control or set mixer.type = "software".`,
    );
  }
  return {
    hasSwitch: caps.some((c) => c === 'pswitch' || c === 'switch' || c.startsWith('pswitch')),
    level: parseLevel(result.stdout),
  };
}

/** The first channel's "[NN%]" and "[on]/[off]" from `amixer sget` output. */
export function parseLevel(text: string): { volume: number; mute: boolean } | null {
  const line = /^\s*(?:Mono|Front Left|[A-Za-z ]+):\s+Playback\b.*\[(\d+)%\].*$/m.exec(text);
  if (!line) return null;
  const volume = Number(line[1]);
  if (!Number.isInteger(volume) || volume < 0 || volume > 100) return null;
  return { volume, mute: /\[off\]/.test(line[0]) };
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .pop()
      ?.replace(/^amixer:\s*/, '')
      .trim() ?? ''
  );
}
