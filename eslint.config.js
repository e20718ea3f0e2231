import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// Architecture rules (docs/architecture.md): these import bans keep the dependency
// directions true, so a change that breaks them fails lint rather than review.
const banned = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'bench/out/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    files: ['app/core/**'],
    rules: banned(
      ['**/web/**', '**/audio/**', '**/library/**', '**/hardware/**', '**/cli/**', '**/main*'],
      'Core receives its collaborators through interfaces; only app/main.ts wires parts.',
    ),
  },
  {
    files: ['app/library/**', 'app/audio/**', 'hardware/**'],
    rules: banned(
      ['**/web/**', '**/cli/**', '**/main*'],
      'Library, Audio and Hardware serve any frontend and import none.',
    ),
  },
  {
    // Each OS interface in hardware/ has exactly one adapter module (docs/hardware.md): only
    // those may start processes or load the notify addon. Repeats the ban above, because a
    // later block's no-restricted-imports replaces an earlier one for the same files.
    files: ['hardware/**'],
    ignores: [
      'hardware/input/evdev-reader.ts',
      'hardware/input/gpiomon-reader.ts',
      'hardware/mixer/amixer-process.ts',
      'hardware/systemd/notify-socket.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['child_process', 'node:child_process', 'unix-dgram', 'node:module'].map(
            (name) => ({ name, message: 'Only the adapter modules of hardware/ reach the OS.' }),
          ),
          patterns: [
            {
              group: ['**/web/**', '**/cli/**', '**/main*'],
              message: 'Library, Audio and Hardware serve any frontend and import none.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['app/web/**'],
    rules: banned(
      ['**/audio/**', '**/hardware/**', '**/library/**', '**/system/**'],
      'Web drives Core through the interfaces Main hands it; it never reaches devices or files.',
    ),
  },
  {
    // The browser UI shows text from music tags: it builds the page from text nodes only, so
    // nothing that parses HTML from a string may appear there.
    files: ['app/web/ui/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Build nodes with h() from dom.ts; tag text must never be parsed as HTML.',
        },
      ],
      'no-restricted-properties': [
        'error',
        ...['insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment'].map((p) => ({
          property: p,
          message: 'Build nodes with h() from dom.ts; tag text must never be parsed as HTML.',
        })),
      ],
    },
  },
  {
    files: ['app/cli/**', 'scripts/**', 'bench/**', 'test/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
