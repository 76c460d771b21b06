// bpmn-moddle 10 ships types only under `bpmn-moddle/types`; this declares the constructor the compiler uses.
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<unknown>;
  }
}

// bpmnlint 11 is CommonJS without declarations for its linter and rules.
declare module 'bpmnlint/lib/linter' {
  export interface LintReport {
    id?: string;
    message: string;
    category: string;
    name?: string;
  }
  export default class Linter {
    constructor(options: { config?: unknown; resolver: unknown });
    lint(root: unknown, config?: unknown): Promise<Record<string, LintReport[]>>;
  }
}
declare module 'bpmnlint/config/recommended' {
  const config: { rules: Record<string, string> };
  export default config;
}
declare module 'bpmnlint/rules/*' {
  const factory: (options?: unknown) => unknown;
  export default factory;
}
