import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The core must run in a browser: the compiled syntax layer imports no Node built-ins.
test('src/syntax imports no node:* modules', () => {
  const dir = fileURLToPath(new URL('../../src/syntax/', import.meta.url));
  const files = readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.ok(files.length >= 6, `compiled syntax files found in ${dir}`);
  for (const f of files) {
    const text = readFileSync(dir + f, 'utf8');
    assert.doesNotMatch(text, /from\s+['"](node:|fs|path|url|os)['"/]/, f);
  }
});
