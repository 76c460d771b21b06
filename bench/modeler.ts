/**
 * `npm run bench:modeler`: opens generated diagrams of 100, 1,000 and 3,000 elements in the built
 * modeler in headless Chromium and measures, per size (median of BENCH_ROUNDS rounds, default 3):
 * - cold: a fresh page load of `#/modeler` with the diagram as the session draft, until its shapes are
 *   drawn (coldFirstRenderMs) and until selecting a task shows it in the properties panel (coldInteractiveMs);
 * - warm: importXML into the open modeler until drawn (firstRenderMs), until a selection shows in the
 *   panel (interactiveMs), until bpmnlint has reported (lintedMs); one rename until drawn (editDrawnMs)
 *   and until linted again (editLintedMs, which includes the modeler's lint debounce after edits).
 * BENCH_BASELINE_DIST names another build measured in the same run, alternating with the current one,
 * so that before/after figures share the machine's load. BENCH_PROFILE=1 prints the functions with the
 * most self time for 1,000 elements (BENCH_PROFILE_OUT=file.cpuprofile keeps the profile).
 * The API is not needed: a tiny static server answers the one call the modeler page makes.
 * The last line printed is one JSON object with the figures. Goal: 1,000 elements under 2 s.
 */
import { readFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ensureModelerBuilt } from '../tests/browser/support/browser';

const CURRENT = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.resolve(__dirname, '..', 'modeler', 'dist');
const BASELINE = process.env.BENCH_BASELINE_DIST ? path.resolve(process.env.BENCH_BASELINE_DIST) : undefined;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const SIZES = (process.env.BENCH_SIZES ?? '100,1000,3000').split(',').map(Number);
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.eot': 'application/vnd.ms-fontobject' };

type Figures = Record<'coldFirstRenderMs' | 'coldInteractiveMs' | 'firstRenderMs' | 'interactiveMs' | 'lintedMs' | 'editDrawnMs' | 'editLintedMs', number>;

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

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Starts the V8 CPU profiler in the page; the returned function stops it and gives the profile. */
async function startProfile(page: Page): Promise<() => Promise<{ nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  return async () => (await cdp.send('Profiler.stop')).profile as unknown as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
}

/** Prints the functions with the most self time (BENCH_PROFILE=1, best with an unminified BENCH_DIST). */
async function printProfile(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }): Promise<void> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    if (!n) return;
    const key = `${n.callFrame.functionName || '(anonymous)'} ${path.basename(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 25);
  for (const [key, ms] of top) console.log(`  ${ms.toFixed(1).padStart(8)} ms  ${key}`);
  await Promise.resolve();
}

/** Serves one build of the modeler plus the service-task list it asks for. */
async function serve(dist: string): Promise<{ base: string; server: Server }> {
  const server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (url === '/service-task-types') {
      res.setHeader('Content-Type', 'application/json');
      res.end('[{"type":"echo","description":"bench"}]');
      return;
    }
    const file = path.join(dist, url === '/' ? 'index.html' : path.normalize(url).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dist) || !existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Selects Task_1 and resolves (with performance.now()) once the properties panel shows it. */
const selectAndWaitScript = `(async () => {
  const modeler = window.tpModeler;
  modeler.get('selection').select(modeler.get('elementRegistry').get('Task_1'));
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  while (!document.querySelector('.bio-properties-panel-header-label')?.textContent?.includes('Step 1')) await frame();
  await frame();
  return performance.now();
})()`;

/** A fresh page load of the modeler with the diagram waiting as the session draft; times from navigation start. */
async function measureCold(page: Page, base: string, xml: string): Promise<Pick<Figures, 'coldFirstRenderMs' | 'coldInteractiveMs'>> {
  await page.goto(`${base}/#/processes`);
  await page.evaluate((text) => sessionStorage.setItem('tp.modeler.draft', JSON.stringify({ source: 'new', xml: text })), xml);
  await page.goto(`${base}/?open=${Date.now()}#/modeler`);
  const drawn = await page.waitForFunction(() => (document.querySelector('.djs-element[data-element-id=End]') ? performance.now() : 0), null, { polling: 'raf', timeout: 120_000 });
  const coldFirstRenderMs = Math.round(Number(await drawn.jsonValue()));
  await page.waitForFunction(() => !!(window as unknown as { tpModeler?: unknown }).tpModeler);
  const coldInteractiveMs = Math.round(Number(await page.evaluate(selectAndWaitScript)));
  return { coldFirstRenderMs, coldInteractiveMs };
}

/** importXML into the open modeler, then a selection and one edit. */
async function measureWarm(page: Page, base: string, xml: string, profile: boolean): Promise<Omit<Figures, 'coldFirstRenderMs' | 'coldInteractiveMs'>> {
  await page.goto(`${base}/#/processes`);
  await page.evaluate(() => sessionStorage.removeItem('tp.modeler.draft'));
  await page.goto(`${base}/#/modeler`);
  await page.waitForFunction(() => !!(window as unknown as { tpModeler?: unknown }).tpModeler && document.querySelector('.djs-element') !== null);
  // tsx keeps function names with a `__name` helper that the page does not have.
  await page.evaluate('window.__name = (f) => f');
  const profiler = profile ? await startProfile(page) : undefined;
  const m = await page.evaluate(async (text) => {
    interface Services {
      get(id: string): unknown;
      select(e: unknown): void;
      once(event: string, fn: () => void): void;
      updateLabel(e: unknown, label: string): void;
    }
    const modeler = (window as unknown as { tpModeler: { importXML(x: string): Promise<unknown>; get(n: string): Services } }).tpModeler;
    const frame = (): Promise<void> => new Promise((r) => requestAnimationFrame(() => r()));
    const linted = (): Promise<void> => new Promise((r) => modeler.get('eventBus').once('linting.completed', () => r()));
    const t0 = performance.now();
    const firstLint = linted();
    await modeler.importXML(text);
    await frame();
    const t1 = performance.now();
    const registry = modeler.get('elementRegistry');
    modeler.get('selection').select(registry.get('Task_1'));
    while (!document.querySelector('.bio-properties-panel-header-label')?.textContent?.includes('Step 1')) await frame();
    await frame();
    const t2 = performance.now();
    await firstLint;
    await frame();
    const tLint = performance.now();
    // One edit (a rename): until it is drawn (the user sees it), and until the model is linted again.
    const editLint = linted();
    const e0 = performance.now();
    modeler.get('modeling').updateLabel(registry.get('Task_2'), 'Renamed');
    await frame();
    const e1 = performance.now();
    await editLint;
    await frame();
    const e2 = performance.now();
    return {
      firstRenderMs: Math.round(t1 - t0),
      interactiveMs: Math.round(t2 - t0),
      lintedMs: Math.round(tLint - t0),
      editDrawnMs: Math.round(e1 - e0),
      editLintedMs: Math.round(e2 - e0),
    };
  }, xml);
  if (profiler) {
    const data = await profiler();
    // A .cpuprofile opens in Chromium DevTools (Performance panel) for the full call tree.
    if (process.env.BENCH_PROFILE_OUT) writeFileSync(process.env.BENCH_PROFILE_OUT, JSON.stringify(data));
    await printProfile(data);
  }
  return m;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  if (!process.env.BENCH_DIST) ensureModelerBuilt();
  const builds = [{ label: 'current', dist: CURRENT }, ...(BASELINE ? [{ label: 'baseline', dist: BASELINE }] : [])];
  const served = await Promise.all(builds.map(async (b) => ({ ...b, ...(await serve(b.dist)) })));
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'tp-bench-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1440, height: 900 },
  });
  const results: Record<string, Record<string, Figures & { elements: number }>> = {};
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    for (const b of served) {
      await page.goto(`${b.base}/#/login`);
      await page.evaluate(() => {
        localStorage.setItem('tp.token', 'bench');
        localStorage.setItem('tp.user', JSON.stringify({ username: 'bench', roles: ['admin'] }));
        localStorage.setItem('tp.lang', 'en');
      });
    }
    for (const size of SIZES) {
      const xml = generate(size);
      const rounds = new Map<string, Figures[]>();
      for (let round = 0; round < ROUNDS; round++) {
        // Alternate the order so that neither build always runs on the warmer browser.
        for (const b of round % 2 ? [...served].reverse() : served) {
          if (process.env.BENCH_DEBUG) console.log('cold', b.label);
          const cold = await measureCold(page, b.base, xml);
          if (process.env.BENCH_DEBUG) console.log('warm', b.label);
          const warm = await measureWarm(page, b.base, xml, !!process.env.BENCH_PROFILE && size === 1000 && round === 0 && b.label === 'current');
          rounds.set(b.label, [...(rounds.get(b.label) ?? []), { ...cold, ...warm }]);
        }
      }
      for (const [label, list] of rounds) {
        const f = Object.fromEntries((Object.keys(list[0]) as (keyof Figures)[]).map((k) => [k, median(list.map((x) => x[k]))])) as Figures;
        (results[label] ??= {})[String(size)] = { elements: size, ...f };
        console.log(
          `${label.padEnd(8)} ${String(size).padStart(5)} elements: cold open ${f.coldFirstRenderMs} ms drawn, ${f.coldInteractiveMs} ms interactive; ` +
            `import ${f.firstRenderMs} ms drawn, ${f.interactiveMs} ms interactive, ${f.lintedMs} ms linted; one edit ${f.editDrawnMs} ms drawn, ${f.editLintedMs} ms linted`,
        );
      }
    }
  } finally {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
    for (const b of served) b.server.close();
  }
  const oneThousand = results.current?.['1000'];
  console.log(JSON.stringify({ bench: 'modeler', rounds: ROUNDS, results, goal1000Under2s: oneThousand ? oneThousand.coldInteractiveMs < 2000 && oneThousand.interactiveMs < 2000 : false }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
