import { ProblemMarkers } from './problem-markers';

/** Highlights elements the API rejected a deployment for. */
export default {
  __init__: ['problemMarkers'],
  problemMarkers: ['type', ProblemMarkers],
};
