'use strict';
// The session tracker driven like the page drives it, with scorm-again playing the LMS.
const test = require('node:test');
const assert = require('node:assert/strict');
const { CR, OBJECTIVES, QUESTIONS, WRONG, SHAPE, setup, act, answerAll, sets, assertClean } = require('./journey.js');

for (const version of ['1.2', '2004']) {
  const v12 = version === '1.2';

  test(`${version}: the whole journey, failing then passing, ends passed and completed`, () => {
    const ctx = setup(version);
    const { lms, tracker } = ctx;
    const first = act(ctx, (t) => t.start());
    assert.equal(first.mode, 'lms');
    assert.equal(first.version, version);
    assert.equal(first.resumed, false);
    assert.equal(first.locale, 'en', 'browser language when the LMS has no preference');
    for (const lesson of SHAPE.lessons) {
      act(ctx, (t) => { t.visit(lesson + '/p1'); t.lessonSeen(lesson); });
      act(ctx, (t) => t.answerCheck(lesson === 'l1' ? 'k1' : 'k2', [1]));
    }
    const failed = answerAll(ctx, WRONG);
    assert.deepEqual([failed.percent, failed.passed], [0, false]);
    const passed = answerAll(ctx, {});
    assert.deepEqual([passed.percent, passed.best, passed.passed], [100, 100, true]);
    act(ctx, (t) => t.visit('summary'));
    assert.equal(tracker.state().finished, true);
    assert.equal(tracker.terminate(), true);
    ctx.win.dispatchEvent(new Event('pagehide'));
    ctx.win.dispatchEvent(new Event('beforeunload'));
    assert.equal(tracker.terminate(), false);

    assertClean(ctx);
    assert.equal(lms.count(lms.names.initialize), 1);
    assert.equal(lms.count(lms.names.terminate), 1, 'terminated exactly once');
    // One commit per action at most: start, 3 visits, 3 checks, 2 x (start + 5 answers + score), summary.
    // Terminate stores the final values itself, without a Commit of ours.
    const commits = lms.count(lms.names.commit);
    assert.equal(commits, 1 + 3 + 3 + 2 * 7 + 1, 'commits: ' + commits);

    const cmi = lms.state.committed;
    const interactions = Object.values(cmi.interactions);
    assert.equal(interactions.length, 10, 'one interaction per answer');
    assert.deepEqual(interactions.map((i) => i.id), QUESTIONS.map((q) => q.id).concat(QUESTIONS.map((q) => q.id)));
    const objectives = Object.values(cmi.objectives);
    assert.deepEqual(objectives.map((o) => o.id), OBJECTIVES.map((o) => o.id), 'the learning objectives, in course order');
    const sent = sets(lms).map((c) => c.args[0]);
    if (v12) {
      assert.equal(cmi.core.lesson_status, 'passed');
      assert.deepEqual([cmi.core.score.raw, cmi.core.score.min, cmi.core.score.max], ['100', '0', '100']);
      assert.equal(cmi.core.exit, '');
      assert.match(cmi.core.session_time, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
      assert.equal(interactions[0].result, 'wrong');
      assert.equal(interactions[9].student_response, 'a,d');
      assert.deepEqual(objectives.map((o) => [o.status, o.score.raw]), OBJECTIVES.map(() => ['passed', '100']));
      assert.deepEqual(Object.values(interactions[3].objectives).map((o) => o.id), ['o1', 'o2', 'o3', 'o4']);
      assert.ok(sent.lastIndexOf('cmi.core.score.raw') < sent.lastIndexOf('cmi.core.lesson_status'));
    } else {
      assert.equal(cmi.completion_status, 'completed');
      assert.equal(cmi.success_status, 'passed');
      assert.deepEqual([cmi.score.raw, cmi.score.min, cmi.score.max, cmi.score.scaled], ['100', '0', '100', '1']);
      assert.equal(cmi.progress_measure, '1');
      assert.equal(cmi.exit, 'normal');
      assert.match(cmi.session_time, /^PT(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?$/);
      assert.equal(interactions[0].result, 'incorrect');
      assert.equal(interactions[9].learner_response, 'a5_x[,]a5_w');
      assert.equal(interactions[9].description, '{lang=en}Fråga a5');
      assert.deepEqual(objectives.map((o) => [o.completion_status, o.success_status, o.score.scaled, o.score.raw]),
        OBJECTIVES.map(() => ['completed', 'passed', '1', '100']));
      assert.deepEqual(objectives.map((o) => o.description), OBJECTIVES.map((o) => '{lang=sv}Mål ' + o.id));
      assert.deepEqual(Object.values(interactions[3].objectives).map((o) => o.id), ['o1', 'o2', 'o3', 'o4']);
      assert.ok(sent.lastIndexOf('cmi.score.scaled') < sent.lastIndexOf('cmi.success_status'));
    }
    // Session time from start to finish on the test clock: 22 actions of 20 s.
    const sessionTime = sets(lms).find((c) => /session_time$/.test(c.args[0])).args[1];
    assert.equal(sessionTime, v12 ? '00:07:20.00' : 'PT7M20S');
  });

  test(`${version}: leave half-way, relaunch with what the LMS stored, resume with answers kept`, () => {
    const ctx = setup(version, { languages: ['fi-FI'] });
    act(ctx, (t) => t.start());
    act(ctx, (t) => { t.visit('l1/p1'); t.lessonSeen('l1'); });
    act(ctx, (t) => t.answerCheck('k1', [2]));
    act(ctx, (t) => { t.visit('l2/p3'); t.lessonSeen('l2'); });
    act(ctx, (t) => t.startAttempt(99));
    act(ctx, (t) => t.answerAssessment(QUESTIONS[0], [1]));
    ctx.win.dispatchEvent(new Event('pagehide')); // the learner closes the window
    assertClean(ctx);
    const stored = ctx.lms.state.committed;
    assert.equal(v12 ? stored.core.exit : stored.exit, 'suspend');
    assert.equal(v12 ? stored.core.lesson_status : stored.completion_status, 'incomplete');

    // The LMS relaunches with what it stored, as entry "resume".
    const cmi = JSON.parse(JSON.stringify(stored));
    if (v12) cmi.core.entry = 'resume'; else cmi.entry = 'resume';
    const again = setup(version, { cmi, languages: ['en'] });
    const state = act(again, (t) => t.start());
    assert.equal(state.resumed, true);
    assert.equal(state.view, 'l2/p3');
    assert.equal(state.bookmark, 'l2/p3');
    assert.deepEqual(state.seen, ['l1', 'l2']);
    assert.deepEqual(state.checks, { k1: [2] });
    assert.deepEqual(state.answers, { a1: [1] });
    assert.deepEqual([state.attempt, state.seed], [1, 99]);
    assert.equal(state.locale, 'fi', 'the language the learner was reading in, not the new browser one');
    act(again, (t) => t.lessonSeen('l3'));
    act(again, (t) => t.answerAssessment(QUESTIONS[1], [0]));
    again.tracker.terminate();
    assertClean(again);
    const after = again.lms.state.committed;
    assert.equal(Object.keys(after.interactions).length, 2, 'new interactions are appended after the stored one');
    assert.equal(Object.keys(after.objectives).length, OBJECTIVES.length, 'objectives are reused by id, not duplicated');
    assert.equal(v12 ? after.core.lesson_status : after.completion_status, 'completed');
    assert.equal(v12 ? after.core.exit : after.exit, 'suspend', 'not finished: the assessment is not passed yet');
  });

  test(`${version}: the LMS language preference picks the language; switching keeps progress`, () => {
    const pref = (tag) => (v12 ? { student_preference: { language: tag } } : { learner_preference: { language: tag } });
    const fi = setup(version, { cmi: pref('fi-FI') });
    assert.equal(act(fi, (t) => t.start()).locale, 'fi');
    const ar = setup(version, { cmi: pref('ar') });
    assert.equal(act(ar, (t) => t.start()).locale, 'ar');
    act(ar, (t) => { t.visit('l1/p1'); t.lessonSeen('l1'); });
    assert.equal(act(ar, (t) => t.setLocale('sv')), true);
    assert.equal(ar.tracker.setLocale('xx'), false, 'only shipped locales');
    const state = ar.tracker.state();
    assert.deepEqual([state.locale, state.view, state.seen], ['sv', 'l1/p1', ['l1']]);
    ar.tracker.terminate();
    assertClean(ar);
    const cmi = ar.lms.state.committed;
    assert.equal(v12 ? cmi.student_preference.language : cmi.learner_preference.language, 'sv');
    assert.equal(CR.suspend.decode(cmi.suspend_data, SHAPE).locale, 'sv');
  });

  test(`${version}: an LMS mastery score overrides the package's`, () => {
    const cmi = v12 ? { student_data: { mastery_score: '60' } } : { scaled_passing_score: '0.6' };
    const ctx = setup(version, { cmi });
    act(ctx, (t) => t.start());
    const wrongOne = { a1: [0], a2: [1] }; // 3 of 5: 60 %, below the package's 80 %
    const result = answerAll(ctx, wrongOne);
    assert.deepEqual([result.percent, result.passed, result.passingScore], [60, true, 0.6]);
    ctx.tracker.terminate();
    const stored = ctx.lms.state.committed;
    assert.equal(v12 ? stored.core.lesson_status : stored.success_status, 'passed');
    assertClean(ctx);

    const plain = setup(version);
    act(plain, (t) => t.start());
    assert.equal(answerAll(plain, wrongOne).passed, false, "without the LMS's value the package's 80 % applies");
  });

  test(`${version}: SetValue failures are logged with their code and retried until the value lands`, () => {
    let failures = 0;
    const ctx = setup(version, {
      fail: (fn, args) => (/SetValue$/.test(fn) && args[0] === 'cmi.suspend_data' && failures++ < 3 ? (v12 ? 101 : 351) : null),
    });
    act(ctx, (t) => t.start());
    act(ctx, (t) => { t.visit('l1/p1'); t.lessonSeen('l1'); });
    assert.ok(ctx.warnings.some((w) => w.includes('SetValue(cmi.suspend_data) failed: ' + (v12 ? 101 : 351))), ctx.warnings.join('\n'));
    assert.deepEqual(ctx.problems, [], 'recovered within the retries: no notice');
    const stored = CR.suspend.decode(ctx.lms.state.committed.suspend_data, SHAPE);
    assert.deepEqual(stored.seen, ['l1'], 'the latest value reached the LMS');
    ctx.tracker.terminate();
    assert.deepEqual(ctx.lms.errors(), []);
  });

  test(`${version}: Commit failing intermittently is retried and nothing is lost`, () => {
    let n = 0;
    const ctx = setup(version, { fail: (fn) => (/Commit$/.test(fn) && n++ % 2 === 0 ? (v12 ? 101 : 391) : null) });
    act(ctx, (t) => t.start());
    for (const lesson of SHAPE.lessons) act(ctx, (t) => { t.visit(lesson); t.lessonSeen(lesson); });
    assert.deepEqual(ctx.problems, []);
    assert.deepEqual(CR.suspend.decode(ctx.lms.state.committed.suspend_data, SHAPE).seen, SHAPE.lessons);
    ctx.tracker.terminate();
    assert.equal(ctx.lms.count(ctx.lms.names.terminate), 1);
  });

  test(`${version}: an LMS that keeps failing: the course goes on, the page is told, and told when it recovers`, () => {
    let broken = true;
    const ctx = setup(version, { fail: (fn) => (broken && /(SetValue|Commit)$/.test(fn) ? (v12 ? 101 : 391) : null) });
    act(ctx, (t) => t.start());
    act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
    assert.equal(ctx.problems.length, 1, 'one calm notice, not one per failed call');
    assert.equal(ctx.problems[0].recovered, false);
    assert.ok(['set', 'commit'].includes(ctx.problems[0].kind));
    assert.equal(ctx.tracker.state().seen.length, 1, 'the course keeps its state');
    const late = [];
    ctx.tracker.onSaveProblem((p) => late.push(p));
    assert.equal(late.length, 1, 'a page that subscribes late still hears of the active problem');
    broken = false;
    act(ctx, (t) => { t.visit('l2'); t.lessonSeen('l2'); });
    assert.deepEqual(ctx.problems[1], { recovered: true });
    assert.deepEqual(CR.suspend.decode(ctx.lms.state.committed.suspend_data, SHAPE).seen, ['l1', 'l2']);
    ctx.tracker.terminate();
  });

  test(`${version}: the API vanishing mid-session never throws at the page`, () => {
    const ctx = setup(version);
    act(ctx, (t) => t.start());
    for (const fn of Object.values(ctx.lms.names)) ctx.lms.spy[fn] = () => { throw new Error('Permission denied to access object'); };
    assert.doesNotThrow(() => {
      act(ctx, (t) => { t.visit('l1'); t.lessonSeen('l1'); });
      act(ctx, (t) => t.answerAssessment(QUESTIONS[0], [1]));
      act(ctx, (t) => t.scoreAssessment(1, 5));
      ctx.tracker.terminate();
      ctx.win.dispatchEvent(new Event('pagehide'));
    });
    assert.equal(ctx.tracker.state().phase, 'terminated');
    assert.equal(ctx.problems.length, 1);
    assert.equal(ctx.problems[0].code, -1);
  });

  test(`${version}: Initialize failing: progress in memory only, the browser's record (maybe someone else's) untouched`, () => {
    const earlier = JSON.stringify({ location: 'l2', suspend: '', status: 'incomplete', exit: 'suspend', language: 'ar' });
    const store = new Map([['CourseRuntime:ledarskap:', earlier]]);
    const reads = [];
    const ctx = setup(version, { fail: (fn) => (/Initialize$/.test(fn) ? 101 : null) });
    ctx.win.localStorage = {
      getItem: (k) => { reads.push(k); return store.has(k) ? store.get(k) : null; },
      setItem: (k, v) => store.set(k, v),
    };
    const state = act(ctx, (t) => t.start());
    assert.deepEqual([state.mode, state.resumed, state.bookmark, state.locale], ['memory', false, '', 'en']);
    assert.equal(ctx.problems[0].kind, 'initialize');
    act(ctx, (t) => { t.visit('l1/p1'); t.lessonSeen('l1'); });
    assert.deepEqual(ctx.tracker.state().seen, ['l1'], 'the course goes on');
    ctx.tracker.terminate();
    assert.deepEqual(reads, [], 'no record read');
    assert.deepEqual([...store], [['CourseRuntime:ledarskap:', earlier]], 'none written');
    assert.equal(ctx.lms.calls.filter((c) => c.fn !== ctx.lms.names.initialize).length, 0, 'no calls to an LMS that refused');
  });

  test(`${version}: stored suspend data that is garbage or from an old version starts fresh`, () => {
    for (const junk of ['garbage', '0~old~format', '1~' + 'x'.repeat(50), '{"json":true}']) {
      const cmi = v12 ? { suspend_data: junk, core: { entry: 'resume', lesson_location: 'l2' } } : { suspend_data: junk, entry: 'resume', location: 'l2' };
      const ctx = setup(version, { cmi });
      const state = act(ctx, (t) => t.start());
      assert.equal(state.resumed, false);
      assert.deepEqual(state.seen, []);
      assert.equal(state.bookmark, 'l2', 'the bookmark is still offered to the page');
      ctx.tracker.terminate();
      assertClean(ctx);
    }
  });
}

test('no LMS: the course runs and keeps progress in localStorage across visits', () => {
  const store = new Map();
  const storage = { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, String(v)) };
  const first = setup(null);
  first.win.localStorage = storage;
  const s1 = act(first, (t) => t.start());
  assert.deepEqual([s1.mode, s1.version, s1.locale, s1.resumed], ['local', 'local', 'sv', false]);
  act(first, (t) => { t.visit('l2/p1'); t.lessonSeen('l1'); t.lessonSeen('l2'); });
  act(first, (t) => t.setLocale('ar'));
  first.win.dispatchEvent(new Event('beforeunload'));
  assert.deepEqual(first.problems, []);

  const second = setup(null);
  second.win.localStorage = storage;
  const s2 = act(second, (t) => t.start());
  assert.deepEqual([s2.resumed, s2.view, s2.seen, s2.locale], [true, 'l2/p1', ['l1', 'l2'], 'ar']);
  act(second, (t) => t.lessonSeen('l3'));
  answerAll(second, {});
  assert.equal(second.tracker.state().finished, true);
  second.tracker.terminate();

  const third = setup(null);
  third.win.localStorage = storage;
  assert.equal(act(third, (t) => t.start()).resumed, false, 'a finished course starts a new attempt, as in an LMS');
});

test('no LMS and no storage (file:// or private mode): the course keeps going in memory', () => {
  for (const win of [
    { get localStorage() { throw new Error('SecurityError: access denied'); } },
    { localStorage: { getItem() { return null; }, setItem() { throw new Error('QuotaExceededError'); } } },
  ]) {
    const ctx = setup(null);
    Object.defineProperty(ctx.win, 'localStorage', Object.getOwnPropertyDescriptor(win, 'localStorage'));
    act(ctx, (t) => t.start()); // the first commit finds out when only writing fails
    assert.equal(ctx.tracker.state().mode, 'memory');
    act(ctx, (t) => t.lessonSeen('l1'));
    assert.deepEqual(ctx.tracker.state().seen, ['l1']);
    assert.equal(ctx.problems[0].kind, 'storage');
    assert.equal(ctx.tracker.terminate(), true);
  }
});

test('nothing the page passes makes the tracker throw: a bad call is refused or warned about, and the session goes on', () => {
  const ctx = setup('2004');
  const t = ctx.tracker;
  const results = [
    t.visit(42), t.lessonSeen('before-start'),
    t.start().phase, t.start().phase,
    t.visit(null), t.lessonSeen(undefined), t.answerCheck('nope', 'x'), t.setLocale(null),
    t.answerAssessment({ id: 'zz', type: 'weird' }, null), t.answerAssessment(null, null),
    t.scoreAssessment('a', 0).percent, t.onSaveProblem(null), t.onSaveProblem(() => { throw new Error('page bug'); }),
  ];
  assert.deepEqual(results, [false, false, 'running', 'running', false, false, true, false, false, false, 0, undefined, undefined]);
  const seed = t.startAttempt(-5);
  assert.ok(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff, 'a seed that is no unsigned integer is replaced');
  ctx.clock.advance(1000);
  assert.deepEqual([t.terminate(), t.terminate(), t.exit(), t.visit('after')], [true, false, false, false]);
  // Two warnings: the LMS refused the unknown interaction type, and a missing question failed inside the method.
  assert.equal(ctx.warnings.length, 2, ctx.warnings.join('\n'));
  assert.match(ctx.warnings[0], /^\[course-runtime\] SetValue\(cmi\.interactions\.0\.type\) failed: 406 /);
  assert.match(ctx.warnings[1], /^\[course-runtime\] answerAssessment failed: TypeError/);
  const state = t.state();
  assert.deepEqual(
    [state.phase, state.view, state.seen, state.checks, state.locale, state.attempt, state.best, state.last, state.exited],
    ['terminated', '', [], { nope: [] }, 'en', 1, 0, null, false]);
  assert.equal(ctx.lms.count(ctx.lms.names.initialize), 1);
  assert.equal(ctx.lms.count(ctx.lms.names.terminate), 1);
  assert.deepEqual(ctx.problems, []);
});

test('a visit or a draft answer waits for a quiet moment or the next commit, and is never lost', () => {
  const ctx = setup('2004');
  act(ctx, (t) => t.start());
  const commits = () => ctx.lms.calls.filter((c) => c.fn === ctx.lms.names.commit).length;
  const before = commits();
  ctx.tracker.visit('lesson/l1');
  ctx.tracker.draftAssessment('a1', [1]);
  ctx.clock.advance(100);
  assert.equal(commits(), before, 'a minor change does not commit at once');
  ctx.clock.advance(3000);
  assert.equal(commits(), before + 1, 'it commits after a quiet moment');
  ctx.tracker.visit('lesson/l2');
  ctx.tracker.lessonSeen('l2');
  ctx.clock.advance(1);
  assert.equal(commits(), before + 2, 'a lesson seen commits at once, the visit with it');
  assert.equal(ctx.lms.api.cmi.location, 'lesson/l2');
  ctx.tracker.visit('check/l2');
  ctx.tracker.terminate();
  assert.equal(ctx.lms.api.cmi.location, 'check/l2', 'terminate writes what was still pending');
  assertClean(ctx);
});

test('the score rules: a percent with two decimals, clamped to 0..100; the pass mark reached with a hair of tolerance', () => {
  const { percentOf, reaches } = CR.tracker;
  assert.deepEqual([percentOf(2, 3), percentOf(4, 4), percentOf(5, 4), percentOf(-1, 4), percentOf(1, 0)], [66.67, 100, 100, 0, 0]);
  assert.equal(0.55 * 100 > 55, true, 'the floating-point case the tolerance is for');
  assert.equal(reaches(55, 0.55 * 100), true);
  assert.equal(reaches(79.99, 80), false);
});
