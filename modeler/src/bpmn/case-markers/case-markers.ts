import { type CaseToken, type Incident, type TrailEntry } from '../../api/types';
import { type Canvas, type DiagramElement, type ElementRegistry, type Overlays } from '../moddle-types';

const OVERLAY = 'tp-case';

export interface CaseState {
  tokens: CaseToken[];
  trail: TrailEntry[];
  incidents: Incident[];
}

/**
 * Paints a case onto its diagram: the path taken (elements in the trail and the flows between them),
 * a badge with the token count where tokens are now, and incidents in red.
 */
export class CaseMarkers {
  static $inject = ['canvas', 'overlays', 'elementRegistry'];
  private marked = new Map<string, Set<string>>();

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
  ) {}

  show(state: CaseState): void {
    this.clear();
    const visited = new Set(state.trail.map((e) => e.elementId).filter((id): id is string => !!id));
    for (const id of visited) this.mark(id, 'tp-taken');
    // A flow was taken when both its ends were visited (or the trail names the flow itself).
    for (const conn of this.elementRegistry.filter((e) => e.type === 'bpmn:SequenceFlow')) {
      const bo = conn.businessObject;
      const src = (bo.get('sourceRef') as { id: string } | undefined)?.id;
      const tgt = (bo.get('targetRef') as { id: string } | undefined)?.id;
      if (visited.has(conn.id) || (src && tgt && visited.has(src) && visited.has(tgt))) this.mark(conn.id, 'tp-taken');
    }
    const counts = new Map<string, CaseToken[]>();
    for (const token of state.tokens) counts.set(token.elementId, [...(counts.get(token.elementId) ?? []), token]);
    for (const [id, tokens] of counts) {
      const element = this.elementRegistry.get(id);
      if (!element) continue;
      const waiting = tokens.some((tk) => tk.waitingFor || tk.state === 'waiting');
      this.mark(id, waiting ? 'tp-waiting' : 'tp-active');
      const badge = document.createElement('div');
      badge.className = `tp-token-badge${waiting ? ' tp-token-waiting' : ''}`;
      badge.dataset.elementId = id;
      badge.textContent = String(tokens.length);
      badge.title = tokens.map((tk) => [tk.state, tk.waitingFor].filter(Boolean).join(': ')).join('\n');
      this.overlays.add(element, OVERLAY, { position: { bottom: 10, left: -10 }, html: badge });
    }
    for (const incident of state.incidents) {
      if (!incident.elementId || !this.elementRegistry.get(incident.elementId)) continue;
      this.mark(incident.elementId, 'tp-incident');
      const badge = document.createElement('div');
      badge.className = 'tp-incident-badge';
      badge.textContent = '⚠';
      badge.title = incident.message ?? incident.type ?? '';
      this.overlays.add(incident.elementId, OVERLAY, { position: { top: -12, right: 12 }, html: badge });
    }
  }

  /** Ids of elements currently holding a token, for the "move" action. */
  elementsWithMarker(marker: string): string[] {
    return [...this.marked].filter(([, m]) => m.has(marker)).map(([id]) => id);
  }

  clear(): void {
    for (const [id, markers] of this.marked) for (const m of markers) this.canvas.removeMarker(id, m);
    this.marked.clear();
    this.overlays.remove({ type: OVERLAY });
  }

  private mark(element: DiagramElement | string, marker: string): void {
    const id = typeof element === 'string' ? element : element.id;
    if (!this.elementRegistry.get(id)) return;
    this.canvas.addMarker(id, marker);
    this.marked.set(id, (this.marked.get(id) ?? new Set()).add(marker));
  }
}
