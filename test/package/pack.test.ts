// The published package, checked the way a user meets it: `npm pack` the
// compiled tree, install the tarball into an empty project, run `npx metta`,
// import the ESM entry, and type-check a consumer against the shipped
// declarations. The package has no runtime dependencies, so the install runs
// with --offline: no network is needed. Takes a few seconds (npm starts thrice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

interface PackEntry {
  readonly filename: string;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

function run(cmd: string, args: readonly string[], cwd: string, input?: string): string {
  return execFileSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(input !== undefined ? { input } : {}),
    env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' },
  });
}

test('npm pack gives a package that installs into an empty project and runs', async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'metta-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  // The compiled tree is already built (npm test builds first); --ignore-scripts
  // keeps `prepare` from rebuilding it here.
  const packed: PackEntry[] = JSON.parse(run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root));
  const entry = packed[0];
  assert.ok(entry !== undefined, 'npm pack reported no tarball');
  const files = new Set(entry.files.map((f) => f.path));

  await t.test('the tarball holds the entry points, declarations, the command and the README', () => {
    for (const f of ['package.json', 'README.md', 'bin/metta', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli/main.js', 'dist/src/repl/index.js']) {
      assert.ok(files.has(f), `${f} is in the package`);
    }
    for (const f of files) {
      assert.ok(f === 'package.json' || f === 'README.md' || f === 'LICENSE' || f.startsWith('bin/') || f.startsWith('dist/src/'), `${f} should not be packed`);
      assert.ok(!f.endsWith('.map'), `${f}: source maps point at sources the package does not ship`);
    }
  });

  await t.test('every compiled file comes from a current source (no stale output from a deleted one)', () => {
    for (const f of files) {
      if (!f.startsWith('dist/src/') || !f.endsWith('.js')) continue;
      const source = join(root, f.slice('dist/'.length).replace(/\.js$/, '.ts'));
      assert.ok(existsSync(source), `${f} has no ${source}: remove dist/ and rebuild before packing`);
    }
  });

  const app = join(work, 'app');
  const deps: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies;
  const hasDeps = typeof deps === 'object' && deps !== null && Object.keys(deps).length > 0;
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  run(npm, ['install', hasDeps ? '--prefer-offline' : '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, entry.filename)], app);

  await t.test('npx metta runs a file', () => {
    writeFileSync(join(app, 'hello.metta'), '(friend Ann Bob)\n!(println! "Hello")\n!(+ 1 2)\n!(match &self (friend Ann $x) $x)\n');
    const out = run(npx, ['--offline', 'metta', 'hello.metta'], app);
    assert.equal(out, 'Hello\n[()]\n[3]\n[Bob]\n');
  });

  await t.test('the package imports as ESM by its name', () => {
    const code = "import { MeTTa, formatResults } from 'metta-vm'; console.log(new MeTTa().run('!(superpose (1 2))').map(formatResults).join(' '));";
    assert.equal(run(process.execPath, ['--input-type=module', '-e', code], app), '[1, 2]\n');
  });

  await t.test('metta-vm/node gives Node hosts confined file access', () => {
    mkdirSync(join(app, 'lib'));
    writeFileSync(join(app, 'lib', 'greet.metta'), '(= (greet) hi)\n');
    const code = "import { MeTTa, formatResults } from 'metta-vm'; import { confinedFiles } from 'metta-vm/node';"
      + " const m = new MeTTa({ files: confinedFiles('lib') }); console.log(formatResults(m.run('!(import! &self greet) !(greet)')[1]));";
    assert.equal(run(process.execPath, ['--input-type=module', '-e', code], app), '[hi]\n');
  });

  await t.test('its type declarations check a TypeScript consumer (no Node types needed)', () => {
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [],
        strict: true, noEmit: true, skipLibCheck: false, exactOptionalPropertyTypes: true,
      },
      files: ['consumer.ts'],
    }));
    writeFileSync(join(app, 'consumer.ts'), [
      "import { MeTTa, formatResults, parseAtom, format, type Atom, type MeTTaOptions } from 'metta-vm';",
      "const options: MeTTaOptions = { engine: 'tree', maxSteps: 1000, print: (line: string) => void line };",
      'const metta = new MeTTa(options);',
      "const results: Atom[][] = metta.run('!(+ 1 2)');",
      'export const text: string = results.map(formatResults).join() + format(parseAtom("(a b)"));',
      '// @ts-expect-error: the engine is a closed set of names',
      "export const bad = new MeTTa({ engine: 'fast' });",
      '',
    ].join('\n'));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    try {
      run(process.execPath, [tsc, '-p', app], app);
    } catch (e) {
      const out = e !== null && typeof e === 'object' && 'stdout' in e ? String(e.stdout) : String(e);
      assert.fail(`tsc rejected the consumer:\n${out}`);
    }
  });

  // Nothing was left behind in the repository by packing.
  assert.deepEqual(readdirSync(root).filter((f) => f.endsWith('.tgz')), []);
});
