/**
 * `npm run bench:conformance`: token replay and alignments on a log of ≥100,000 events generated from
 * the shipped complaint-handling model with injected noise (skipped, swapped and inserted events),
 * measured in child processes (events/s, peak RSS), then the same net (as PNML) and log (as XES)
 * given to PM4Py in a venv under ~/.cache/touchpoint (installed on first run). Prints both tools'
 * fitness values and the speed ratios; the last line is one JSON object.
 *
 * Options: --events N (default 100000), --seed S, --noise P (share of noisy traces, default 0.3),
 * --skip-pm4py.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { compileBpmn } from '../core/bpmn/compile';
import { alignLog, bpmnToPetriNet, fire, isEnabled, replayLog, sameMarking, type ConformanceTrace, type PetriNet } from '../core/conformance';
import { parseXes, serializeXes, toConformanceTraces, type XesLog } from '../core/eventlog';

const PM4PY_VERSION = '2.7.23.11';
const MODEL = path.join(__dirname, '..', 'processes', 'complaint-handling.bpmn');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

/** A small seeded PRNG (mulberry32), so every run generates the same log. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random complete run of the net (uniform choice among enabled transitions), as its visible labels. */
function playOut(net: PetriNet, rand: () => number, maxSteps = 200): string[] | undefined {
  let m = net.initialMarking;
  const labels: string[] = [];
  for (let step = 0; step < maxSteps; step++) {
    if (sameMarking(m, net.finalMarking)) return labels;
    const enabled = net.transitions.filter((t) => isEnabled(m, t));
    if (enabled.length === 0) return undefined;
    const t = enabled[Math.floor(rand() * enabled.length)];
    m = fire(m, t);
    if (t.label) labels.push(t.label);
  }
  return undefined;
}

function addNoise(events: string[], alphabet: string[], rand: () => number): string[] {
  const out = [...events];
  const ops = 1 + Math.floor(rand() * 2);
  for (let k = 0; k < ops; k++) {
    const kind = rand();
    if (kind < 1 / 3 && out.length > 1) out.splice(Math.floor(rand() * out.length), 1);
    else if (kind < 2 / 3 && out.length > 1) {
      const i = Math.floor(rand() * (out.length - 1));
      [out[i], out[i + 1]] = [out[i + 1], out[i]];
    } else out.splice(Math.floor(rand() * (out.length + 1)), 0, alphabet[Math.floor(rand() * alphabet.length)]);
  }
  return out;
}

function generateLog(net: PetriNet, targetEvents: number, seed: number, noise: number): { log: XesLog; noisy: number } {
  const rand = prng(seed);
  const alphabet = [...new Set(net.transitions.map((t) => t.label).filter((l): l is string => !!l))].sort();
  const log: XesLog = {
    logAttributes: {},
    extensions: [
      { name: 'Concept', prefix: 'concept', uri: 'http://www.xes-standard.org/concept.xesext' },
      { name: 'Time', prefix: 'time', uri: 'http://www.xes-standard.org/time.xesext' },
    ],
    globals: [],
    classifiers: [],
    attributes: [],
    traces: [],
  };
  let events = 0;
  let noisy = 0;
  const t0 = Date.parse('2026-01-01T00:00:00Z');
  while (events < targetEvents) {
    let labels = playOut(net, rand);
    if (!labels) continue;
    if (rand() < noise) {
      labels = addNoise(labels, alphabet, rand);
      noisy += 1;
    }
    const caseNo = log.traces.length;
    log.traces.push({
      attributes: [{ type: 'string', key: 'concept:name', value: `c${caseNo}` }],
      events: labels.map((a, i) => {
        const ms = t0 + caseNo * 3_600_000 + i * 60_000;
        return { attributes: [{ type: 'string', key: 'concept:name', value: a }, { type: 'date', key: 'time:timestamp', value: ms, text: new Date(ms).toISOString() }] };
      }),
    });
    events += labels.length;
  }
  return { log, noisy };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The net as PNML, with silent transitions marked the way ProM and PM4Py read them, and the final marking. */
function toPnml(net: PetriNet): string {
  const pid = (i: number): string => `p${i}`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<pnml>', '  <net id="net1" type="http://www.pnml.org/version-2009/grammar/pnmlcoremodel">', '    <page id="page1">'];
  net.places.forEach((name, i) => {
    lines.push(`      <place id="${pid(i)}"><name><text>${esc(name)}</text></name>`);
    if (net.initialMarking[i] > 0) lines.push(`        <initialMarking><text>${net.initialMarking[i]}</text></initialMarking>`);
    lines.push('      </place>');
  });
  net.transitions.forEach((t, k) => {
    const id = `t${k}`;
    if (t.label) lines.push(`      <transition id="${id}"><name><text>${esc(t.label)}</text></name></transition>`);
    else lines.push(`      <transition id="${id}"><name><text>${esc(t.id)}</text></name><toolspecific tool="ProM" version="6.4" activity="$invisible$" localNodeID="${id}"/></transition>`);
    for (const p of t.inputs) lines.push(`      <arc id="a${k}i${p}" source="${pid(p)}" target="${id}"/>`);
    for (const p of t.outputs) lines.push(`      <arc id="a${k}o${p}" source="${id}" target="${pid(p)}"/>`);
  });
  lines.push('    </page>', '    <finalmarkings>', '      <marking>');
  net.finalMarking.forEach((n, i) => {
    if (n > 0) lines.push(`        <place idref="${pid(i)}"><text>${n}</text></place>`);
  });
  lines.push('      </marking>', '    </finalmarkings>', '  </net>', '</pnml>');
  return `${lines.join('\n')}\n`;
}

async function loadNet(): Promise<PetriNet> {
  const compiled = await compileBpmn(readFileSync(MODEL, 'utf8'));
  if (!compiled.main) throw new Error('the shipped model does not compile');
  return bpmnToPetriNet(compiled.main);
}

/** Child-process phase: one algorithm over the log, with its own peak memory. */
async function phase(kind: 'token' | 'align', dir: string): Promise<void> {
  const net = await loadNet();
  const traces: ConformanceTrace[] = toConformanceTraces(parseXes(readFileSync(path.join(dir, 'log.xes'), 'utf8')));
  const events = traces.reduce((n, t) => n + t.events.length, 0);
  const rssBefore = process.memoryUsage().rss;
  const t0 = process.hrtime.bigint();
  const out: Record<string, number> = { events, traces: traces.length };
  if (kind === 'token') {
    const r = replayLog(net, traces);
    out.logFitness = r.logFitness;
    out.averageTraceFitness = r.averageTraceFitness;
  } else {
    const r = alignLog(net, traces, { maxStates: 5_000_000 });
    out.logFitness = r.logFitness;
    out.averageTraceFitness = r.averageTraceFitness;
    out.tooLarge = r.tooLarge;
  }
  out.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  out.rssBeforeMB = rssBefore / 1048576;
  out.peakRssMB = process.resourceUsage().maxRSS / 1024;
  console.log(`PHASE_RESULT ${JSON.stringify(out)}`);
}

function runChild(args: string[]): Record<string, number> {
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), __filename, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('PHASE_RESULT '));
  if (!line) throw new Error(`phase ${args.join(' ')} failed: ${r.stderr.slice(-2000)}`);
  return JSON.parse(line.slice('PHASE_RESULT '.length)) as Record<string, number>;
}

/** The venv with PM4Py, created and filled on first use (keyed by PM4Py and Python versions). */
function pm4pyPython(): string {
  const py = process.env.PYTHON ?? 'python3';
  const pyVersion = execFileSync(py, ['-c', 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")'], { encoding: 'utf8' }).trim();
  const venv = path.join(homedir(), '.cache', 'touchpoint', `pm4py-${PM4PY_VERSION}-py${pyVersion}`);
  const bin = path.join(venv, 'bin', 'python');
  if (!existsSync(bin)) {
    console.log(`[bench] installing PM4Py ${PM4PY_VERSION} into ${venv} …`);
    execFileSync(py, ['-m', 'venv', venv], { stdio: 'inherit' });
    execFileSync(path.join(venv, 'bin', 'pip'), ['install', '-q', `pm4py==${PM4PY_VERSION}`], { stdio: 'inherit' });
  }
  return bin;
}

async function main(): Promise<void> {
  const targetEvents = Number(arg('events', '100000'));
  const seed = Number(arg('seed', '42'));
  const noise = Number(arg('noise', '0.3'));
  const net = await loadNet();
  const { log, noisy } = generateLog(net, targetEvents, seed, noise);
  const events = log.traces.reduce((n, t) => n + t.events.length, 0);
  const variants = new Set(log.traces.map((t) => t.events.map((e) => (e.attributes[0] as { value: string }).value).join('|'))).size;
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-conformance-'));
  writeFileSync(path.join(dir, 'log.xes'), serializeXes(log));
  writeFileSync(path.join(dir, 'model.pnml'), toPnml(net));
  console.log(`model: ${path.relative(process.cwd(), MODEL)} (${net.places.length} places, ${net.transitions.length} transitions)`);
  console.log(`log: ${log.traces.length} traces, ${events} events, ${variants} variants, ${noisy} noisy traces (seed ${seed}); files in ${dir}`);

  const token = runChild(['--phase', 'token', dir]);
  console.log(`Touchpoint token replay: fitness ${token.logFitness.toFixed(9)} in ${token.seconds.toFixed(3)} s = ${Math.round(events / token.seconds)} events/s, peak RSS ${token.peakRssMB.toFixed(0)} MB`);
  const align = runChild(['--phase', 'align', dir]);
  console.log(`Touchpoint alignments:   fitness ${align.logFitness.toFixed(9)} in ${align.seconds.toFixed(3)} s = ${Math.round(events / align.seconds)} events/s, peak RSS ${align.peakRssMB.toFixed(0)} MB, too large ${align.tooLarge}`);

  const figures: Record<string, unknown> = {
    bench: 'conformance',
    model: 'processes/complaint-handling.bpmn',
    traces: log.traces.length,
    events,
    variants,
    noisyTraces: noisy,
    token: { fitness: token.logFitness, seconds: token.seconds, eventsPerSecond: events / token.seconds, peakRssMB: token.peakRssMB },
    alignments: { fitness: align.logFitness, seconds: align.seconds, eventsPerSecond: events / align.seconds, peakRssMB: align.peakRssMB, tooLarge: align.tooLarge },
  };
  if (!process.argv.includes('--skip-pm4py')) {
    const py = pm4pyPython();
    const r = spawnSync(py, [path.join(__dirname, 'conformance-pm4py.py'), path.join(dir, 'model.pnml'), path.join(dir, 'log.xes')], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const line = r.stdout.split('\n').find((l) => l.startsWith('PM4PY_RESULT '));
    if (!line) throw new Error(`PM4Py failed: ${r.stderr.slice(-3000)}`);
    const pm = JSON.parse(line.slice('PM4PY_RESULT '.length)) as Record<string, number>;
    if (pm.events !== events) throw new Error(`PM4Py read ${pm.events} events, not ${events}`);
    const tokenRatio = pm.tokenSeconds / token.seconds;
    const alignRatio = pm.alignSeconds / align.seconds;
    const alignDiff = Math.abs(pm.alignLogFitness - align.logFitness);
    const tokenDiff = Math.abs(pm.tokenLogFitness - token.logFitness);
    console.log(`PM4Py ${pm.pm4py} token replay: fitness ${pm.tokenLogFitness.toFixed(9)} in ${pm.tokenSeconds.toFixed(3)} s = ${Math.round(events / pm.tokenSeconds)} events/s`);
    console.log(`PM4Py ${pm.pm4py} alignments:   fitness ${pm.alignLogFitness.toFixed(9)} in ${pm.alignSeconds.toFixed(3)} s = ${Math.round(events / pm.alignSeconds)} events/s`);
    console.log(`token replay: ${tokenRatio.toFixed(1)}× PM4Py's speed (goal ≥ 20×: ${tokenRatio >= 20 ? 'met' : 'NOT met'}); fitness difference ${tokenDiff.toExponential(2)}`);
    console.log(`alignments:   ${alignRatio.toFixed(1)}× PM4Py's speed; fitness difference ${alignDiff.toExponential(2)} (goal ≤ 1e-6: ${alignDiff <= 1e-6 ? 'met' : 'NOT met'})`);
    figures.pm4py = {
      version: pm.pm4py,
      token: { fitness: pm.tokenLogFitness, seconds: pm.tokenSeconds, eventsPerSecond: events / pm.tokenSeconds },
      alignments: { fitness: pm.alignLogFitness, seconds: pm.alignSeconds, eventsPerSecond: events / pm.alignSeconds },
    };
    figures.tokenSpeedRatio = tokenRatio;
    figures.alignmentSpeedRatio = alignRatio;
    figures.tokenFitnessDifference = tokenDiff;
    figures.alignmentFitnessDifference = alignDiff;
    figures.goals = { alignmentFitnessWithin1e6: alignDiff <= 1e-6, tokenReplayAtLeast20x: tokenRatio >= 20 };
  }
  console.log(JSON.stringify(figures));
}

const i = process.argv.indexOf('--phase');
if (i >= 0) {
  phase(process.argv[i + 1] as 'token' | 'align', process.argv[i + 2]).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
