/** Multi-instance (parallel and sequential) and standard loops around any activity behaviour. */
import { CancellationScope, isCancellation } from '@temporalio/workflow';
import { IncidentError, type Behaviour, type BehaviourContext, type Outcome } from './types';

function count(v: unknown, expr: string): number {
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n) || n < 0) throw new IncidentError('expression-failed', `loop cardinality is not a whole number`, expr);
  return n;
}

/** Runs the activity once per item (or `cardinality` times), collecting outputs into `outputCollection`. */
export async function runMultiInstance(ctx: BehaviourContext, behaviour: Behaviour): Promise<Outcome> {
  const mi = ctx.element.multiInstance;
  if (!mi) return behaviour.execute(ctx);
  const { engine } = ctx;
  let items: unknown[];
  if (mi.collection) {
    const v = engine.expression(mi.collection, ctx.vars);
    if (!Array.isArray(v)) throw new IncidentError('expression-failed', `multi-instance collection is not a list`, mi.collection);
    items = v;
  } else {
    const n = count(engine.expression(mi.cardinality ?? '1', ctx.vars), mi.cardinality ?? '1');
    items = Array.from({ length: n }, (_, i) => i + 1);
  }
  const nrOfInstances = items.length;
  const results: unknown[] = new Array<unknown>(nrOfInstances).fill(null);
  let completed = 0;
  let done = false;

  const runOne = async (i: number): Promise<void> => {
    const local: Record<string, unknown> = { ...engine.scopeVars(ctx.token.scopeInstanceId), loopCounter: i + 1 };
    if (mi.elementVariable) local[mi.elementVariable] = items[i];
    const out = await behaviour.execute({ ...ctx, vars: local, instance: i + 1 });
    const output = 'output' in out && out.output ? out.output : {};
    if (mi.outputCollection) {
      results[i] = mi.outputElement ? engine.expression(mi.outputElement, { ...local, ...output }) : output;
    } else {
      engine.mergeVarsFrom(ctx.token.scopeInstanceId, output);
    }
    completed += 1;
    if (mi.completionCondition) {
      const vars = { ...local, ...output, nrOfInstances, nrOfCompletedInstances: completed, nrOfActiveInstances: nrOfInstances - completed };
      if (engine.condition(mi.completionCondition, vars)) done = true;
    }
  };

  if (mi.sequential) {
    for (let i = 0; i < nrOfInstances && !done; i++) await runOne(i);
  } else {
    const scope = new CancellationScope();
    await Promise.all(
      items.map((_, i) =>
        scope
          .run(async () => {
            await runOne(i);
            if (done) scope.cancel();
          })
          .catch((err: unknown) => {
            if (!(done && isCancellation(err))) throw err;
          }),
      ),
    );
  }
  return { kind: 'leave', output: mi.outputCollection ? { [mi.outputCollection]: results } : undefined };
}

/** Standard loop: repeat while the condition holds, at most `maximum` times. */
export async function runStandardLoop(ctx: BehaviourContext, behaviour: Behaviour): Promise<Outcome> {
  const loop = ctx.element.loop;
  if (!loop) return behaviour.execute(ctx);
  const { engine } = ctx;
  const max = loop.maximum ?? 1000;
  let n = 0;
  const again = (): boolean => (loop.condition ? engine.condition(loop.condition, { ...engine.scopeVars(ctx.token.scopeInstanceId), loopCounter: n }) : false);
  if (loop.testBefore && !again()) return { kind: 'leave' };
  do {
    n += 1;
    const out = await behaviour.execute({ ...ctx, vars: { ...engine.scopeVars(ctx.token.scopeInstanceId), loopCounter: n }, instance: n });
    if ('output' in out && out.output) engine.mergeVarsFrom(ctx.token.scopeInstanceId, out.output);
  } while (n < max && again());
  return { kind: 'leave' };
}
