import { randomInt } from 'node:crypto';
import type { Logger } from '../../log.ts';
import { TonearmError } from '../../errors.ts';
import type { Role } from '../context.ts';
import type { PairingDisplay } from './display.ts';
import { newId, sameDigest, sha256 } from './secrets.ts';
import type { TokenStore } from './token-store.ts';

export const PAIRING_WINDOW_MS = 60_000;
/** More pending requests than this is somebody flooding; a household pairs one at a time. */
const MAX_PENDING = 4;

type State = 'pending' | 'approved' | 'refused';

interface PairingRequest {
  /** SHA-256 of the request id; the id is the phone's secret for collecting its token. */
  idHash: Buffer;
  name: string;
  code: string;
  expiresAt: number;
  state: State;
}

export type ApprovalResult =
  | { outcome: 'approved'; name: string; code: string }
  | { outcome: 'none' }
  | { outcome: 'ambiguous'; refused: number };

export type ClaimResult =
  | { state: 'pending'; expiresAt: string }
  | { state: 'approved'; token: string; credentialId: string; role: Role };

/**
 * Pairing by physical presence. A phone asks (request), the box shows a comparison code, and a
 * person holding the play button (approve) lets in exactly one pending request; with two or more
 * pending nobody can tell which phone is theirs, so all are refused. The phone then collects its
 * device token (claim) with the request id only it knows. The first device paired is owner.
 */
export class Pairing {
  private requests: PairingRequest[] = [];

  constructor(
    private readonly tokens: TokenStore,
    private readonly display: PairingDisplay,
    private readonly log: Logger,
    private readonly fingerprint: () => string | null = () => null,
    private readonly windowMs = PAIRING_WINDOW_MS,
  ) {}

  request(name: string): { id: string; code: string; expiresAt: string } {
    this.expire();
    if (this.pending().length >= MAX_PENDING) {
      throw new TonearmError('RATE_LIMITED', 'too many pairing requests are waiting; try later');
    }
    const id = newId(16);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = Date.now() + this.windowMs;
    this.requests.push({ idHash: sha256(id), name, code, expiresAt, state: 'pending' });

    const when = new Date(expiresAt).toISOString();
    this.showSafely(() =>
      this.display.show({ code, name, expiresAt: when, fingerprint: this.fingerprint() }),
    );
    this.log.info({ name, pending: this.pending().length }, 'pairing requested');
    return { id, code, expiresAt: when };
  }

  /** The long press. Safe to call at any time; says what it did. */
  approve(): ApprovalResult {
    this.expire();
    const pending = this.pending();
    if (pending.length === 0) {
      this.log.info('pairing approval with nothing pending');
      return { outcome: 'none' };
    }
    this.showSafely(() => this.display.clear());
    if (pending.length > 1) {
      for (const r of pending) r.state = 'refused';
      this.log.warn({ refused: pending.length }, 'several pairing requests pending: all refused');
      return { outcome: 'ambiguous', refused: pending.length };
    }
    const [only] = pending as [PairingRequest];
    only.state = 'approved';
    // A fresh window to collect the token, so a press in the last second still counts.
    only.expiresAt = Date.now() + this.windowMs;
    this.log.info({ name: only.name }, 'pairing approved');
    return { outcome: 'approved', name: only.name, code: only.code };
  }

  /** The phone asks how its request went; an approved request turns into a device token once. */
  async claim(id: string): Promise<ClaimResult> {
    this.expire();
    const digest = sha256(id);
    let found: PairingRequest | undefined;
    for (const r of this.requests) if (sameDigest(r.idHash, digest)) found = r;

    if (!found || found.state === 'refused') {
      throw new TonearmError('PAIRING_CLOSED', 'that pairing request is unknown, over or refused');
    }
    if (found.state === 'pending') {
      return { state: 'pending', expiresAt: new Date(found.expiresAt).toISOString() };
    }
    this.requests = this.requests.filter((r) => r !== found);
    const role: Role = this.tokens.hasActiveDevice() ? 'listener' : 'owner';
    const { token, info } = await this.tokens.create({ kind: 'device', role, name: found.name });
    this.log.info({ name: found.name, role, credentialId: info.id }, 'device paired');
    return { state: 'approved', token, credentialId: info.id, role };
  }

  pending(): PairingRequest[] {
    return this.requests.filter((r) => r.state === 'pending');
  }

  /**
   * Drop requests past their window. Refused and approved ones stay until then, so the phone
   * learns the outcome; an approved request not collected in its window is lost.
   */
  private expire(): void {
    const now = Date.now();
    const before = this.pending().length;
    this.requests = this.requests.filter((r) => r.expiresAt > now);
    if (before > 0 && this.pending().length === 0) this.showSafely(() => this.display.clear());
  }

  /** A broken display (an unplugged LED board) must not stop pairing; the log has the code. */
  private showSafely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'pairing display failed');
    }
  }
}
