/**
 * Credentials, for owners: paired devices and script tokens, with name, role, last use, and
 * revoke. Revoking asks for a second tap on the same button, so a stray thumb cannot lock a
 * family member out. Script tokens are made in the form of new-token.ts (or with
 * `npx tonearm token create`).
 */
import * as api from '../api.ts';
import { button, h, replaceKeepingFocus } from '../dom.ts';
import { ago } from '../format.ts';
import { state } from '../store.ts';
import { attempt, toast } from '../toast.ts';
import type { Device } from '../wire.ts';
import { newTokenForm } from './new-token.ts';

const ARMED_MS = 4000;

interface Kind {
  id: string;
  title: string;
  empty: string;
  list(): Promise<Device[]>;
  revoke(id: string): Promise<unknown>;
}

const KINDS = {
  devices: {
    id: 'devices',
    title: 'Paired devices',
    empty: 'No devices are paired.',
    list: api.devices.list,
    revoke: api.devices.revoke,
  },
  tokens: {
    id: 'tokens',
    title: 'Script tokens',
    empty: 'No script tokens yet.',
    list: api.tokens.list,
    revoke: api.tokens.revoke,
  },
} satisfies Record<string, Kind>;

export function credentialsSection(which: keyof typeof KINDS): {
  node: HTMLElement;
  refresh: () => void;
} {
  const kind: Kind = KINDS[which];
  const list = h('ul', { class: 'list', attrs: { 'aria-label': kind.title } });
  const status = h('p', { class: 'muted', attrs: { role: 'status' } });
  const node = h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': `${kind.id}-heading` } },
    h('h3', { attrs: { id: `${kind.id}-heading` } }, kind.title),
    status,
    list,
    which === 'tokens' ? newTokenForm(() => refresh()) : null,
  );

  function row(item: Device): HTMLLIElement {
    const label = `Revoke ${item.name}`;
    const revoke = button('Revoke', () => arm(), {
      class: 'text-button danger',
      attrs: { 'aria-label': label, 'data-key': `r${item.id}` },
    });
    let timer: number | undefined;
    const arm = (): void => {
      if (revoke.dataset.armed === 'yes') {
        clearTimeout(timer);
        void attempt(async () => {
          await kind.revoke(item.id);
          toast(`${item.name} can no longer control the box`);
          refresh();
        });
        return;
      }
      revoke.dataset.armed = 'yes';
      revoke.textContent = 'Tap again';
      revoke.setAttribute('aria-label', `Tap again to revoke ${item.name}`);
      timer = window.setTimeout(() => {
        delete revoke.dataset.armed;
        revoke.textContent = 'Revoke';
        revoke.setAttribute('aria-label', label);
      }, ARMED_MS);
    };

    const role = item.role === 'owner' ? 'Owner' : 'Listener';
    const here = item.id === state.session?.credentialId ? ' · this device' : '';
    const sub = `${role}${here} · used ${ago(item.lastUsed)}`;
    return h(
      'li',
      { class: 'row' },
      h(
        'div',
        { class: 'row-main' },
        h('span', { class: 'row-title' }, item.name),
        h('span', { class: 'row-sub' }, sub),
      ),
      h('div', { class: 'row-tools' }, revoke),
    );
  }

  const refresh = (): void => {
    void attempt(async () => {
      const items = await kind.list();
      status.textContent = items.length === 0 ? kind.empty : '';
      replaceKeepingFocus(list, ...items.map(row));
    });
  };
  return { node, refresh };
}
