import test from 'ava';
import { imageScripts, isExecutable, repo } from './helpers.ts';
import { run } from './harness/run.ts';

test('every image script passes shellcheck', async (t) => {
  const scripts = await imageScripts();
  t.true(scripts.length >= 10, `found only ${scripts.join(', ')}`);

  const result = await run('shellcheck', ['--external-sources', ...scripts], { cwd: repo });
  t.is(result.code, 0, result.stdout + result.stderr);
});

test('every image script is executable, as pi-gen runs only executable scripts', async (t) => {
  for (const script of await imageScripts()) {
    t.true(await isExecutable(script), `${script} is not executable`);
  }
});

test('shellcheck does report a broken script, so a pass means something', async (t) => {
  const broken = '#!/bin/bash\nrm -rf $1/*\n';
  const result = await run('bash', ['-c', 'printf "%s" "$1" | shellcheck -', '_', broken]);
  t.not(result.code, 0);
  t.regex(result.stdout, /SC2086/);
});
