import { type DiagramElement, type Moddle, type ModdleElement, type Modeling, isType } from '../moddle-types';

export type Direction = 'inputParameters' | 'outputParameters';

function ioMapping(bo: ModdleElement): ModdleElement | undefined {
  const ext = bo.get('extensionElements') as ModdleElement | undefined;
  const values = (ext?.get('values') as ModdleElement[] | undefined) ?? [];
  return values.find((v) => isType(v, 'tp:IoMapping'));
}

/** Mappings as editable text: one `target = source` per line. */
export function mappingsAsText(bo: ModdleElement, direction: Direction): string {
  const io = ioMapping(bo);
  const params = (io?.get(direction) as ModdleElement[] | undefined) ?? [];
  return params.map((p) => `${(p.get('target') as string | undefined) ?? ''} = ${(p.get('source') as string | undefined) ?? ''}`).join('\n');
}

/** Parses `target = FEEL` lines; the FEEL side may itself contain `=`, so only the first one splits. */
export function parseMappings(text: string): { target: string; source: string }[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { target: line, source: line } : { target: line.slice(0, at).trim(), source: line.slice(at + 1).trim() };
    })
    .filter((m) => m.target);
}

/** Writes the mappings into `<tp:ioMapping>`, creating the extension elements on first use. */
export function writeMappings(element: DiagramElement, direction: Direction, text: string, modeling: Modeling, moddle: Moddle): void {
  const bo = element.businessObject;
  let ext = bo.get('extensionElements') as ModdleElement | undefined;
  if (!ext) {
    ext = moddle.create('bpmn:ExtensionElements', { values: [] });
    modeling.updateModdleProperties(element, bo, { extensionElements: ext });
  }
  let io = ioMapping(bo);
  if (!io) {
    io = moddle.create('tp:IoMapping');
    const values = (ext.get('values') as ModdleElement[]) ?? [];
    modeling.updateModdleProperties(element, ext, { values: [...values, io] });
  }
  const type = direction === 'inputParameters' ? 'tp:Input' : 'tp:Output';
  const params = parseMappings(text).map((m) => moddle.create(type, m));
  modeling.updateModdleProperties(element, io, { [direction]: params });
}
