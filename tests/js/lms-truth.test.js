'use strict';
// What real LMSs hand the course (issue "LMS truth"): launch modes, relaunches with data, exits, latency, language.
const test = require('node:test');
const assert = require('node:assert/strict');
const { CR, QUESTIONS, WRONG, SHAPE, setup, act, answerAll, sets, assertClean } = require('./journey.js');

/** A finished, passed attempt as the LMS stored it (the data model after terminate). */
function passedRecord(version) {
  const ctx = setup(version);
  act(ctx, (t) => t.start());
  for (const lesson of SHAPE.lessons) act(ctx, (t) => { t.visit(lesson); t.lessonSeen(lesson); });
  answerAll(ctx, {});
  act(ctx, (t) => t.visit('summary'));
  ctx.tracker.terminate();
  assertClean(ctx);
  return JSON.parse(JSON.stringify(ctx.lms.state.committed));
}

function withMode(version, cmi, mode, entry) {
  const out = JSON.parse(JSON.stringify(cmi || {}));
  if (version === '1.2') {
    out.core = Object.assign(out.core || {}, { lesson_mode: mode, entry });
  } else {
    Object.assign(out, { mode, entry });
  }
  return out;
}

const writes = (lms) => lms.calls.filter((c) => c.fn === lms.names.set || c.fn === lms.names.commit);

for (const version of ['1.2', '2004']) {
  const v12 = version === '1.2';

  for (const mode of ['review', 'browse']) {
    test(`${version}: ${mode} mode of a passed attempt shows the record and writes nothing`, () => {
      const ctx = setup(version, { cmi: withMode(version, passedRecord(version), mode, '') });
      const state = act(ctx, (t) => t.start());
      assert.equal(state.lmsMode, mode);
      assert.equal(state.recording, false);
      assert.deepEqual([state.resumed, state.passed, state.best, state.seen], [true, true, 100, SHAPE.lessons]);
      act(ctx, (t) => { t.visit('l1'); t.setLocale('ar'); });
      answerAll(ctx, WRONG); // the learner may try the questions again: nothing of it is recorded
      ctx.tracker.exit();
      assert.deepEqual(writes(ctx.lms), [], 'no SetValue, no Commit');
      assert.equal(ctx.lms.count(ctx.lms.names.terminate), 1);
    });

    test(`${version}: ${mode} mode of a fresh attempt writes nothing`, () => {
      const ctx = setup(version, { cmi: withMode(version, null, mode, 'ab-initio') });
      act(ctx, (t) => t.start());
      act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
      ctx.tracker.terminate();
      assert.deepEqual(writes(ctx.lms), []);
      assertClean(ctx);
    });
  }

  test(`${version}: no-credit tracks as normal`, () => {
    const cmi = v12 ? { core: { credit: 'no-credit' } } : { credit: 'no-credit' };
    const ctx = setup(version, { cmi });
    const state = act(ctx, (t) => t.start());
    assert.deepEqual([state.credit, state.recording], ['no-credit', true]);
    act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
    assert.ok(sets(ctx.lms).some((c) => c.args[0] === 'cmi.suspend_data'));
  });

  test(`${version}: a relaunch with entry ab-initio and the data kept resumes and never downgrades the record`, () => {
    const stored = passedRecord(version);
    const cmi = JSON.parse(JSON.stringify(stored));
    if (v12) cmi.core.entry = 'ab-initio'; else cmi.entry = 'ab-initio';
    const ctx = setup(version, { cmi });
    const state = act(ctx, (t) => t.start());
    assert.deepEqual([state.resumed, state.passed, state.best], [true, true, 100], 'the suspend data was read');
    answerAll(ctx, WRONG); // a retake at 0 %
    ctx.tracker.terminate();
    assertClean(ctx);
    const after = ctx.lms.state.committed;
    if (v12) {
      assert.equal(after.core.lesson_status, 'passed');
      assert.equal(after.core.score.raw, '100');
    } else {
      assert.deepEqual([after.completion_status, after.success_status, after.score.raw], ['completed', 'passed', '100']);
    }
    const statuses = sets(ctx.lms).filter((c) => /lesson_status$|completion_status$|success_status$/.test(c.args[0]));
    for (const c of statuses) assert.ok(['passed', 'completed'].includes(c.args[1]), c.args.join(' = '));
  });

  test(`${version}: the suspend data lost, the LMS's status, score and objectives still win`, () => {
    const stored = passedRecord(version);
    const cmi = JSON.parse(JSON.stringify(stored));
    cmi.suspend_data = '';
    if (v12) cmi.core.entry = 'ab-initio'; else cmi.entry = 'resume';
    const ctx = setup(version, { cmi });
    const state = act(ctx, (t) => t.start());
    assert.deepEqual([state.resumed, state.passed, state.best], [false, true, 100]);
    act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
    answerAll(ctx, WRONG);
    ctx.tracker.terminate();
    const after = ctx.lms.state.committed;
    assert.equal(v12 ? after.core.lesson_status : after.success_status, 'passed');
    assert.equal(v12 ? after.core.score.raw : after.score.raw, '100');
    if (!v12) assert.equal(after.completion_status, 'completed');
    const objective = sets(ctx.lms).filter((c) => /^cmi\.objectives\.\d+\.(status|completion_status)$/.test(c.args[0]));
    assert.deepEqual(objective, [], 'an objective the LMS holds as done is not written again');
  });

  test(`${version}: an LMS that holds "passed" without a score keeps "passed" after a failed retake`, () => {
    const cmi = JSON.parse(JSON.stringify(passedRecord(version)));
    cmi.suspend_data = '';
    if (v12) Object.assign(cmi.core, { entry: 'resume', score: { raw: '' } }); else Object.assign(cmi, { entry: 'resume', score: { raw: '' } });
    const ctx = setup(version, { cmi });
    assert.equal(act(ctx, (t) => t.start()).passed, true);
    answerAll(ctx, WRONG);
    ctx.tracker.terminate();
    const after = ctx.lms.state.committed;
    assert.equal(v12 ? after.core.lesson_status : after.success_status, 'passed');
  });

  test(`${version}: page dismissal sets the final values and terminates without a Commit`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    act(ctx, (t) => t.visit('l1'));
    const before = ctx.lms.count(ctx.lms.names.commit);
    ctx.tracker.visit('l2'); // pending, not committed yet
    ctx.win.dispatchEvent(new Event('beforeunload'));
    ctx.win.dispatchEvent(new Event('pagehide'));
    assert.equal(ctx.lms.count(ctx.lms.names.commit), before, 'no Commit during dismissal');
    assert.equal(ctx.lms.count(ctx.lms.names.terminate), 1);
    const stored = ctx.lms.state.committed;
    assert.equal(v12 ? stored.core.lesson_location : stored.location, 'l2', 'Terminate stored what was pending');
    assert.equal(v12 ? stored.core.exit : stored.exit, 'suspend');
    assertClean(ctx);
  });

  test(`${version}: Exit while the page is alive commits, asks the LMS to close the SCO and terminates`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
    assert.equal(ctx.tracker.exit(), true);
    assert.equal(ctx.tracker.state().exited, true);
    ctx.win.dispatchEvent(new Event('pagehide'));
    const names = ctx.lms.calls.map((c) => c.fn);
    const last = names.slice(names.lastIndexOf(ctx.lms.names.commit));
    assert.deepEqual(last.filter((n) => n !== ctx.lms.names.set), [ctx.lms.names.commit, ctx.lms.names.terminate]);
    if (!v12) {
      const nav = sets(ctx.lms).filter((c) => c.args[0] === 'adl.nav.request');
      assert.deepEqual(nav.map((c) => c.args[1]), ['suspendAll'], 'unfinished: suspend the attempt');
    }
    assert.equal(ctx.lms.count(ctx.lms.names.terminate), 1);
    assertClean(ctx);
  });

  test(`${version}: Exit when finished ends the attempt; an Exit whose Commit fails leaves the session open`, () => {
    let failing = true;
    const ctx = setup(version, { fail: (fn) => (failing && /Commit$/.test(fn) ? (v12 ? 101 : 391) : null) });
    act(ctx, (t) => t.start());
    for (const lesson of SHAPE.lessons) act(ctx, (t) => { t.visit(lesson); t.lessonSeen(lesson); });
    answerAll(ctx, {});
    assert.equal(ctx.tracker.exit(), false, 'not confirmed');
    assert.equal(ctx.tracker.state().phase, 'running');
    assert.equal(ctx.lms.count(ctx.lms.names.terminate), 0);
    failing = false;
    assert.equal(ctx.tracker.exit(), true);
    const stored = ctx.lms.state.committed;
    assert.equal(v12 ? stored.core.exit : stored.exit, v12 ? '' : 'normal');
    if (!v12) assert.equal(sets(ctx.lms).filter((c) => c.args[0] === 'adl.nav.request').pop().args[1], 'exitAll');
  });

  test(`${version}: timestamp is when the question was shown, latency the time to the first response`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    const shownAt = ctx.clock.now();
    const q = QUESTIONS[0];
    act(ctx, (t) => t.answerAssessment(q, [1], { shownAt, answeredAt: shownAt + 7000 }));
    act(ctx, (t) => t.answerAssessment(QUESTIONS[1], [0], { shownAt }));
    const sent = Object.fromEntries(sets(ctx.lms).map((c) => [c.args[0], c.args[1]]));
    const stamp = v12 ? CR.scorm12.time12(shownAt) : CR.scorm2004.timestamp2004(shownAt);
    assert.equal(sent['cmi.interactions.0.' + (v12 ? 'time' : 'timestamp')], stamp);
    assert.equal(sent['cmi.interactions.0.latency'], v12 ? '00:00:07.00' : 'PT7S');
    assert.equal(sent['cmi.interactions.1.latency'], undefined, 'no first response known: no latency');
    assertClean(ctx);
  });

  test(`${version}: on relaunch a language the LMS now prefers wins over the one kept in suspend data`, () => {
    const first = setup(version);
    act(first, (t) => t.start());
    act(first, (t) => t.setLocale('fi'));
    first.tracker.terminate();
    const stored = JSON.parse(JSON.stringify(first.lms.state.committed));
    const pref = (cmi) => (v12 ? cmi.student_preference : cmi.learner_preference);
    assert.equal(pref(stored).language, 'fi', 'the choice was written back');
    if (v12) stored.core.entry = 'resume'; else stored.entry = 'resume';

    const same = setup(version, { cmi: stored, languages: ['sv'] });
    assert.equal(act(same, (t) => t.start()).locale, 'fi', 'unchanged preference: the learner\'s choice');

    const changed = JSON.parse(JSON.stringify(stored));
    pref(changed).language = 'ar';
    const admin = setup(version, { cmi: changed });
    assert.equal(act(admin, (t) => t.start()).locale, 'ar', 'changed in the LMS since: the LMS wins');

    const cleared = JSON.parse(JSON.stringify(stored));
    pref(cleared).language = '';
    const none = setup(version, { cmi: cleared, languages: ['sv'] });
    assert.equal(act(none, (t) => t.start()).locale, 'fi', 'no preference (Moodle sends none): suspend data');
  });
}
