/** The web frontend: what app/main.ts needs to build it. */
export { createWebApp, type WebApp, type WebAppDeps } from './app.ts';
export {
  createWebAuth,
  requestApproval,
  approvalSocketPath,
  TokenStore,
  type WebAuth,
  type WebAuthOptions,
  type ApprovalResult,
  type PairingDisplay,
} from './auth/index.ts';
export type { PairingPrompt } from './auth/display.ts';
export { ensureTlsIdentity, type TlsIdentity } from './tls.ts';
export { HostPolicy } from './guards/host-policy.ts';
