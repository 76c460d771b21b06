import { type ElementProblem } from '../../api/problem';
import { type Canvas, type ElementRegistry, type Overlays } from '../moddle-types';

const OVERLAY = 'tp-problem';

/** Marks the elements named in server-side problems (deploy rejections) on the canvas. */
export class ProblemMarkers {
  static $inject = ['canvas', 'overlays', 'elementRegistry'];
  private marked: string[] = [];

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
  ) {}

  /** Replaces the current marks; returns the problems whose element is not on the diagram. */
  show(problems: ElementProblem[]): ElementProblem[] {
    this.clear();
    const unplaced: ElementProblem[] = [];
    for (const p of problems) {
      const element = p.elementId ? this.elementRegistry.get(p.elementId) : undefined;
      if (!element) {
        unplaced.push(p);
        continue;
      }
      this.canvas.addMarker(element, p.severity === 'warning' ? 'tp-problem-warning' : 'tp-problem-error');
      this.marked.push(element.id);
      const badge = document.createElement('div');
      badge.className = `tp-problem-badge tp-problem-badge-${p.severity ?? 'error'}`;
      badge.textContent = '!';
      badge.title = p.message;
      this.overlays.add(element, OVERLAY, { position: { top: -12, right: 12 }, html: badge });
    }
    return unplaced;
  }

  clear(): void {
    for (const id of this.marked) {
      this.canvas.removeMarker(id, 'tp-problem-error');
      this.canvas.removeMarker(id, 'tp-problem-warning');
    }
    this.marked = [];
    this.overlays.remove({ type: OVERLAY });
  }
}
