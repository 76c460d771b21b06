/**
 * Jest runs TypeScript through SWC (type checking is `npm run typecheck`'s job) and transforms the
 * ESM-only bpmn-io and lezer packages so they load in Jest's CommonJS module system.
 */
const esmPackages = [
  'bpmn-moddle', 'moddle', 'moddle-xml', 'saxen', 'min-dash', 'min-dom', '@bpmn-io', 'bpmnlint', 'bpmnlint-utils',
  'camunda-bpmn-moddle', 'zeebe-bpmn-moddle', 'feelin', '@lezer', 'lezer-feel', 'luxon', 'feelers', 'ids', 'jose'
];
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmPackages.join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/tests/support/jest-setup.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
