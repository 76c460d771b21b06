import type NavigatedViewer from 'bpmn-js/lib/NavigatedViewer';
import { createHeatmapViewer } from '../../bpmn/create-modeler';
import { h } from '../../shell/dom';

export interface ElementDeviations {
  skipped: number;
  inserted: number;
  outOfOrder: number;
}

interface Overlays {
  add(elementId: string, overlay: { position: { top?: number; right?: number }; html: HTMLElement }): string;
}

/**
 * Draws the process diagram with, on each element that deviated, a badge: how many cases skipped it,
 * did it where the model does not allow it (inserted) or out of order. Returns a disposer.
 */
export async function drawDeviationOverlay(
  container: HTMLElement,
  xml: string,
  counts: Record<string, ElementDeviations>,
  labels: { skipped: string; inserted: string; outOfOrder: string },
): Promise<() => void> {
  const viewer: NavigatedViewer = createHeatmapViewer(container);
  await viewer.importXML(xml);
  viewer.get<{ zoom(l: string): void }>('canvas').zoom('fit-viewport');
  const registry = viewer.get<{ get(id: string): unknown }>('elementRegistry');
  const overlays = viewer.get<Overlays>('overlays');
  for (const [elementId, n] of Object.entries(counts)) {
    if (!registry.get(elementId) || n.skipped + n.inserted + n.outOfOrder === 0) continue;
    const parts: string[] = [];
    if (n.skipped) parts.push(`${labels.skipped} ${n.skipped}`);
    if (n.inserted) parts.push(`${labels.inserted} ${n.inserted}`);
    if (n.outOfOrder) parts.push(`${labels.outOfOrder} ${n.outOfOrder}`);
    overlays.add(elementId, {
      position: { top: -14, right: 10 },
      html: h(
        'div.tp-deviation-badge',
        {
          'data-element-id': elementId,
          style: 'background:#b42318;color:#fff;border-radius:8px;padding:1px 6px;font-size:11px;white-space:nowrap;box-shadow:0 1px 2px rgba(0,0,0,.3)',
        },
        parts.join(' · '),
      ),
    });
  }
  return () => viewer.destroy();
}
