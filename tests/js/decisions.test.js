'use strict';
// Decision scenarios in the tracker and both adapters: the path is kept for resume, the choices of the learner's
// first path reach the LMS as neutral interactions (2004 "other", 1.2 "performance"), nothing after going back to
// the start, nothing at all when the course switches reporting off; never a score or a status.
const test = require('node:test');
const assert = require('node:assert/strict');
const { CR, SHAPE, setup, act, sets, assertClean } = require('./journey.js');
require('./runtime.js').loadPage(); // CR.decisions is the page's

const WITH_SCENARIOS = Object.assign({}, SHAPE, { decisions: [{ id: 'post', depth: 2 }, { id: 'rumour', depth: 3 }] });
/** A scenario as the page's config has it: start -> (a: next, b: end-bad), next -> (c: end-good, d: end-bad). */
const POST = { start: 'start', depth: 2, steps: { start: [['a', 'next'], ['b', 'end-bad']], next: [['c', 'end-good'], ['d', 'end-bad']] } };

/** The interactions the LMS stored, in order, as [id, type, response, result]. */
function stored(ctx, v12) {
  return Object.values(ctx.lms.state.committed.interactions || {}).map((i) =>
    [i.id, i.type, v12 ? i.student_response : i.learner_response, i.result]);
}

function decide(ctx, path, step, choice) {
  return act(ctx, (t) => t.decide('post', path, step && { id: 'post.' + step, choice, description: 'Inlägget – ' + step }));
}

test('walk: a path leads through its steps to the step or ending it stands at, and is cut where it stops fitting', () => {
  assert.deepEqual(CR.decisions.walk(POST, []), { steps: [], taken: [], at: 'start' });
  assert.deepEqual(CR.decisions.walk(POST, [0, 1]), { steps: ['start', 'next'], taken: [0, 1], at: 'end-bad' });
  assert.deepEqual(CR.decisions.walk(POST, [1]), { steps: ['start'], taken: [1], at: 'end-bad' });
  // A choice that does not exist, or one past an ending, ends the path where it still fits.
  assert.deepEqual(CR.decisions.walk(POST, [0, 2]), { steps: ['start'], taken: [0], at: 'next' });
  assert.deepEqual(CR.decisions.walk(POST, [1, 0, 0]), { steps: ['start'], taken: [1], at: 'end-bad' });
  assert.deepEqual(CR.decisions.walk(POST, undefined).at, 'start');
});

for (const version of ['1.2', '2004']) {
  const v12 = version === '1.2';

  test(`${version}: the choices of the first path are reported as neutral interactions, in the order made`, () => {
    const ctx = setup(version, undefined, { shape: WITH_SCENARIOS });
    act(ctx, (t) => t.start());
    decide(ctx, [0], 'start', 'a');
    decide(ctx, [0, 1], 'next', 'd');
    ctx.tracker.terminate();
    assertClean(ctx);
    const type = v12 ? 'performance' : 'other';
    assert.deepEqual(stored(ctx, v12), [['post.start', type, 'a', 'neutral'], ['post.next', type, 'd', 'neutral']]);
    const written = sets(ctx.lms).map((c) => c.args[0]);
    assert.ok(!written.some((e) => /correct_responses/.test(e)), 'a decision is neither right nor wrong: no pattern');
    assert.ok(!written.some((e) => /score|lesson_status|success_status|completion_status/.test(e) && !/^cmi\.(core\.lesson_status|completion_status)$/.test(e)));
    if (!v12) {
      const description = ctx.lms.state.committed.interactions['0'].description;
      assert.equal(description, '{lang=' + ctx.tracker.state().locale + '}Inlägget – start', 'in the language shown');
    }
    assert.deepEqual(ctx.tracker.state().decisions, { post: [0, 1] });
  });

  test(`${version}: after going back to the start, the paths tried are kept but not reported`, () => {
    const ctx = setup(version, undefined, { shape: WITH_SCENARIOS });
    act(ctx, (t) => t.start());
    decide(ctx, [1], 'start', 'b');
    decide(ctx, [], null, null); // back to the start
    decide(ctx, [0], 'start', 'a');
    ctx.tracker.terminate();
    assertClean(ctx);
    assert.deepEqual(stored(ctx, v12).map((i) => i[2]), ['b'], 'only the first path');
    // The mark survives a relaunch: the next session reports nothing for this scenario either.
    const again = setup(version, { answers: relaunch(ctx, v12) }, { shape: WITH_SCENARIOS });
    const snap = act(again, (t) => t.start());
    assert.deepEqual(snap.decisions, { post: [0] }, 'the path is restored');
    decide(again, [0, 0], 'next', 'c');
    again.tracker.terminate();
    assert.ok(!sets(again.lms).some((c) => /interactions/.test(c.args[0])), 'nothing more reported');
    assert.deepEqual(again.tracker.state().decisions, { post: [0, 0] });
  });

  test(`${version}: with reporting switched off the path is kept and the LMS gets no interaction`, () => {
    const ctx = setup(version, undefined, { shape: WITH_SCENARIOS, reportDecisions: false });
    act(ctx, (t) => t.start());
    decide(ctx, [0], 'start', 'a');
    ctx.tracker.terminate();
    assertClean(ctx);
    assert.deepEqual(stored(ctx, v12), []);
    assert.ok(!sets(ctx.lms).some((c) => /interactions/.test(c.args[0])));
    assert.match(ctx.lms.state.committed.suspend_data, /~0\.~0~/, 'the path in suspend data');
  });
}

/** What the LMS hands the next session: resume, with the suspend data committed. */
function relaunch(ctx, v12) {
  const data = ctx.lms.state.committed.suspend_data;
  return v12 ? { 'cmi.core.entry': 'resume', 'cmi.suspend_data': data } : { 'cmi.entry': 'resume', 'cmi.suspend_data': data };
}
