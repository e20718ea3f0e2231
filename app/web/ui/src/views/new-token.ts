/**
 * Creating a script token, for owners: a name and a role in, the token out, shown here once
 * and never again (the box keeps only its hash). Scripts and home-automation send it as
 * `Authorization: Bearer <token>`.
 */
import * as api from '../api.ts';
import { h, replace } from '../dom.ts';
import { attempt, toast } from '../toast.ts';

export function newTokenForm(onCreated: () => void): HTMLElement {
  const name = h('input', {
    attrs: { id: 'token-name', type: 'text', maxlength: 64, autocomplete: 'off', required: true },
  });
  const role = h(
    'select',
    { attrs: { id: 'token-role' } },
    h('option', { attrs: { value: 'listener', selected: true } }, 'Listener: play and browse'),
    h('option', { attrs: { value: 'owner' } }, 'Owner: also settings and credentials'),
  );
  const create = h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Create token');
  const result = h('div', { attrs: { 'aria-live': 'polite' } });
  const form = h(
    'form',
    { class: 'token-form' },
    h('label', { attrs: { for: 'token-name' } }, 'New token for'),
    name,
    h('label', { attrs: { for: 'token-role' } }, 'It may'),
    role,
    create,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const wanted = name.value.trim();
    if (!wanted) return;
    create.disabled = true;
    void attempt(async () => {
      const made = await api.tokens.create(wanted, role.value === 'owner' ? 'owner' : 'listener');
      name.value = '';
      replace(result, shownOnce(made.name, made.token));
      onCreated();
    }).finally(() => {
      create.disabled = false;
    });
  });

  return h('div', {}, form, result);
}

/** The token in a read-only field, selected for copying, with a copy button where allowed. */
function shownOnce(name: string, token: string): HTMLElement {
  const field = h('input', {
    class: 'token-value',
    attrs: { id: 'token-value', type: 'text', readonly: true, value: token, spellcheck: false },
  });
  // The clipboard API needs a secure context; on plain HTTP the field is selected instead.
  const copy = h('button', { attrs: { type: 'button' } }, 'Copy');
  copy.addEventListener('click', () => {
    field.select();
    if (!navigator.clipboard) return;
    void attempt(async () => {
      await navigator.clipboard.writeText(token);
      toast('Token copied');
    });
  });
  const panel = h(
    'div',
    { class: 'token-made' },
    h(
      'label',
      { attrs: { for: 'token-value' } },
      `Token for ${name}: copy it now, it is not shown again`,
    ),
    field,
    copy,
  );
  queueMicrotask(() => field.select());
  return panel;
}
