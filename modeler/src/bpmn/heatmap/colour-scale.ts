/** Maps a share 0..1 to a colour from pale yellow (little) to deep red (much); the legend uses the same ramp. */
export function heatColour(share: number, alpha = 0.6): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const hue = 55 - 55 * f;
  const light = 70 - 25 * f;
  return `hsla(${hue.toFixed(0)}, 90%, ${light.toFixed(0)}%, ${alpha})`;
}

/** A CSS gradient of the ramp, for the legend bar. */
export function heatGradient(): string {
  return `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map((s) => heatColour(s, 0.9)).join(', ')})`;
}
