'use strict';
// Test helper (not a test file): a small course shape and a tracker over scorm-again, driven like the page drives it.
const assert = require('node:assert/strict');
const { loadRuntime, makeLms, fakeClock } = require('./runtime.js');

const CR = loadRuntime();

/** Learning objectives: l1 teaches two; a4 (matching) tests all of them, as the real course's five-principle item. */
const OBJECTIVES = [
  { id: 'o1', lesson: 'l1' }, { id: 'o2', lesson: 'l1' }, { id: 'o3', lesson: 'l2' }, { id: 'o4', lesson: 'l3' },
];
const QUESTIONS = [
  { id: 'a1', type: 'choice', options: ['a1-x', 'a1-y', 'a1-z'], correct: [1], objectives: ['o1'] },
  { id: 'a2', type: 'true-false', correct: [0], objectives: ['o3'] },
  { id: 'a3', type: 'sequencing', options: ['s1', 's2', 's3'], correct: [2, 0, 1], objectives: ['o4'] },
  {
    id: 'a4', type: 'matching', options: ['m1', 'm2', 'm3'], targets: ['t1', 't2', 't3'], correct: [1, 0, 2],
    objectives: ['o1', 'o2', 'o3', 'o4'],
  },
  { id: 'a5', type: 'choice', options: ['a5-x', 'a5-y', 'a5-z', 'a5-w'], correct: [0, 3], objectives: ['o2'] },
];
const WRONG = { a1: [0], a2: [1], a3: [0, 1, 2], a4: [0, 1, 2], a5: [0] };
const SHAPE = {
  lessons: ['l1', 'l2', 'l3'],
  checks: [{ id: 'k1', options: 3 }, { id: 'k2', options: 2 }],
  assessment: QUESTIONS.map((q) => ({ id: q.id, options: (q.targets || q.options || [0, 1]).length, length: (q.options || [0]).length })),
};

/** A tracker over a scorm-again LMS (or none), with a hand-driven clock. */
function setup(version, lmsOpts, trackerOpts) {
  const lms = version ? makeLms(version, lmsOpts) : null;
  const clock = fakeClock();
  const warnings = [];
  const problems = [];
  const win = lms ? lms.win : Object.assign(new EventTarget(), { navigator: { languages: ['sv-SE'] } });
  if (!lms) win.parent = win;
  const tracker = CR.tracker.create(Object.assign({
    courseId: 'ledarskap', shape: SHAPE, passingScore: 0.8, locales: ['sv', 'en', 'fi', 'ar'], defaultLocale: 'sv',
    standard: version || '2004', win, now: clock.now, timers: clock.timers, retryDelays: [100, 200, 400],
    logger: { warn: (m) => warnings.push(m) }, objectives: OBJECTIVES,
    describe: (id) => ({ description: 'Mål ' + id, lang: 'sv' }),
  }, trackerOpts));
  tracker.onSaveProblem((p) => problems.push(p));
  return { lms, clock, tracker, warnings, problems, win };
}

/** One learner action, then the end of the task (when the coalesced commit runs), then some reading time. */
function act(ctx, fn) {
  const result = fn(ctx.tracker);
  ctx.clock.advance(20000);
  return result;
}

function answerAll(ctx, answers) {
  act(ctx, (t) => t.startAttempt(1234));
  const shownAt = ctx.clock.now(); // the whole attempt is shown at once
  let correct = 0;
  for (const q of QUESTIONS) {
    const value = answers[q.id] || q.correct;
    const extra = { shownAt, answeredAt: shownAt + 15000, description: 'Fråga ' + q.id };
    if (act(ctx, (t) => t.answerAssessment(q, value, extra))) correct++;
  }
  return act(ctx, (t) => t.scoreAssessment(correct, QUESTIONS.length));
}

function sets(lms) {
  return lms.calls.filter((c) => c.fn === lms.names.set);
}

/** The LMS was never handed an error: no failed call, no scorm-again error log, nothing for us to warn about. */
function assertClean(ctx) {
  const { lms } = ctx;
  const failed = lms.calls.filter((c) => c.fn !== lms.names.get && (c.result !== 'true' || c.code !== 0));
  assert.deepEqual(failed, []);
  assert.deepEqual(lms.errors(), []);
  // Reads: only 2004's "not initialized" for a passing score the LMS did not set, which cannot be
  // asked any other way (scorm-again logs it as a warning, not an error).
  const failedReads = lms.calls.filter((c) => c.fn === lms.names.get && c.code !== 0 && c.result === '');
  for (const c of failedReads) assert.deepEqual([c.args[0], c.code], ['cmi.scaled_passing_score', 403]);
  assert.deepEqual(ctx.warnings, []);
  assert.deepEqual(ctx.problems, []);
}

module.exports = { CR, OBJECTIVES, QUESTIONS, WRONG, SHAPE, setup, act, answerAll, sets, assertClean };
