/**
 * The modeler's everyday tools against the real API: minimap, keyboard shortcuts, download of XML and
 * SVG, import by drag and drop, and token simulation before deploying.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import { createTestApi, PASSWORD, type TestApi } from '../api/helpers';
import { closeBrowserStack, ensureModelerBuilt, launchBrowser, listen, signInAs, snap, type RunningBrowser } from './support/browser';

const ROUTING = readFileSync(path.join(__dirname, 'fixtures', 'routing.bpmn'), 'utf8');

let api: TestApi;
let server: Server;
let base: string;
let browser: RunningBrowser;

beforeAll(async () => {
  ensureModelerBuilt();
  api = await createTestApi('browser-tools');
  ({ url: base, server } = await listen(api.app as never));
  browser = await launchBrowser();
  await signInAs(browser.page, base, 'process-owner-user', PASSWORD);
}, 180_000);

afterAll(() => closeBrowserStack({ browser, server, api }));

/** Opens a fresh modeler page and drops the routing diagram onto the canvas, as a user dragging a file would. */
async function openRoutingByDrop(): Promise<void> {
  const { page } = browser;
  await page.goto(`${base}/#/processes`);
  // A new diagram comes back as the session draft; start from the blank one each time.
  await page.evaluate(() => sessionStorage.removeItem('tp.modeler.draft'));
  await page.goto(`${base}/#/modeler`);
  await page.waitForSelector('.djs-element[data-element-id=Task_1]');
  const dataTransfer = await page.evaluateHandle((xml) => {
    const dt = new DataTransfer();
    dt.items.add(new File([xml], 'routing.bpmn', { type: 'application/xml' }));
    return dt;
  }, ROUTING);
  await page.dispatchEvent('[data-testid=canvas]', 'dragover', { dataTransfer });
  await page.dispatchEvent('[data-testid=canvas]', 'drop', { dataTransfer });
  await page.waitForSelector('.djs-element[data-element-id=Gateway_amount]');
}

test('when a .bpmn file is dropped on the canvas, then it opens in place of the current diagram', async () => {
  await openRoutingByDrop();
  expect(await browser.page.locator('.djs-element[data-element-id=Task_1]').count()).toBe(0);
});

test('when the minimap is toggled, then it opens over the canvas', async () => {
  const { page } = browser;
  await openRoutingByDrop();
  await page.waitForSelector('.djs-minimap:not(.open)');
  await page.click('.djs-minimap .toggle');
  await page.waitForSelector('.djs-minimap.open .map');
  await snap(page, '20-minimap');
});

test('when an element is selected and Delete pressed, then it is gone, and Ctrl+Z brings it back', async () => {
  const { page } = browser;
  await openRoutingByDrop();
  await page.click('.djs-element[data-element-id=Task_review]');
  await page.keyboard.press('Delete');
  await page.waitForSelector('.djs-element[data-element-id=Task_review]', { state: 'detached' });
  await page.keyboard.press('Control+z');
  await page.waitForSelector('.djs-element[data-element-id=Task_review]');
});

test('when BPMN and SVG are downloaded, then the files hold the diagram', async () => {
  const { page } = browser;
  await openRoutingByDrop();
  const [xmlFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-xml]')]);
  expect(xmlFile.suggestedFilename()).toBe('Refund routing.bpmn');
  const xml = readFileSync(await xmlFile.path(), 'utf8');
  expect(xml).toContain('<bpmn:exclusiveGateway id="Gateway_amount"');
  const [svgFile] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=download-svg]')]);
  expect(svgFile.suggestedFilename()).toBe('Refund routing.svg');
  const svg = readFileSync(await svgFile.path(), 'utf8');
  expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
  expect(svg).toContain('data-element-id="Gateway_amount"');
  expect(svg).toContain('>Refund asked<');
});

test('when token simulation runs from the start event, then a token travels the flow and the process finishes', async () => {
  const { page } = browser;
  await openRoutingByDrop();
  await page.click('[data-action=simulate]');
  await page.waitForSelector('.simulation .bts-context-pad');
  await page.click('[data-container-id=Start_1] .bts-context-pad');
  await page.waitForSelector('.bts-element-notification:has-text("Finished")', { timeout: 60_000 });
  await snap(page, '21-token-simulation');
  await page.click('[data-action=simulate]');
  await page.waitForSelector('.simulation', { state: 'detached' });
});
