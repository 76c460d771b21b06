/** The guard of a complaint write, checked on the record read by key (store/complaint-guard.ts), with MongoDB's meaning. */
import { guardFields, matchesGuard, UnsupportedGuard } from '../../../store/complaint-guard';

const doc = {
  _id: 'c1',
  round: 1,
  status: 'assigned',
  kind: 'complaint',
  replies: [{ key: 'c1:reply:0', channel: 'sms' }],
  receivedAt: new Date(1000),
};

describe('complaint write guards', () => {
  test('equality, $in and an empty guard', () => {
    expect(matchesGuard(doc, {})).toBe(true);
    expect(matchesGuard(doc, { round: 1, status: 'assigned' })).toBe(true);
    expect(matchesGuard(doc, { round: 0, status: 'assigned' })).toBe(false);
    expect(matchesGuard(doc, { status: { $in: ['classified', 'assigned'] } })).toBe(true);
    expect(matchesGuard(doc, { status: { $in: ['replied', 'surveyed'] } })).toBe(false);
    expect(matchesGuard(doc, { receivedAt: new Date(1000) })).toBe(true);
  });

  test('null matches a missing or null field only', () => {
    expect(matchesGuard(doc, { category: null })).toBe(true);
    expect(matchesGuard({ ...doc, category: null }, { category: null })).toBe(true);
    expect(matchesGuard(doc, { kind: null })).toBe(false);
  });

  test('$ne through an array means no element has the value; $exists', () => {
    expect(matchesGuard(doc, { 'replies.key': { $ne: 'c1:reply:1' } })).toBe(true);
    expect(matchesGuard(doc, { 'replies.key': { $ne: 'c1:reply:0' } })).toBe(false);
    expect(matchesGuard({ ...doc, replies: [] }, { 'replies.key': { $ne: 'c1:reply:0' } })).toBe(true);
    expect(matchesGuard(doc, { knowledgeId: { $ne: 'kb-1' } })).toBe(true);
    expect(matchesGuard({ ...doc, knowledgeId: 'kb-1' }, { knowledgeId: { $ne: 'kb-1' } })).toBe(false);
    expect(matchesGuard(doc, { owner: { $exists: false } })).toBe(true);
    expect(matchesGuard(doc, { status: { $exists: true } })).toBe(true);
  });

  test('an unknown operator is refused rather than misread', () => {
    expect(() => matchesGuard(doc, { round: { $gt: 0 } })).toThrow(UnsupportedGuard);
  });

  test('the read projects the top-level fields of the guard', () => {
    expect(guardFields({ round: 1, 'replies.key': { $ne: 'x' } })).toEqual({ round: 1, replies: 1 });
  });
});
