// Builds the playground into playground/dist: type-checks its sources (with
// the DOM library, apart from the root project), then bundles the page script
// and the evaluation worker with esbuild and copies the static files.
// Usage: node playground/build.mjs [--no-check] [--serve[=PORT]]
// --serve skips the type check and serves the page on 127.0.0.1 (default port
// 8080), rebuilding when a request finds the sources changed.
import { build, context } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'dist');
const serveArg = process.argv.find((a) => a === '--serve' || a.startsWith('--serve='));
const port = serveArg?.includes('=') ? Number(serveArg.slice('--serve='.length)) : 8080;
const check = !process.argv.includes('--no-check') && serveArg === undefined;

if (check) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json')], { stdio: 'inherit' });
  } catch {
    console.error('playground: type errors (see above)');
    process.exit(1);
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of ['index.html', 'style.css', 'favicon.svg']) copyFileSync(join(here, f), join(out, f));
const options = {
  entryPoints: { main: join(here, 'src/main.ts'), worker: join(here, 'src/worker.ts') },
  outdir: out,
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  logLevel: 'warning',
  // The gallery's programs are imported as text; its host operations import the package by name.
  loader: { '.metta': 'text' },
  alias: { 'metta-vm': join(here, '../src/index.ts') },
};

if (serveArg !== undefined) {
  const ctx = await context(options);
  const { port: actual } = await ctx.serve({ servedir: out, host: '127.0.0.1', port });
  console.log(`playground: http://127.0.0.1:${actual}/ (Ctrl-C to stop)`);
} else {
  await build(options);
  const kb = (f) => `${(statSync(join(out, f)).size / 1024).toFixed(0)} KiB`;
  console.log(`playground built in ${out}: main.js ${kb('main.js')}, worker.js ${kb('worker.js')}`);
}

