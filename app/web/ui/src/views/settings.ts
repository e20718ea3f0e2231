/**
 * The owner's view: paired devices, script tokens, a library rescan, what this box is, and a
 * factory reset.
 */
import * as api from '../api.ts';
import { button, h, replace } from '../dom.ts';
import { state } from '../store.ts';
import { attempt } from '../toast.ts';
import { credentialsSection } from './devices.ts';
import { factoryResetSection } from './factory-reset.ts';

export function renderSettings(root: HTMLElement): () => void {
  const devices = credentialsSection('devices');
  const tokens = credentialsSection('tokens');
  const scanStatus = h('p', { class: 'muted', attrs: { role: 'status' } });
  const scan = button('Rescan the library', () => {
    scan.disabled = true;
    scanStatus.textContent = 'Scanning…';
    void attempt(async () => {
      const result = await api.library.scan();
      scanStatus.textContent =
        `Done: ${result.seen} files seen, ${result.added} added, ` + `${result.removed} removed.`;
    }).finally(() => {
      scan.disabled = false;
      if (scanStatus.textContent === 'Scanning…') scanStatus.textContent = '';
    });
  });

  const session = state.session;
  const fingerprint = session?.fingerprint;
  replace(
    root,
    h('h2', {}, 'Settings'),
    devices.node,
    tokens.node,
    h(
      'section',
      { class: 'panel', attrs: { 'aria-labelledby': 'library-heading' } },
      h('h3', { attrs: { id: 'library-heading' } }, 'Library'),
      scan,
      scanStatus,
    ),
    h(
      'section',
      { class: 'panel', attrs: { 'aria-labelledby': 'box-heading' } },
      h('h3', { attrs: { id: 'box-heading' } }, 'This box'),
      h('p', {}, `Signed in as ${session?.name ?? 'unknown'} (owner).`),
      h('p', {}, session?.https ? 'Connection: HTTPS.' : 'Connection: plain HTTP on the LAN.'),
      fingerprint
        ? h('p', {}, 'Certificate fingerprint (SHA-256): ', h('code', {}, fingerprint))
        : null,
      h('p', {}, h('a', { attrs: { href: '/api/v1/openapi.json' } }, 'API description (OpenAPI)')),
    ),
    factoryResetSection(),
  );

  return () => {
    if (root.hidden) return;
    devices.refresh();
    tokens.refresh();
  };
}
