#!/usr/bin/env node
// Browser end-to-end tests of Todo Platform against the real platform binary.
//
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres node run.mjs
//
// Creates a fresh database from TEST_DATABASE_URL, starts the platform on a
// free port (TODO_PLATFORM_BIN, default ../../build/dev/bin/todo-platform)
// serving ../../web/dist, drives Debian's chromium with playwright-core,
// then stops the platform and drops the database. Screenshots and the
// platform's log go to $TEST_OUTPUT_DIR/e2e (default ../../test-output/e2e).
// E2E_ONLY=<regex> runs the tests whose name matches.
//
// E2E_BASE_URL=http://host:port runs the same tests against a system that is
// already running (the distributed one behind its edge, say) instead of
// starting a platform; TEST_DATABASE_URL and TODO_PLATFORM_BIN are then not
// needed.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { apiClient } from './lib/app.mjs';
import { ensureDir, runTests } from './lib/harness.mjs';
import { createDatabase, startPlatform } from './lib/platform.mjs';
import { tests as coreTests } from './specs.mjs';
import { uxTests } from './specs-ux.mjs';
import { viewTests } from './specs-views.mjs';

const tests = [...coreTests, ...uxTests, ...viewTests];

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 45_000);

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function fail(message) {
  console.error(`e2e: ${message}`);
  process.exit(2);
}

const baseUrl = process.env.E2E_BASE_URL;
const adminUrl = process.env.TEST_DATABASE_URL;
if (!baseUrl && !adminUrl) fail('set TEST_DATABASE_URL to a PostgreSQL URL the tests may create databases on (e.g. postgresql://postgres@127.0.0.1:55432/postgres)');
const bin = path.resolve(here, process.env.TODO_PLATFORM_BIN ?? '../../build/dev/bin/todo-platform');
if (!baseUrl && !fs.existsSync(bin)) fail(`no platform binary at ${bin} (build it, or set TODO_PLATFORM_BIN)`);
const webRoot = path.resolve(root, 'web/dist');
if (!fs.existsSync(path.join(webRoot, 'index.html'))) fail(`no built web app at ${webRoot} (cd web && npm ci && npm run build)`);
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromiumPath)) fail(`no chromium at ${chromiumPath} (apt-get install chromium)`);
const outDir = ensureDir(path.join(process.env.TEST_OUTPUT_DIR ?? path.join(root, 'test-output'), baseUrl ? 'e2e-system' : 'e2e'));
for (const f of fs.readdirSync(outDir)) if (f.startsWith('FAILED-')) fs.rmSync(path.join(outDir, f));

const started = Date.now();
let db = null;
let platform = null;
let browser = null;

async function cleanup() {
  if (browser) await browser.close().catch(() => undefined);
  browser = null;
  if (platform) {
    const exit = await platform.stop().catch(() => null);
    if (exit && exit.code !== 0 && exit.signal == null) console.log(`  (platform exited with code ${exit.code} on SIGTERM; log: ${path.join(outDir, 'platform.log')})`);
  }
  platform = null;
  if (db) await db.drop().catch((e) => console.error(`e2e: could not drop database ${db.name}: ${e.message}`));
  db = null;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\ne2e: ${sig}, cleaning up`);
    cleanup().finally(() => process.exit(130));
  });
}

let results = [];
try {
  let url = baseUrl;
  if (!url) {
    db = await createDatabase(adminUrl);
    platform = startPlatform({ bin, databaseUrl: db.url, webRoot, logFile: path.join(outDir, 'platform.log') });
    ({ url } = await platform.ready);
  }
  browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true });
  console.log(`e2e: ${baseUrl ? 'system' : 'platform'} ${url}${db ? ` (database ${db.name})` : ''}, chromium ${browser.version()}, output ${outDir}`);

  const shot = async (page, name) => {
    await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: false });
  };
  results = await runTests(tests, {
    browser,
    outDir,
    timeoutMs: TEST_TIMEOUT_MS,
    baseURL: url,
    extras: {
      api: apiClient(url),
      shot,
      // The README's picture comes from the embedded run only.
      docsScreenshot: baseUrl ? path.join(outDir, 'docs-screenshot.png') : path.join(root, 'docs/screenshot.png'),
    },
  });
  if (platform && platform.exited()) {
    results.push({ name: 'platform stayed up', ok: false, ms: 0, error: new Error(`platform exited during the tests: ${JSON.stringify(platform.exited())}`) });
    console.log(`  ✗ the platform exited during the tests (${JSON.stringify(platform.exited())}); see ${path.join(outDir, 'platform.log')}`);
  }
} catch (e) {
  console.error(`e2e: setup failed: ${e.stack || e.message}`);
  results.push({ name: 'setup', ok: false, ms: 0, error: e });
} finally {
  await cleanup();
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`e2e: ${((Date.now() - started) / 1000).toFixed(1)} s, screenshots in ${outDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
