import { type DiagramElement, type Moddle, type ModdleElement, type Modeling, isType } from '../moddle-types';

function formElement(bo: ModdleElement): ModdleElement | undefined {
  const ext = bo.get('extensionElements') as ModdleElement | undefined;
  return ((ext?.get('values') as ModdleElement[] | undefined) ?? []).find((v) => isType(v, 'tp:Form'));
}

/** The user task's embedded form-js schema (`<tp:form>` body), parsed; undefined when absent or not JSON. */
export function readTaskForm(bo: ModdleElement): Record<string, unknown> | undefined {
  const body = formElement(bo)?.get('body') as string | undefined;
  if (!body?.trim()) return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the schema into `<tp:form>` (creating the extension elements on first use), or removes the form when `schema` is undefined. */
export function writeTaskForm(element: DiagramElement, schema: Record<string, unknown> | undefined, modeling: Modeling, moddle: Moddle): void {
  const bo = element.businessObject;
  let ext = bo.get('extensionElements') as ModdleElement | undefined;
  const existing = formElement(bo);
  if (!schema) {
    if (ext && existing) modeling.updateModdleProperties(element, ext, { values: (ext.get('values') as ModdleElement[]).filter((v) => v !== existing) });
    return;
  }
  const body = JSON.stringify(schema);
  if (existing) {
    modeling.updateModdleProperties(element, existing, { body });
    return;
  }
  if (!ext) {
    ext = moddle.create('bpmn:ExtensionElements', { values: [] });
    modeling.updateModdleProperties(element, bo, { extensionElements: ext });
  }
  const values = (ext.get('values') as ModdleElement[] | undefined) ?? [];
  modeling.updateModdleProperties(element, ext, { values: [...values, moddle.create('tp:Form', { body })] });
}

/** Number of input fields in a schema (components with a key), nested groups included. */
export function countFields(schema: Record<string, unknown> | undefined): number {
  const walk = (components: unknown): number => {
    if (!Array.isArray(components)) return 0;
    let n = 0;
    for (const c of components as Record<string, unknown>[]) n += (typeof c.key === 'string' ? 1 : 0) + walk(c.components);
    return n;
  };
  return walk(schema?.components);
}
