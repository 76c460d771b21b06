/** Script tasks are never run (no user scripts): an incident that an operator can skip. */
import { IncidentError, type Behaviour } from '../../types';

export const scriptTask: Behaviour = {
  execute: ({ element }) => Promise.reject(new IncidentError('unsupported', `script task ${element.id}: user scripts are never run`)),
};
