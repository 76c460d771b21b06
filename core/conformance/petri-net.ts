/**
 * A labelled Petri net with integer-indexed places, as used by replay and alignments. Transitions
 * with no label are silent (τ). Markings are dense arrays of token counts, one slot per place.
 */
export interface NetTransition {
  id: string;
  /** The activity the transition records in a log; undefined for a silent transition. */
  label?: string;
  /** The BPMN element the transition stands for (gateway, event or task). */
  elementId?: string;
  /** Input and output place indices (each place at most once). */
  inputs: number[];
  outputs: number[];
}

export interface PetriNet {
  /** Place names; the index is the place id used in markings. */
  places: string[];
  transitions: NetTransition[];
  initialMarking: Marking;
  finalMarking: Marking;
}

export type Marking = number[];

/** Whether every input place of `t` holds a token. */
export function isEnabled(m: Marking, t: NetTransition): boolean {
  for (const p of t.inputs) if (m[p] < 1) return false;
  return true;
}

/** The marking after firing `t` (which must be enabled). */
export function fire(m: Marking, t: NetTransition): Marking {
  const next = m.slice();
  for (const p of t.inputs) next[p] -= 1;
  for (const p of t.outputs) next[p] += 1;
  return next;
}

/** A compact string key of a marking, for visited sets. */
export function markingKey(m: Marking): string {
  return m.join(',');
}

export function sameMarking(a: Marking, b: Marking): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function tokenCount(m: Marking): number {
  let n = 0;
  for (const x of m) n += x;
  return n;
}

/** Incrementally builds a {@link PetriNet}, naming places and transitions. */
export class NetBuilder {
  private readonly placeIndex = new Map<string, number>();
  readonly places: string[] = [];
  readonly transitions: NetTransition[] = [];

  place(name: string): number {
    let i = this.placeIndex.get(name);
    if (i === undefined) {
      i = this.places.length;
      this.places.push(name);
      this.placeIndex.set(name, i);
    }
    return i;
  }

  transition(id: string, inputs: number[], outputs: number[], label?: string, elementId?: string): NetTransition {
    const t: NetTransition = { id, inputs: [...new Set(inputs)], outputs: [...new Set(outputs)], label, elementId };
    this.transitions.push(t);
    return t;
  }

  marking(tokens: Record<string, number>): Marking {
    const m = new Array<number>(this.places.length).fill(0);
    for (const [name, n] of Object.entries(tokens)) m[this.place(name)] = n;
    return m;
  }

  build(initial: Record<string, number>, final: Record<string, number>): PetriNet {
    // Name every marked place first so that both markings cover all places.
    for (const name of [...Object.keys(initial), ...Object.keys(final)]) this.place(name);
    return {
      places: [...this.places],
      transitions: this.transitions,
      initialMarking: this.marking(initial),
      finalMarking: this.marking(final),
    };
  }
}
