/**
 * Browser-test plumbing: the built modeler (built on demand), the real API serving it on port 0, and
 * Debian's Chromium driven by playwright-core with a throw-away profile.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { modelerBuildReason } from '../../../scripts/modeler-build';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'browser');

/**
 * Builds modeler/dist when it is missing or older than its sources, by the same rule as `npm start`
 * and `npm test` (scripts/modeler-build.ts); `npm test` has normally built it before jest starts.
 */
export function ensureModelerBuilt(): void {
  if (!modelerBuildReason()) return;
  execFileSync('npx', ['vite', 'build', '--config', 'modeler/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
}

export interface RunningBrowser {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches headless Chromium with a fresh user-data folder (persistent context, as Chromium needs one). */
export async function launchBrowser(): Promise<RunningBrowser> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000); // generous: the CI machine is small and shared
  return {
    browser: context.browser()!,
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Listens on an ephemeral port and returns the base URL. */
export async function listen(app: (req: never, res: never) => void): Promise<{ url: string; server: Server }> {
  const { createServer } = await import('node:http');
  const server = createServer(app as never);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Saves a full-page screenshot under test-artifacts/browser/. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Signs in through the login form. */
export async function signInAs(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/#/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.app-header');
}

/** Stops what a browser test started, in order: the browser, its HTTP server, the worker (if any), the API. */
export async function closeBrowserStack(parts: {
  browser?: RunningBrowser;
  server?: Server;
  worker?: { stop(): Promise<unknown> };
  api?: { close(): Promise<unknown> };
}): Promise<void> {
  await parts.browser?.close();
  await new Promise<void>((resolve) => (parts.server ? parts.server.close(() => resolve()) : resolve()));
  await parts.worker?.stop();
  await parts.api?.close();
}
