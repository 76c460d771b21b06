/**
 * `npm run bench:modeler`: opens generated diagrams of 100, 1,000 and 3,000 elements in the built
 * modeler in headless Chromium and measures time to first render (importXML resolved, shapes drawn)
 * and to interactive (an element selected and the properties panel rendered for it).
 * The API is not needed: a tiny static server answers the two calls the modeler page makes.
 * The last line printed is one JSON object with the figures. Goal: 1,000 elements under 2 s.
 */
import { readFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { ensureModelerBuilt } from '../tests/browser/support/browser';

const DIST = path.resolve(__dirname, '..', 'modeler', 'dist');
const SIZES = [100, 1000, 3000];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.eot': 'application/vnd.ms-fontobject' };

/** A process of `elements` BPMN elements: rows of tasks joined by sequence flows (shapes + flows = elements). */
function generate(elements: number): string {
  const nodes = Math.ceil((elements + 1) / 2);
  const perRow = 20;
  const shapes: string[] = [];
  const di: string[] = [];
  const flows: string[] = [];
  const pos = (i: number): { x: number; y: number } => ({ x: 100 + (i % perRow) * 150, y: 80 + Math.floor(i / perRow) * 140 });
  for (let i = 0; i < nodes; i++) {
    const id = i === 0 ? 'Start' : i === nodes - 1 ? 'End' : `Task_${i}`;
    const tag = i === 0 ? 'startEvent' : i === nodes - 1 ? 'endEvent' : i % 3 === 0 ? 'serviceTask' : 'userTask';
    const inc = i > 0 ? `<bpmn:incoming>Flow_${i - 1}</bpmn:incoming>` : '';
    const out = i < nodes - 1 ? `<bpmn:outgoing>Flow_${i}</bpmn:outgoing>` : '';
    shapes.push(`<bpmn:${tag} id="${id}" name="Step ${i}">${inc}${out}</bpmn:${tag}>`);
    const { x, y } = pos(i);
    const event = i === 0 || i === nodes - 1;
    di.push(`<bpmndi:BPMNShape id="${id}_di" bpmnElement="${id}"><dc:Bounds x="${x}" y="${event ? y + 22 : y}" width="${event ? 36 : 100}" height="${event ? 36 : 80}" /></bpmndi:BPMNShape>`);
  }
  for (let i = 0; i < nodes - 1; i++) {
    const src = i === 0 ? 'Start' : `Task_${i}`;
    const tgt = i + 1 === nodes - 1 ? 'End' : `Task_${i + 1}`;
    flows.push(`<bpmn:sequenceFlow id="Flow_${i}" sourceRef="${src}" targetRef="${tgt}" />`);
    const a = pos(i);
    const b = pos(i + 1);
    di.push(`<bpmndi:BPMNEdge id="Flow_${i}_di" bpmnElement="Flow_${i}"><di:waypoint x="${a.x + 100}" y="${a.y + 40}" /><di:waypoint x="${b.x}" y="${b.y + 40}" /></bpmndi:BPMNEdge>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="Defs_bench" targetNamespace="http://touchpoint.dev/bench">
<bpmn:process id="Process_bench" isExecutable="true">${shapes.join('')}${flows.join('')}</bpmn:process>
<bpmndi:BPMNDiagram id="D"><bpmndi:BPMNPlane id="P" bpmnElement="Process_bench">${di.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}

async function main(): Promise<void> {
  ensureModelerBuilt();
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/service-task-types') {
      res.setHeader('Content-Type', 'application/json');
      res.end('[{"type":"echo","description":"bench"}]');
      return;
    }
    const file = path.join(DIST, url === '/' ? 'index.html' : path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(DIST) || !existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
  const results: Record<string, { elements: number; firstRenderMs: number; interactiveMs: number; shapes: number }> = {};
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/#/login`);
    await page.evaluate(() => {
      localStorage.setItem('tp.token', 'bench');
      localStorage.setItem('tp.user', JSON.stringify({ username: 'bench', roles: ['admin'] }));
      localStorage.setItem('tp.lang', 'en');
    });
    for (const size of SIZES) {
      await page.goto(`${base}/#/processes`);
      await page.goto(`${base}/#/modeler`);
      await page.waitForFunction(() => !!(window as unknown as { tpModeler?: unknown }).tpModeler && document.querySelector('.djs-element') !== null);
      const xml = generate(size);
      const m = await page.evaluate(async (text) => {
        const modeler = (window as unknown as { tpModeler: { importXML(x: string): Promise<unknown>; get(n: string): { get(id: string): unknown; select(e: unknown): void } } }).tpModeler;
        const t0 = performance.now();
        await modeler.importXML(text);
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const t1 = performance.now();
        const target = modeler.get('elementRegistry').get('Task_1');
        modeler.get('selection').select(target);
        while (!document.querySelector('.bio-properties-panel-header-label')?.textContent?.includes('Step 1')) {
          await new Promise((r) => requestAnimationFrame(() => r(null)));
        }
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const t2 = performance.now();
        return { firstRenderMs: Math.round(t1 - t0), interactiveMs: Math.round(t2 - t0), shapes: document.querySelectorAll('.djs-element').length };
      }, xml);
      results[String(size)] = { elements: size, ...m };
      console.log(`${size} elements: first render ${m.firstRenderMs} ms, interactive ${m.interactiveMs} ms (${m.shapes} SVG elements)`);
    }
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    server.close();
  }
  const oneThousand = results['1000'];
  console.log(JSON.stringify({ bench: 'modeler', results, goal1000Under2s: oneThousand ? oneThousand.interactiveMs < 2000 : false }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
