import { fire, isEnabled, type Marking, markingKey, type NetTransition, type PetriNet } from './petri-net';

/**
 * Breadth-first search over silent firings from `start` for the shortest sequence of silent
 * transitions after which `goal` holds. Returns the transitions to fire (possibly none) and the
 * marking reached, or undefined when no such sequence exists within `maxStates` markings.
 */
export function shortestSilentPath(
  net: PetriNet,
  start: Marking,
  goal: (m: Marking) => boolean,
  maxStates = 2000,
): { path: NetTransition[]; marking: Marking } | undefined {
  if (goal(start)) return { path: [], marking: start };
  const silent = net.transitions.filter((t) => t.label === undefined);
  const seen = new Set<string>([markingKey(start)]);
  let frontier: { marking: Marking; path: NetTransition[] }[] = [{ marking: start, path: [] }];
  while (frontier.length > 0 && seen.size < maxStates) {
    const next: typeof frontier = [];
    for (const node of frontier) {
      for (const t of silent) {
        if (!isEnabled(node.marking, t)) continue;
        const m = fire(node.marking, t);
        const key = markingKey(m);
        if (seen.has(key)) continue;
        seen.add(key);
        const path = [...node.path, t];
        if (goal(m)) return { path, marking: m };
        next.push({ marking: m, path });
      }
    }
    frontier = next;
  }
  return undefined;
}
