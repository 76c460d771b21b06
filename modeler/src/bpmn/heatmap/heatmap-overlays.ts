import { type Canvas, type DiagramElement, type ElementRegistry, type Overlays } from '../moddle-types';
import { heatColour } from './colour-scale';

const OVERLAY = 'tp-heat';

/** Figures of one element as the stats API gives them. */
export interface ElementHeat {
  elementId: string;
  cases: number;
  completions: number;
  meanDurationMs: number | null;
  active: number;
}

export type HeatMetric = 'cases' | 'duration';

interface Shape extends DiagramElement {
  width: number;
  height: number;
}

/**
 * Draws a heatmap over a diagram: each element that cases reached gets a tinted cover (colour by the
 * chosen metric, scaled to the busiest or slowest element) and a badge with its count and mean time.
 */
export class HeatmapOverlays {
  static $inject = ['canvas', 'overlays', 'elementRegistry'];

  constructor(
    private readonly canvas: Canvas,
    private readonly overlays: Overlays,
    private readonly elementRegistry: ElementRegistry,
  ) {}

  /** Shows the figures; returns the largest value of the metric (the top of the legend). */
  show(heat: ElementHeat[], metric: HeatMetric, formatDuration: (ms: number) => string): number {
    this.clear();
    const value = (h: ElementHeat): number => (metric === 'cases' ? h.cases : (h.meanDurationMs ?? 0));
    const max = Math.max(0, ...heat.map(value));
    for (const h of heat) {
      const element = this.elementRegistry.get(h.elementId) as Shape | undefined;
      if (!element || element.waypoints || !element.width) continue;
      const share = max > 0 ? value(h) / max : 0;
      const cover = document.createElement('div');
      cover.className = `tp-heat-cover${element.type.endsWith('Event') ? ' tp-heat-round' : ''}`;
      cover.dataset.elementId = h.elementId;
      cover.dataset.share = share.toFixed(3);
      cover.style.width = `${element.width}px`;
      cover.style.height = `${element.height}px`;
      cover.style.background = heatColour(share);
      this.overlays.add(element, OVERLAY, { position: { top: 0, left: 0 }, html: cover });
      const badge = document.createElement('div');
      badge.className = 'tp-heat-badge';
      badge.dataset.elementId = h.elementId;
      badge.dataset.cases = String(h.cases);
      const mean = h.meanDurationMs === null ? '' : ` · ⌀ ${formatDuration(h.meanDurationMs)}`;
      badge.textContent = `${h.cases}${mean}`;
      this.overlays.add(element, OVERLAY, { position: { top: -22, left: 0 }, html: badge });
    }
    return max;
  }

  clear(): void {
    this.overlays.remove({ type: OVERLAY });
  }
}
