import { parseExpression } from '@bpmn-io/feelin';

/**
 * Checks FEEL syntax without evaluating anything: returns a short reason when the expression does not parse,
 * undefined when it does. The lezer parser recovers from errors by inserting error nodes, so we look for them.
 */
export function feelSyntaxError(expression: string): string | undefined {
  if (expression.trim() === '') return 'the expression is empty';
  let position: number | undefined;
  try {
    const tree = parseExpression(expression, {}, undefined);
    tree.iterate({
      enter: (node) => {
        if (position === undefined && node.type.isError) position = node.from;
        return position === undefined;
      },
    });
  } catch (err) {
    return err instanceof Error ? err.message : 'the expression does not parse';
  }
  return position === undefined ? undefined : `syntax error at position ${position + 1}`;
}
