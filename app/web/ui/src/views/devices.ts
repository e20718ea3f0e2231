/**
 * Paired devices, for owners: name, role, last use, and revoke. Revoking asks for a second tap
 * on the same button, so a stray thumb cannot lock a family member out.
 */
import * as api from '../api.ts';
import { button, h, replaceKeepingFocus } from '../dom.ts';
import { ago } from '../format.ts';
import { state } from '../store.ts';
import { attempt, toast } from '../toast.ts';
import type { Device } from '../wire.ts';

const ARMED_MS = 4000;

export function devicesSection(): { node: HTMLElement; refresh: () => void } {
  const list = h('ul', { class: 'list', attrs: { 'aria-label': 'Paired devices' } });
  const status = h('p', { class: 'muted', attrs: { role: 'status' } });
  const node = h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': 'devices-heading' } },
    h('h3', { attrs: { id: 'devices-heading' } }, 'Paired devices'),
    status,
    list,
  );

  function row(device: Device): HTMLLIElement {
    const revoke = button('Revoke', () => arm(), {
      class: 'text-button danger',
      attrs: { 'aria-label': `Revoke ${device.name}`, 'data-key': `r${device.id}` },
    });
    let timer: number | undefined;
    const arm = (): void => {
      if (revoke.dataset.armed === 'yes') {
        clearTimeout(timer);
        void attempt(async () => {
          await api.devices.revoke(device.id);
          toast(`${device.name} can no longer control the box`);
          refresh();
        });
        return;
      }
      revoke.dataset.armed = 'yes';
      revoke.textContent = 'Tap again';
      revoke.setAttribute('aria-label', `Tap again to revoke ${device.name}`);
      timer = window.setTimeout(() => {
        delete revoke.dataset.armed;
        revoke.textContent = 'Revoke';
        revoke.setAttribute('aria-label', `Revoke ${device.name}`);
      }, ARMED_MS);
    };

    const role = device.role === 'owner' ? 'Owner' : 'Listener';
    const here = device.id === state.session?.credentialId ? ' · this device' : '';
    const sub = `${role}${here} · used ${ago(device.lastUsed)}`;
    return h(
      'li',
      { class: 'row' },
      h(
        'div',
        { class: 'row-main' },
        h('span', { class: 'row-title' }, device.name),
        h('span', { class: 'row-sub' }, sub),
      ),
      h('div', { class: 'row-tools' }, revoke),
    );
  }

  const refresh = (): void => {
    void attempt(async () => {
      const devices = await api.devices.list();
      status.textContent = devices.length === 0 ? 'No devices are paired.' : '';
      replaceKeepingFocus(list, ...devices.map(row));
    });
  };
  return { node, refresh };
}
