/** What runProcess returns when the case ends (additive to the contract in messages.ts). */
import type { CaseState, CaseStatus } from './messages';

export interface ProcessResult {
  caseId: string;
  status: CaseStatus;
  variables: Record<string, unknown>;
  outcome?: CaseState['outcome'];
}
