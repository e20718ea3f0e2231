/**
 * Factory reset, for owners: wipes the index, state, settings, paired devices and tokens, and
 * restarts the box. The button only wakes up once the exact words are typed, the same words
 * the API asks for, so neither a stray tap nor a confused script can do it.
 */
import * as api from '../api.ts';
import { h, replace } from '../dom.ts';
import { attempt } from '../toast.ts';

const PHRASE = 'erase this box';

export function factoryResetSection(): HTMLElement {
  const words = h('input', {
    attrs: { id: 'reset-words', type: 'text', autocomplete: 'off', spellcheck: false },
  });
  const go = h(
    'button',
    { class: 'danger-button', attrs: { type: 'submit', disabled: true } },
    'Reset this box',
  );
  const outcome = h('p', { attrs: { role: 'status' } });
  const form = h(
    'form',
    { class: 'token-form' },
    h('label', { attrs: { for: 'reset-words' } }, `To confirm, type: ${PHRASE}`),
    words,
    go,
  );
  words.addEventListener('input', () => {
    go.disabled = words.value.trim() !== PHRASE;
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (words.value.trim() !== PHRASE) return;
    go.disabled = true;
    void attempt(async () => {
      await api.system.factoryReset(PHRASE);
      replace(
        outcome,
        'The box is restarting and will come back as it shipped. Pair this phone again then.',
      );
      words.value = '';
    });
  });

  return h(
    'section',
    { class: 'panel', attrs: { 'aria-labelledby': 'reset-heading' } },
    h('h3', { attrs: { id: 'reset-heading' } }, 'Factory reset'),
    h(
      'p',
      { class: 'muted' },
      'Forgets the library index, the queue, settings, paired devices and tokens. ',
      'The music on the drive is not touched.',
    ),
    form,
    outcome,
  );
}
