/**
 * The lint fence around workflows/ must bite: a workflow file that imports a Node built-in, an I/O
 * library, or activity code as a value fails lint; `import type` of activity code passes.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const repoRoot = path.resolve(__dirname, '../..');

async function lintWorkflowSource(code: string): Promise<string[]> {
  // eslint.workflow-fence.mjs is ESM; dynamic import keeps this test file CommonJS-friendly.
  const { workflowFence } = (await import(path.join(repoRoot, 'eslint.workflow-fence.mjs'))) as {
    workflowFence: Record<string, unknown>;
  };
  const eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { '@typescript-eslint': tseslint.plugin } },
      workflowFence,
    ],
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, 'workflows/probe.ts') });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('workflow lint fence', () => {
  test.each([
    ["import fs from 'fs';", /no Node built-ins/],
    ["import { readFile } from 'node:fs/promises';", /no Node built-ins/],
    ["import mongoose from 'mongoose';", /do no I\/O/],
    ["import { createActivities } from '../activities';", /only with `import type`/],
    ["import { connectMongo } from '../store/connection';", /only with `import type`/],
  ])('when a workflow says %s, then lint fails', async (code, message) => {
    const messages = await lintWorkflowSource(`${code}\nexport const x = 1;\n`);
    expect(messages.join('\n')).toMatch(message);
  });

  test('when a workflow imports activity code with `import type`, then lint passes', async () => {
    const messages = await lintWorkflowSource("import type { Activities } from '../activities';\nexport type A = Activities;\n");
    expect(messages).toEqual([]);
  });
});
