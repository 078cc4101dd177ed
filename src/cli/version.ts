// The package version, read from package.json at run time so it is never
// restated in code. The compiled file sits at dist/src/cli/version.js.
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const text = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8');
  const pkg: unknown = JSON.parse(text);
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string') return pkg.version;
  return 'unknown';
}
