// The fence around workflows/: code there runs in Temporal's deterministic sandbox, so it may not
// import Node built-ins or I/O libraries, and may import activity, store, API or worker code only
// with `import type`. Kept in its own module so tests/unit/lint-fence.test.ts can prove it bites.
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export const workflowFence = {
  // Deterministic sandbox: no Node built-ins, no I/O libraries, activity/store code only as types.
  files: ['workflows/**/*.ts'],
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        paths: [
          ...nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in the deterministic sandbox: no Node built-ins.',
          })),
          { name: 'mongoose', message: 'Workflows do no I/O; call an activity.' },
          { name: 'express', message: 'Workflows do no I/O; call an activity.' },
        ],
        patterns: [
          {
            group: ['**/activities/**', '**/activities', '**/store/**', '**/store', '**/api/**', '**/worker/**'],
            allowTypeImports: true,
            message: 'Workflows may import activity, store and API code only with `import type`.',
          },
        ],
      },
    ],
  },
};
