import { type DiagramElement, type Moddle, type ModdleElement, type Modeling, isType } from '../moddle-types';

export type Direction = 'inputParameters' | 'outputParameters';

/** The element's `<tp:ioMapping>`, if it has one. */
export function ioMapping(bo: ModdleElement): ModdleElement | undefined {
  const ext = bo.get('extensionElements') as ModdleElement | undefined;
  const values = (ext?.get('values') as ModdleElement[] | undefined) ?? [];
  return values.find((v) => isType(v, 'tp:IoMapping'));
}

/** The `tp:Input` or `tp:Output` parameters of one direction, in document order. */
export function parameters(bo: ModdleElement, direction: Direction): ModdleElement[] {
  return (ioMapping(bo)?.get(direction) as ModdleElement[] | undefined) ?? [];
}

/** Returns the `<tp:ioMapping>`, creating it (and the extension elements) on first use. */
function ensureIoMapping(element: DiagramElement, modeling: Modeling, moddle: Moddle): ModdleElement {
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
  return io;
}

/** Appends an empty mapping (`target` named after its position so that it can be told apart at once). */
export function addMapping(element: DiagramElement, direction: Direction, modeling: Modeling, moddle: Moddle): void {
  const io = ensureIoMapping(element, modeling, moddle);
  const params = (io.get(direction) as ModdleElement[] | undefined) ?? [];
  const param = moddle.create(direction === 'inputParameters' ? 'tp:Input' : 'tp:Output', { target: `variable${params.length + 1}`, source: '' });
  modeling.updateModdleProperties(element, io, { [direction]: [...params, param] });
}

/** Removes one mapping. */
export function removeMapping(element: DiagramElement, direction: Direction, param: ModdleElement, modeling: Modeling): void {
  const io = ioMapping(element.businessObject);
  if (!io) return;
  const params = (io.get(direction) as ModdleElement[] | undefined) ?? [];
  modeling.updateModdleProperties(element, io, { [direction]: params.filter((p) => p !== param) });
}
