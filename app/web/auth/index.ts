import type { Logger } from '../../log.ts';
import { listenForApprovals } from './approval-socket.ts';
import { logDisplay, type PairingDisplay } from './display.ts';
import { Pairing, type ApprovalResult } from './pairing.ts';
import { TokenStore } from './token-store.ts';

export type { ApprovalResult, PairingDisplay };
export { TokenStore };
export { requestApproval, approvalSocketPath } from './approval-socket.ts';

/** Credentials and pairing, shared by the web app and whatever approves (button, CLI). */
export interface WebAuth {
  tokens: TokenStore;
  pairing: Pairing;
  /** The play button's long press: approves the one pending pairing request. */
  approvePairing(): ApprovalResult;
  close(): Promise<void>;
}

export interface WebAuthOptions {
  dataDir: string;
  log: Logger;
  /** Where the comparison code is shown; the log by default. */
  display?: PairingDisplay;
  /** The HTTPS certificate's fingerprint, shown beside the code; null on HTTP. */
  fingerprint?: () => string | null;
  /** Listen on `<data_dir>/control/pair.sock` for `tonearm pair approve` (default true). */
  approvalSocket?: boolean;
  /** The pairing window; 60 s unless a test shortens it. */
  windowMs?: number;
}

export async function createWebAuth(options: WebAuthOptions): Promise<WebAuth> {
  const log = options.log.child({ module: 'auth' });
  const tokens = await TokenStore.open(options.dataDir, log);
  const display = options.display ?? logDisplay(log);
  const pairing = new Pairing(tokens, display, log, options.fingerprint, options.windowMs);
  const approvePairing = () => pairing.approve();
  const stopSocket =
    options.approvalSocket === false
      ? null
      : await listenForApprovals(options.dataDir, approvePairing, log);

  return {
    tokens,
    pairing,
    approvePairing,
    async close() {
      await stopSocket?.();
      await tokens.close();
    },
  };
}
