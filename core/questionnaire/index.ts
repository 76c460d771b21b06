/** Questionnaires: definitions with branching, guided-script navigation, answer-sheet checks, reorder, copy, JSON files and statistics. Pure: no I/O, no clock. */
export * from './types';
export { questionnaireProblems, validateQuestionnaire } from './validate';
export { nextQuestion, walkPath, type PathWalk } from './navigate';
export { checkAnswerSheet, type SheetVerdict } from './answer-sheet';
export { reorderOptions, reorderQuestions, type ReorderResult } from './reorder';
export { copyQuestions, type CopyResult } from './copy';
export {
  exportQuestionnaire,
  importQuestionnaire,
  QUESTIONNAIRE_FORMAT,
  QUESTIONNAIRE_FORMAT_VERSION,
  type QuestionnaireFile,
} from './json-format';
export {
  questionStatistics,
  type OptionCount,
  type QuestionStatistics,
  type QuestionnaireStatistics,
} from './statistics';
