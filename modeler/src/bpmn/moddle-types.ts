/** The small part of bpmn-moddle's element API the modeler code touches. */
export interface ModdleElement {
  $type: string;
  $parent?: ModdleElement;
  id?: string;
  name?: string;
  get(name: string): unknown;
  set(name: string, value: unknown): void;
  $instanceOf(type: string): boolean;
}

/** A diagram-js shape or connection as the services hand it to us. */
export interface DiagramElement {
  id: string;
  type: string;
  businessObject: ModdleElement;
  waypoints?: unknown[];
}

export interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
}

export interface Modeling {
  updateProperties(element: DiagramElement, props: Record<string, unknown>): void;
  updateModdleProperties(element: DiagramElement, target: ModdleElement, props: Record<string, unknown>): void;
}

export interface ElementRegistry {
  get(id: string): DiagramElement | undefined;
  getAll(): DiagramElement[];
  filter(fn: (e: DiagramElement) => boolean): DiagramElement[];
}

export interface Canvas {
  addMarker(element: DiagramElement | string, marker: string): void;
  removeMarker(element: DiagramElement | string, marker: string): void;
  zoom(level: 'fit-viewport' | number, center?: 'auto'): number;
  scrollToElement(element: DiagramElement | string): void;
}

export interface Overlays {
  add(element: DiagramElement | string, type: string, overlay: { position: Record<string, number>; html: HTMLElement | string }): string;
  remove(filter: { type?: string; element?: DiagramElement | string }): void;
}

/** True when `bo` is (or extends) `type`. */
export function isType(bo: ModdleElement | undefined, type: string): boolean {
  return !!bo && bo.$instanceOf(type);
}
