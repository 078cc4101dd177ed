// End-to-end test of the playground in Debian's Chromium, driven by
// playwright-core (which never downloads a browser). Run it with
// `npm run test:e2e`: that installs Chromium if needed (test/e2e/setup.sh),
// builds the project and the playground, then runs this file. It serves
// playground/dist on 127.0.0.1 and saves screenshots in test-artifacts/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { serveStatic, type StaticServer } from './server.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const site = join(root, 'playground', 'dist');
const artifacts = join(root, 'test-artifacts');
const executablePath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

// A closed network: no background requests, no component updates, no QUIC.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long the page may take to show a result. */
const WAIT_MS = 15_000;

describe('playground in Chromium', { timeout: 120_000 }, () => {
  let server: StaticServer;
  let profile: string;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(existsSync(join(site, 'index.html')), `no ${site}/index.html: run npm run playground:build`);
    assert.ok(existsSync(executablePath), `no Chromium at ${executablePath}: run bash test/e2e/setup.sh`);
    mkdirSync(artifacts, { recursive: true });
    server = await serveStatic(site);
    // A fresh profile per run (Playwright takes it as userDataDir, i.e. --user-data-dir).
    profile = mkdtempSync(join(tmpdir(), 'metta-e2e-profile-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 720 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) pageErrors.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
    await page.goto(server.url);
    await page.locator('.cm-content').waitFor({ timeout: WAIT_MS });
  });

  after(async () => {
    await context?.close();
    await server?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  /** The output pane, one string per line. */
  const outputLines = (): Promise<string[]> => page.locator('#output .line').allTextContents();

  const waitForOutput = async (text: string): Promise<void> => {
    await page.locator('#output .line').getByText(text, { exact: true }).first().waitFor({ timeout: WAIT_MS });
  };

  const waitUntilIdle = async (): Promise<void> => {
    await page.locator('#run:not([disabled])').waitFor({ timeout: WAIT_MS });
  };

  const setProgram = async (text: string): Promise<void> => {
    await page.locator('.cm-content').fill(text);
  };

  it('opens with the first example in the editor and a ready status', async () => {
    assert.equal(await page.title(), 'MeTTa playground · metta-vm');
    assert.match(await page.locator('.cm-content').innerText(), /Hello from MeTTa/);
    assert.match(await page.locator('#status').innerText(), /^Ready/);
    assert.equal(await page.locator('#stop').isDisabled(), true);
  });

  it('typing !(+ 1 2) and clicking Run shows [3]', async () => {
    await page.locator('.cm-content').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('!(+ 1 2)');
    assert.equal(await page.locator('.cm-content').innerText(), '!(+ 1 2)');
    await page.locator('#run').click();
    await waitForOutput('[3]');
    await waitUntilIdle();
    assert.deepEqual(await outputLines(), ['[3]']);
    assert.match(await page.locator('#status').innerText(), /^Done: 1 form in \d+ ms$/);
    await page.screenshot({ path: join(artifacts, 'playground.png') });
  });

  it('runs the nondeterminism example: every result of every form', async () => {
    await page.locator('#examples').selectOption('Nondeterminism');
    assert.match(await page.locator('.cm-content').innerText(), /superpose/);
    await page.locator('#run').click();
    await waitForOutput('[(0 5), (1 4), (2 3), (3 2), (4 1), (5 0)]');
    await waitUntilIdle();
    assert.deepEqual(await outputLines(), [
      '[heads, tails]',
      '[(pair heads heads), (pair heads tails), (pair tails heads), (pair tails tails)]',
      '[1, 2, 3]',
      '[(11 12 13)]',
      '[(0 5), (1 4), (2 3), (3 2), (4 1), (5 0)]',
    ]);
    await page.screenshot({ path: join(artifacts, 'playground-nondeterminism.png') });
  });

  it('the Hello example prints println! output and results', async () => {
    await page.locator('#examples').selectOption('Hello');
    await page.keyboard.press('ControlOrMeta+Enter');
    await waitForOutput('[3628800]');
    await waitUntilIdle();
    assert.deepEqual(await outputLines(), ['Hello from MeTTa', '[()]', '[Ann, Liz]', '[7]', '[3628800]', '[a, b, c]']);
  });

  it('sets Error results apart in the output, not only in the status bar', async () => {
    await page.locator('#examples').selectOption('Errors');
    await page.locator('#run').click();
    await waitForOutput('[(Error (car-atom ()) "car-atom expects a non-empty expression as an argument")]');
    await waitUntilIdle();
    const marked = page.locator('#output .line.result.has-error');
    assert.equal(await marked.count(), 1);
    assert.match(await marked.innerText(), /^\[\(Error \(car-atom \(\)\)/);
    // The form after it never ran, and the output says so.
    assert.equal((await outputLines()).at(-1), '1 form after it not run');
    // Styled: its colour and background differ from an ordinary result's.
    type Styles = { getComputedStyle(e: unknown): { color: string; backgroundColor: string; boxShadow: string } };
    const style = (sel: string): Promise<string[]> => page.locator(sel).first().evaluate((e) => {
      const s = (globalThis as unknown as Styles).getComputedStyle(e);
      return [s.color, s.backgroundColor, s.boxShadow];
    });
    const plain = await style('#output .line.result:not(.has-error)');
    const error = await style('#output .line.result.has-error');
    assert.notEqual(error[0], plain[0]);
    assert.notEqual(error[1], plain[1]);
    assert.notEqual(error[2], 'none');
    await page.screenshot({ path: join(artifacts, 'playground-error.png') });
  });

  it('offers the examples/ gallery in the Examples menu; the host-function and modules examples run', async () => {
    const names = await page.locator('#examples option:not([disabled])').allTextContents();
    for (const n of ['Hello', 'Nondeterminism', 'Types', 'Spaces and match', 'States', 'Modules', 'Host functions', 'Errors', 'Recursion']) {
      assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    }
    await page.locator('#examples').selectOption('Host functions');
    await page.locator('#run').click();
    await waitForOutput('["A!", "B!"]');
    await waitUntilIdle();
    assert.deepEqual((await outputLines()).slice(0, 4), ['[4]', '["HELLO!"]', '["A!", "B!"]', '[1024]']);
    await page.locator('#examples').selectOption('Modules');
    await page.locator('#run').click();
    await waitForOutput('[(* $x $x)]');
    await waitUntilIdle();
    assert.deepEqual(await outputLines(), ['[()]', '[12]', '[25]', '[()]', '[(* $x $x)]']);
  });

  it('runs on either engine', async () => {
    for (const engine of ['tree', 'vm']) {
      await page.locator('#engine').selectOption(engine);
      await setProgram('(= (double $x) (* 2 $x))\n!(double 21)\n');
      await page.locator('#run').click();
      await waitForOutput('[42]');
      await waitUntilIdle();
      assert.deepEqual(await outputLines(), ['[42]'], engine);
    }
  });

  it('shows parse errors with their position and runs the other forms', async () => {
    await setProgram('!(+ 1 2))\n!(* 6 7)\n');
    await page.locator('#run').click();
    await waitForOutput('[42]');
    await waitUntilIdle();
    const lines = await outputLines();
    assert.equal(lines[0], '[3]');
    assert.match(lines[1] ?? '', /^program\.metta:1:9: Unexpected right bracket/);
    assert.equal(lines[2], '[42]');
    assert.equal(await page.locator('#output .line.error').count(), 1);
  });

  it('Stop ends a runaway program, and the next run works', async () => {
    await page.locator('#examples').selectOption('Runaway loop');
    await page.locator('#run').click();
    await waitForOutput('counting...');
    assert.equal(await page.locator('#stop').isEnabled(), true);
    assert.match(await page.locator('#status').innerText(), /^Running/);
    await page.waitForTimeout(300);
    await page.locator('#stop').click();
    await waitUntilIdle();
    assert.match(await page.locator('#status').innerText(), /^Stopped after \d+\.\d s$/);
    assert.equal(await page.locator('#stop').isDisabled(), true);
    await page.screenshot({ path: join(artifacts, 'playground-stopped.png') });

    await setProgram('!(+ 1 2)');
    await page.locator('#run').click();
    await waitForOutput('[3]');
    await waitUntilIdle();
    assert.deepEqual(await outputLines(), ['[3]']);
  });

  it('logged no page or console errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
