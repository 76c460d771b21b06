import { CaseMarkers } from './case-markers';

/** Overlays and markers that show where a case is and where it has been. */
export default {
  __init__: ['caseMarkers'],
  caseMarkers: ['type', CaseMarkers],
};
