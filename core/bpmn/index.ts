export { compileBpmn, type CompileOptions } from './compile';
export * from './graph';
