import type { Mapping, ModelProblem, MultiInstanceSpec, RetrySpec, StandardLoopSpec, TaskSpec } from './graph';
import type { MElement } from './moddle';
import {
  body,
  bool,
  child,
  extensions,
  feel,
  getStr,
  items,
  literalName,
  prune,
  splitList,
  str,
} from './moddle-access';

/** What the extension readers need besides the element: namespace prefixes and a problem sink. */
export interface ExtensionContext {
  /** Prefixes the document binds to the Camunda 7 namespace (read from raw attributes). */
  camundaPrefixes: string[];
  /** zeebe:UserTaskForm bodies declared on the process, by id. */
  zeebeForms: Map<string, string>;
  problems: ModelProblem[];
}

const HANDLER_TASKS = new Set(['bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask']);
const CAMUNDA_MAPPED = new Set(['assignee', 'candidateGroups', 'formKey', 'type', 'topic']);
const ZEEBE_MAPPED = new Set([
  'zeebe:TaskDefinition',
  'zeebe:IoMapping',
  'zeebe:AssignmentDefinition',
  'zeebe:FormDefinition',
  'zeebe:TaskHeaders',
  'zeebe:LoopCharacteristics',
  'zeebe:CalledElement',
  'zeebe:Subscription',
  'zeebe:UserTask',
  'zeebe:UserTaskForm',
]);
const TP_ELEMENTS = new Set(['tp:IoMapping', 'tp:Form', 'tp:Headers', 'tp:LoopCharacteristics', 'tp:Subscription']);

function warnUnsupported(ctx: ExtensionContext, el: MElement, what: string): void {
  ctx.problems.push(
    prune({
      severity: 'warning',
      rule: 'tp/unsupported-extension',
      elementId: el.id,
      elementName: el.name,
      elementType: el.$type,
      message: `The extension ${what} on ${el.id ?? el.$type} has no Touchpoint equivalent and is ignored.`,
    }),
  );
}

function camundaAttr(el: MElement, ctx: ExtensionContext, local: string): string | undefined {
  for (const prefix of ctx.camundaPrefixes) {
    const value = el.$attrs?.[`${prefix}:${local}`];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Reports Camunda 7 attributes and Camunda/zeebe extension elements we do not map. */
export function reportForeignExtensions(el: MElement, ctx: ExtensionContext): void {
  for (const key of Object.keys(el.$attrs ?? {}).sort()) {
    const [prefix, local] = key.split(':');
    if (local && prefix && ctx.camundaPrefixes.includes(prefix) && !CAMUNDA_MAPPED.has(local)) {
      warnUnsupported(ctx, el, `attribute ${key}`);
    }
  }
  for (const ext of items(child(el, 'extensionElements'), 'values')) {
    const [prefix] = ext.$type.split(':');
    if (ext.$type.startsWith('zeebe:') && !ZEEBE_MAPPED.has(ext.$type)) warnUnsupported(ctx, el, `<${ext.$type}>`);
    else if (prefix && ctx.camundaPrefixes.includes(prefix)) warnUnsupported(ctx, el, `<${ext.$type}>`);
  }
}

function readMappings(el: MElement): { inputs: Mapping[]; outputs: Mapping[] } {
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  for (const io of extensions(el, 'tp:IoMapping', 'zeebe:IoMapping')) {
    for (const p of items(io, 'inputParameters')) {
      const target = str(p, 'target');
      if (target) inputs.push({ source: feel(str(p, 'source')) ?? 'null', target });
    }
    for (const p of items(io, 'outputParameters')) {
      const target = str(p, 'target');
      if (target) outputs.push({ source: feel(str(p, 'source')) ?? 'null', target });
    }
  }
  return { inputs, outputs };
}

function positiveInt(text: string | undefined): number | undefined {
  const t = feel(text);
  if (t === undefined || !/^\d+$/.test(t)) return undefined;
  return Number(t);
}

function readRetry(el: MElement, ctx: ExtensionContext): RetrySpec | undefined {
  const zeebe = extensions(el, 'zeebe:TaskDefinition')[0];
  const raw = getStr(el, 'tp:retries') ?? str(zeebe, 'retries');
  if (raw === undefined) return undefined;
  const attempts = positiveInt(raw);
  if (attempts === undefined || attempts < 1) {
    ctx.problems.push(
      prune({
        severity: 'error',
        rule: 'tp/invalid-retries',
        elementId: el.id,
        elementName: el.name,
        elementType: el.$type,
        message: `The retries "${raw}" of ${el.id ?? el.$type} is not a positive whole number.`,
      }),
    );
    return undefined;
  }
  const backoff = Number(getStr(el, 'tp:retryBackoff') ?? '2');
  return prune({
    maximumAttempts: attempts,
    initialInterval: getStr(el, 'tp:retryInterval') ?? '1s',
    backoffCoefficient: Number.isFinite(backoff) && backoff >= 1 ? backoff : 2,
    maximumInterval: getStr(el, 'tp:retryMaxInterval'),
  });
}

function readForm(el: MElement, ctx: ExtensionContext, formKey: string | undefined): unknown {
  let text = str(extensions(el, 'tp:Form')[0], 'body');
  if (text === undefined && formKey) {
    const id = formKey.split(':').pop() ?? formKey;
    text = ctx.zeebeForms.get(id);
  }
  if (text === undefined || text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.problems.push(
      prune({
        severity: 'error',
        rule: 'tp/invalid-form',
        elementId: el.id,
        elementName: el.name,
        elementType: el.$type,
        message: `The embedded form of ${el.id ?? el.$type} is not valid JSON.`,
      }),
    );
    return undefined;
  }
}

function readHeaders(el: MElement): Record<string, string> | undefined {
  const headers: Record<string, string> = {};
  for (const h of extensions(el, 'tp:Headers', 'zeebe:TaskHeaders')) {
    for (const v of items(h, 'values')) {
      const key = str(v, 'key');
      if (key) headers[key] = str(v, 'value') ?? '';
    }
  }
  return Object.keys(headers).length ? headers : undefined;
}

const JUEL_PATH = /^[$#]\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}$/;

function warnExpression(ctx: ExtensionContext, el: MElement, what: string, value: string): void {
  ctx.problems.push(
    prune({
      severity: 'warning',
      rule: 'tp/unsupported-extension',
      elementId: el.id,
      elementName: el.name,
      elementType: el.$type,
      message: `The ${what} "${value}" of ${el.id ?? el.$type} is a Camunda 7 (JUEL) expression that Touchpoint cannot evaluate; it is ignored.`,
    }),
  );
}

/**
 * The assignee as the engine reads it: a literal user id, or `=` followed by a FEEL expression evaluated when
 * the task is created. Zeebe and tp expressions keep their `=`; a Camunda 7 `${name}` or `${a.b}` becomes the
 * FEEL path `=name`; any other JUEL is reported and dropped (the task is then unrestricted).
 */
function readAssignee(el: MElement, ctx: ExtensionContext, raw: string | undefined): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  if (text.startsWith('=')) return feel(text) ? `=${feel(text)}` : undefined;
  const juel = JUEL_PATH.exec(text);
  if (juel) return `=${juel[1]}`;
  if (/[$#]\{/.test(text)) {
    warnExpression(ctx, el, 'assignee', text);
    return undefined;
  }
  return text;
}

/** Candidate groups as a literal list; a Camunda 7 expression cannot be evaluated and is reported. */
function readGroups(el: MElement, ctx: ExtensionContext, raw: string | undefined): string[] | undefined {
  if (raw !== undefined && /[$#]\{/.test(raw)) {
    warnExpression(ctx, el, 'candidate groups', raw.trim());
    return undefined;
  }
  return splitList(feel(raw));
}

/**
 * Reads the task attributes of an activity from `tp:` and, where a direct equivalent exists, from Camunda 7
 * and zeebe extensions (tp wins). Returns undefined for activities that carry nothing worth keeping.
 */
export function readTaskSpec(el: MElement, ctx: ExtensionContext): TaskSpec | undefined {
  const zeebeDef = extensions(el, 'zeebe:TaskDefinition')[0];
  const assignment = extensions(el, 'zeebe:AssignmentDefinition')[0];
  const formDef = extensions(el, 'zeebe:FormDefinition')[0];
  const isUser = el.$type === 'bpmn:UserTask';
  const camundaType = camundaAttr(el, ctx, 'type');
  const camundaTopic = camundaAttr(el, ctx, 'topic');
  const type = HANDLER_TASKS.has(el.$type)
    ? (getStr(el, 'tp:type') ??
      literalName(str(zeebeDef, 'type')) ??
      (camundaType === 'external' ? camundaTopic : camundaType))
    : undefined;
  const { inputs, outputs } = readMappings(el);
  const formKey = isUser
    ? (getStr(el, 'tp:formKey') ?? str(formDef, 'formKey') ?? str(formDef, 'formId') ?? camundaAttr(el, ctx, 'formKey'))
    : undefined;
  const spec: TaskSpec = prune({
    type: type?.trim() || undefined,
    inputs,
    outputs,
    retry: HANDLER_TASKS.has(el.$type) ? readRetry(el, ctx) : undefined,
    assignee: isUser
      ? readAssignee(el, ctx, getStr(el, 'tp:assignee') ?? str(assignment, 'assignee') ?? camundaAttr(el, ctx, 'assignee'))
      : undefined,
    candidateGroups: isUser
      ? readGroups(
          el,
          ctx,
          getStr(el, 'tp:candidateGroups') ?? str(assignment, 'candidateGroups') ?? camundaAttr(el, ctx, 'candidateGroups'),
        )
      : undefined,
    department: isUser ? getStr(el, 'tp:department') : undefined,
    skills: isUser ? splitList(getStr(el, 'tp:skills')) : undefined,
    formKey,
    form: isUser ? readForm(el, ctx, formKey) : undefined,
    dueDuration: getStr(el, 'tp:dueDuration'),
    slaDuration: getStr(el, 'tp:slaDuration'),
    calendar: getStr(el, 'tp:calendar'),
    headers: readHeaders(el),
  });
  const keepAlways = HANDLER_TASKS.has(el.$type) || isUser || el.$type === 'bpmn:ScriptTask';
  if (!keepAlways && Object.keys(spec).length === 2 && !inputs.length && !outputs.length) return undefined;
  return spec;
}

/** Multi-instance characteristics from BPMN plus zeebe/tp loop extensions. */
export function readMultiInstance(el: MElement): MultiInstanceSpec | undefined {
  const loop = child(el, 'loopCharacteristics');
  if (!loop || loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') return undefined;
  const ext = extensions(loop, 'tp:LoopCharacteristics', 'zeebe:LoopCharacteristics')[0];
  return prune({
    sequential: bool(loop, 'isSequential', false),
    cardinality: feel(body(loop, 'loopCardinality')),
    collection: feel(str(ext, 'inputCollection')) ?? child(loop, 'loopDataInputRef')?.id,
    elementVariable: str(ext, 'inputElement') ?? str(child(loop, 'inputDataItem'), 'name'),
    outputCollection: str(ext, 'outputCollection'),
    outputElement: feel(str(ext, 'outputElement')),
    completionCondition: feel(body(loop, 'completionCondition')),
  });
}

/** Standard loop characteristics. */
export function readStandardLoop(el: MElement): StandardLoopSpec | undefined {
  const loop = child(el, 'loopCharacteristics');
  if (!loop || loop.$type !== 'bpmn:StandardLoopCharacteristics') return undefined;
  const max = loop.loopMaximum;
  return prune({
    condition: feel(body(loop, 'loopCondition')),
    maximum: typeof max === 'number' && Number.isFinite(max) ? max : undefined,
    testBefore: bool(loop, 'testBefore', false),
  });
}

/** Extension element types we read: everything else under extensionElements is a foreign extension. */
export function isKnownExtension(type: string): boolean {
  return TP_ELEMENTS.has(type) || ZEEBE_MAPPED.has(type);
}
