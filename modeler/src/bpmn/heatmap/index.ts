import { HeatmapOverlays } from './heatmap-overlays';

/** Per-element case counts and mean times of a process version, drawn over its diagram. */
export default {
  __init__: ['heatmapOverlays'],
  heatmapOverlays: ['type', HeatmapOverlays],
};
