import { sha256Hex } from '../hash';
import type { CompileResult, CompiledProcess, ModelProblem } from './graph';
import { buildProcess } from './build-graph';
import { checkExecutability } from './executability';
import type { ExtensionContext } from './extensions';
import { lintDefinitions } from './lint';
import { ACTIVITI_NS, CAMUNDA_NS, TP_NS, ZEEBE_NS, describeModdleMessage, parseBpmn, type MElement } from './moddle';
import { child, items, prune, str } from './moddle-access';
import { DEFAULT_XML_LIMITS, screenXml } from './xml-guard';

export interface CompileOptions {
  /** Largest accepted document in bytes (UTF-8); default 10 MB. */
  maxBytes?: number;
  /** Deepest accepted element nesting; default 200. */
  maxDepth?: number;
}

function failed(xmlHash: string, problems: ModelProblem[]): CompileResult {
  return { ok: false, xmlHash, processes: [], problems };
}

/**
 * Compiles BPMN 2.0 XML into executable graphs, one per process, with every problem found by the XML screen,
 * bpmn-moddle, bpmnlint's recommended rules and our executability rules. Never throws: whatever goes wrong
 * comes back as a problem, and `ok` is true only when there is no error.
 */
export async function compileBpmn(xml: string, opts: CompileOptions = {}): Promise<CompileResult> {
  const limits = {
    maxBytes: opts.maxBytes ?? DEFAULT_XML_LIMITS.maxBytes,
    maxDepth: opts.maxDepth ?? DEFAULT_XML_LIMITS.maxDepth,
  };
  const xmlHash = typeof xml === 'string' ? sha256Hex(xml) : sha256Hex('');
  const unsafe = screenXml(xml, limits);
  if (unsafe) return failed(xmlHash, [unsafe]);
  try {
    return await compileScreened(xml, xmlHash);
  } catch (err) {
    const reason = describeModdleMessage(err instanceof Error ? err.message : String(err));
    return failed(xmlHash, [
      { severity: 'error', rule: 'tp/invalid-bpmn', message: `The document could not be read as BPMN 2.0: ${reason}` },
    ]);
  }
}

async function compileScreened(xml: string, xmlHash: string): Promise<CompileResult> {
  const parsed = await parseBpmn(xml);
  const problems: ModelProblem[] = [];
  const byId = (id: string): MElement | undefined => parsed.elementsById[id];
  for (const w of parsed.warnings) {
    const el = w.elementId ? byId(w.elementId) : undefined;
    problems.push(
      prune({
        severity: 'warning',
        rule: 'tp/bpmn-import',
        elementId: w.elementId,
        elementName: el?.name,
        elementType: el?.$type,
        message: `bpmn-moddle could not read part of the document: ${w.message}`,
      }),
    );
  }
  const definitions = parsed.definitions;
  if (!definitions || definitions.$type !== 'bpmn:Definitions') {
    problems.push({
      severity: 'error',
      rule: 'tp/invalid-bpmn',
      message: 'The document is not a BPMN 2.0 definitions document (no <bpmn:definitions> root).',
    });
    return failed(xmlHash, problems);
  }

  const ctx: ExtensionContext = { camundaPrefixes: camundaPrefixes(definitions), zeebeForms: new Map(), problems };
  const allProcesses = items(definitions, 'rootElements').filter((e) => e.$type === 'bpmn:Process');
  const executable = allProcesses.filter((p) => p.isExecutable === true);
  let chosen = executable;
  if (!chosen.length && allProcesses[0]) {
    const first = allProcesses[0];
    chosen = [first];
    problems.push(
      prune({
        severity: 'warning',
        rule: 'tp/not-executable',
        elementId: first.id,
        elementName: first.name,
        elementType: first.$type,
        message: `No process is marked isExecutable="true"; process ${first.id ?? ''} is compiled as the main process.`,
      }),
    );
  }
  if (!chosen.length) {
    problems.push({ severity: 'error', rule: 'tp/no-process', message: 'The document defines no process.' });
  }

  const boundUris = Object.entries(definitions.$attrs ?? {})
    .filter(([key]) => key.startsWith('xmlns'))
    .map(([, uri]) => uri);
  const authoredForExecution = [TP_NS, ZEEBE_NS, CAMUNDA_NS].some((uri) => boundUris.includes(uri));
  const processes: CompiledProcess[] = [];
  const compiledIds = new Set<string>();
  for (const process of chosen) {
    ctx.zeebeForms = zeebeForms(process);
    const built = buildProcess(process, xmlHash, ctx, explicitLanguage(definitions));
    problems.push(
      ...checkExecutability(built.graph, { foreignConditions: built.foreignConditions, authoredForExecution }),
    );
    processes.push(built.graph);
    compiledIds.add(built.graph.processId);
    for (const id of built.sources.keys()) compiledIds.add(id);
  }
  problems.push(...(await lintDefinitions(definitions, byId)));
  // bpmnlint's conditional-flows flags an exclusive gateway mixing conditional and unconditional flows; the
  // engine treats a missing condition as true (see tp/gateway-flow-without-condition), so it is a warning there.
  // A compensation boundary event is connected by an association, never by a sequence flow: not an implicit end.
  // Findings on processes that are not compiled (documentation-only pools) cannot stop execution: warnings.
  for (const p of problems) {
    const el = p.elementId ? byId(p.elementId) : undefined;
    if (p.rule === 'conditional-flows' && isFromExclusiveGateway(el)) p.severity = 'warning';
    if (p.rule === 'no-implicit-end' && isCompensationBoundary(el)) p.severity = 'warning';
    if (p.severity === 'error' && !p.rule.startsWith('tp/') && p.elementId && !compiledIds.has(p.elementId)) {
      p.severity = 'warning';
    }
  }

  const ok = !problems.some((p) => p.severity === 'error');
  return prune({ ok, xmlHash, processes, main: processes[0], problems: dedupe(problems) });
}

function isFromExclusiveGateway(flow: MElement | undefined): boolean {
  return child(flow, 'sourceRef')?.$type === 'bpmn:ExclusiveGateway';
}

/** The document's expression language only when the XML sets it (bpmn-moddle reports XPath by default). */
function explicitLanguage(definitions: MElement): string | undefined {
  return Object.prototype.hasOwnProperty.call(definitions, 'expressionLanguage')
    ? str(definitions, 'expressionLanguage')
    : undefined;
}

function isCompensationBoundary(el: MElement | undefined): boolean {
  return (
    el?.$type === 'bpmn:BoundaryEvent' &&
    items(el, 'eventDefinitions').some((d) => d.$type === 'bpmn:CompensateEventDefinition')
  );
}

function camundaPrefixes(definitions: MElement): string[] {
  return Object.entries(definitions.$attrs ?? {})
    .filter(([key, uri]) => key.startsWith('xmlns:') && (uri === CAMUNDA_NS || uri === ACTIVITI_NS))
    .map(([key]) => key.slice('xmlns:'.length));
}

function zeebeForms(process: MElement): Map<string, string> {
  const forms = new Map<string, string>();
  for (const ext of items(child(process, 'extensionElements'), 'values')) {
    const id = str(ext, 'id');
    const text = str(ext, 'body');
    if (ext.$type === 'zeebe:UserTaskForm' && id && text) forms.set(id, text);
  }
  return forms;
}

function dedupe(problems: ModelProblem[]): ModelProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.severity}|${p.rule}|${p.elementId ?? ''}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
