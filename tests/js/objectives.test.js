'use strict';
// The LMS's objectives are the course's learning objectives: completed when their lesson is seen, scored and passed
// or failed on the questions that test them at each hand-in, the best result kept, in either standard.
const test = require('node:test');
const assert = require('node:assert/strict');
const { OBJECTIVES, QUESTIONS, WRONG, SHAPE, setup, act, answerAll, sets, assertClean } = require('./journey.js');

/** The objectives the LMS stored, by id: [status or success, raw score] (1.2) / [completion, success, scaled, raw]. */
function stored(ctx, v12) {
  const out = {};
  for (const o of Object.values(ctx.lms.state.committed.objectives)) {
    out[o.id] = v12 ? [o.status, o.score.raw] : [o.completion_status, o.success_status, o.score.scaled, o.score.raw];
  }
  return out;
}

/** Objective statuses the course wrote (1.2 status, 2004 success_status) with their values. */
const successWrites = (lms) => sets(lms).filter((c) => /^cmi\.objectives\.\d+\.(status|success_status)$/.test(c.args[0]));

function seeAll(ctx) {
  for (const lesson of SHAPE.lessons) act(ctx, (t) => { t.visit(lesson); t.lessonSeen(lesson); });
}

for (const version of ['1.2', '2004']) {
  const v12 = version === '1.2';
  const mastery = (fraction) => (v12 ? { student_data: { mastery_score: String(fraction * 100) } } : { scaled_passing_score: String(fraction) });

  test(`${version}: each objective gets the share of right answers among its questions, passed or failed`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    seeAll(ctx);
    // a1 wrong: o1 is tested by a1 and a4 (1 of 2); o2 by a4 and a5; o3 by a2 and a4; o4 by a3 and a4.
    answerAll(ctx, { a1: WRONG.a1 });
    ctx.tracker.terminate();
    assertClean(ctx);
    assert.deepEqual(stored(ctx, v12), v12
      ? { o1: ['failed', '50'], o2: ['passed', '100'], o3: ['passed', '100'], o4: ['passed', '100'] }
      : {
        o1: ['completed', 'failed', '0.5', '50'], o2: ['completed', 'passed', '1', '100'],
        o3: ['completed', 'passed', '1', '100'], o4: ['completed', 'passed', '1', '100'],
      });
  });

  test(`${version}: an objective is completed when its lesson is seen, and only then`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    act(ctx, (t) => t.lessonSeen('l1'));
    ctx.tracker.flush();
    const seen = Object.values(ctx.lms.state.committed.objectives);
    assert.deepEqual(seen.map((o) => [o.id, v12 ? o.status : o.completion_status]), [['o1', 'completed'], ['o2', 'completed']]);
    if (!v12) assert.deepEqual(seen.map((o) => o.success_status), ['unknown', 'unknown'], 'not assessed yet');
    answerAll(ctx, {}); // l2 and l3 not seen: their objectives are scored, not completed
    ctx.tracker.terminate();
    assertClean(ctx);
    const after = stored(ctx, v12);
    assert.deepEqual(after.o3, v12 ? ['passed', '100'] : ['unknown', 'passed', '1', '100']);
    assert.deepEqual(after.o1, v12 ? ['passed', '100'] : ['completed', 'passed', '1', '100']);
  });

  test(`${version}: the pass mark the LMS sets is the one each objective is passed against`, () => {
    const ctx = setup(version, { cmi: mastery(0.5) });
    act(ctx, (t) => t.start());
    seeAll(ctx);
    answerAll(ctx, { a1: WRONG.a1, a4: WRONG.a4 }); // o1: 0 of 2; o2, o3, o4: 1 of 2
    ctx.tracker.terminate();
    const after = stored(ctx, v12);
    assert.deepEqual(['o1', 'o2', 'o3', 'o4'].map((id) => after[id][v12 ? 0 : 1]), ['failed', 'passed', 'passed', 'passed']);
  });

  test(`${version}: a worse later attempt never fails a passed objective; a better one raises a failed one`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    seeAll(ctx);
    answerAll(ctx, { a1: WRONG.a1 }); // o1 failed at 50
    answerAll(ctx, {}); // every objective passed at 100
    const before = successWrites(ctx.lms).length;
    answerAll(ctx, WRONG); // 0 everywhere: the best result stands
    ctx.tracker.terminate();
    assertClean(ctx);
    assert.deepEqual(successWrites(ctx.lms).slice(before), [], 'nothing written over the passed objectives');
    const after = stored(ctx, v12);
    for (const o of OBJECTIVES) assert.deepEqual(after[o.id], v12 ? ['passed', '100'] : ['completed', 'passed', '1', '100'], o.id);

    // The next session, from what the LMS stored: a failed attempt writes nothing over those objectives either.
    const cmi = JSON.parse(JSON.stringify(ctx.lms.state.committed));
    if (v12) cmi.core.entry = 'resume'; else cmi.entry = 'resume';
    const again = setup(version, { cmi });
    act(again, (t) => t.start());
    answerAll(again, WRONG);
    again.tracker.terminate();
    assertClean(again);
    assert.deepEqual(sets(again.lms).filter((c) => /^cmi\.objectives\./.test(c.args[0])), []);
    assert.deepEqual(stored(again, v12), after);
  });

  test(`${version}: an objective held as failed at launch is raised by a better attempt, never lowered`, () => {
    const first = setup(version);
    act(first, (t) => t.start());
    seeAll(first);
    answerAll(first, { a1: WRONG.a1, a4: WRONG.a4 }); // o1 failed at 0
    first.tracker.terminate();
    const cmi = JSON.parse(JSON.stringify(first.lms.state.committed));
    if (v12) cmi.core.entry = 'resume'; else cmi.entry = 'resume';
    const again = setup(version, { cmi });
    act(again, (t) => t.start());
    answerAll(again, { a4: WRONG.a4 }); // o1: 1 of 2, still below the pass mark, but better
    again.tracker.terminate();
    assertClean(again);
    assert.deepEqual(stored(again, v12).o1, v12 ? ['failed', '50'] : ['completed', 'failed', '0.5', '50']);
  });
}

test('2004: the description is the objective\'s text in the language the page shows, on one line, at most 250', () => {
  const long = 'ا'.repeat(300);
  const ctx = setup('2004', {}, {
    describe: (id) => (id === 'o1' ? { description: ' lära\n dig ', lang: 'sv' } : { description: long, lang: 'ar' }),
  });
  act(ctx, (t) => t.start());
  act(ctx, (t) => t.lessonSeen('l1'));
  ctx.tracker.terminate();
  assertClean(ctx);
  const [o1, o2] = Object.values(ctx.lms.state.committed.objectives);
  assert.equal(o1.description, '{lang=sv}lära dig');
  assert.equal(o2.description, '{lang=ar}' + 'ا'.repeat(250));
});

test('only the answers handed in since the attempt began count for the objectives', () => {
  const ctx = setup('2004');
  act(ctx, (t) => t.start());
  act(ctx, (t) => t.startAttempt(1));
  act(ctx, (t) => t.answerAssessment(QUESTIONS[0], WRONG.a1)); // recorded, but the learner starts over
  answerAll(ctx, {});
  ctx.tracker.terminate();
  assertClean(ctx);
  const o1 = Object.values(ctx.lms.state.committed.objectives).find((o) => o.id === 'o1');
  assert.deepEqual([o1.success_status, o1.score.raw], ['passed', '100']);
});
