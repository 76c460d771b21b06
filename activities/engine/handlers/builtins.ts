/** Built-in handlers every deployment has. */
import { BpmnHandlerError, HandlerRegistry } from './registry';

/** A registry holding the built-ins: 'echo', 'set-variables', 'fail', 'bpmn-error'. */
export function createHandlerRegistry(): HandlerRegistry {
  return new HandlerRegistry()
    .registerHandler('echo', { description: 'Returns its input variables unchanged.', run: (input) => Promise.resolve({ ...input }) })
    .registerHandler('set-variables', {
      description: 'Returns the static headers as variables (values parsed as JSON when they parse).',
      run: (_input, headers) => {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(headers)) {
          try {
            out[k] = JSON.parse(v);
          } catch {
            out[k] = v;
          }
        }
        return Promise.resolve(out);
      },
    })
    .registerHandler('fail', {
      description: 'Always throws (for tests); header "message" sets the message.',
      run: (_input, headers) => Promise.reject(new Error(headers.message ?? 'fail handler always fails')),
    })
    .registerHandler('bpmn-error', {
      description: 'Throws a BPMN error with header "code" (for error boundary events).',
      run: (_input, headers) => Promise.reject(new BpmnHandlerError(headers.code ?? 'ERROR', headers.message)),
    });
}
