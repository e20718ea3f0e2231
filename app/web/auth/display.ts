import type { Logger } from '../../log.ts';

/** What a box with a screen or a status LED shows while a phone waits to be paired. */
export interface PairingPrompt {
  /** The short comparison code the phone shows too. */
  code: string;
  /** The name the phone gave itself. */
  name: string;
  expiresAt: string;
  /** Fingerprint of the HTTPS certificate, or null on plain HTTP. */
  fingerprint: string | null;
}

/**
 * Where the comparison code goes. A display driver or LED pattern implements this and is
 * handed to createWebAuth by app/main.ts; without one the code is written to the log.
 */
export interface PairingDisplay {
  show(prompt: PairingPrompt): void;
  /** No request is pending any more (approved, refused or expired). */
  clear(): void;
}

export function logDisplay(log: Logger): PairingDisplay {
  return {
    show: (p) => log.info({ code: p.code, name: p.name, expiresAt: p.expiresAt }, 'pairing'),
    clear: () => log.debug('pairing prompt cleared'),
  };
}
