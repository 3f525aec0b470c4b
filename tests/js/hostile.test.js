'use strict';
// A buggy or hostile LMS (scorm-again answering what a test says for some elements) and a browser store other pages
// can write to: the course believes only what it could have written, never walks or indexes without a bound.
const test = require('node:test');
const assert = require('node:assert/strict');
const { CR, SHAPE, OBJECTIVES, QUESTIONS, setup, act, answerAll, assertClean } = require('./journey.js');

/** _count answers no LMS can mean: each reads as 0 (the course then appends from 0, where scorm-again has room). */
const BAD_COUNTS = [
  '5000000', '-1', 'NaN', '1e9', '9'.repeat(400), 'Infinity', '1.5', ' 2', '0x10', 'abc', '2'.repeat(64001),
];
/** The walk over the objectives the LMS holds: one GetValue per entry. */
const WALK = /^cmi\.objectives\.\d+\.id$/;
const shown = (text) => JSON.stringify(text.length > 20 ? text.slice(0, 8) + '… (' + text.length + ' characters)' : text);

const names = (v12) => (v12
  ? { entry: 'cmi.core.entry', status: 'cmi.core.lesson_status', raw: 'cmi.core.score.raw', name: 'cmi.core.student_name',
      mastery: 'cmi.student_data.mastery_score', mode: 'cmi.core.lesson_mode', credit: 'cmi.core.credit',
      location: 'cmi.core.lesson_location', suspend: 'cmi.suspend_data', language: 'cmi.student_preference.language' }
  : { entry: 'cmi.entry', status: 'cmi.completion_status', raw: 'cmi.score.raw', name: 'cmi.learner_name',
      mastery: 'cmi.scaled_passing_score', mode: 'cmi.mode', credit: 'cmi.credit', success: 'cmi.success_status',
      location: 'cmi.location', suspend: 'cmi.suspend_data', language: 'cmi.learner_preference.language' });

/** Start a tracker over scorm-again answering `answers` (by element) on top of its own data. */
function launch(version, answers) {
  const ctx = setup(version, { answers });
  const state = act(ctx, (t) => t.start());
  return { ctx, state };
}

/** The collection indexes the course read or wrote (cmi.objectives.7.id -> 7). */
function indexes(lms, collection) {
  const prefix = collection + '.';
  const named = lms.calls.map((c) => String(c.args[0])).filter((name) => name.startsWith(prefix));
  return named.map((name) => Number(name.slice(prefix.length).split('.')[0])).filter(Number.isInteger);
}

for (const version of ['1.2', '2004']) {
  const v12 = version === '1.2';
  const n = names(v12);

  for (const bad of BAD_COUNTS) {
    test(`${version}: _count ${shown(bad)} is read as 0: no walk, entries from 0`, { timeout: 10000 }, () => {
      const ctx = setup(version, { answers: { 'cmi.objectives._count': bad, 'cmi.interactions._count': bad } });
      act(ctx, (t) => t.start());
      for (const lesson of SHAPE.lessons) act(ctx, (t) => t.lessonSeen(lesson));
      answerAll(ctx, {});
      ctx.tracker.terminate();
      const gets = ctx.lms.calls.filter((c) => c.fn === ctx.lms.names.get && WALK.test(c.args[0]));
      assert.deepEqual(gets, [], 'no entry of a collection the LMS does not really hold is read');
      assert.deepEqual([...new Set(indexes(ctx.lms, 'cmi.objectives'))], OBJECTIVES.map((o, i) => i));
      assert.deepEqual([...new Set(indexes(ctx.lms, 'cmi.interactions'))], [0, 1, 2, 3, 4]);
      assert.equal(Object.keys(ctx.lms.state.committed.interactions).length, QUESTIONS.length, 'every answer landed');
      if (bad.length <= 64000) assertClean(ctx);
      else assert.match(ctx.warnings.join('\n'), /answered 64001 characters; read as none/);
    });
  }

  test(`${version}: a believable _count is walked, and no further than the course's own objectives`, () => {
    const { ctx } = launch(version, { 'cmi.objectives._count': String(OBJECTIVES.length + 1) });
    act(ctx, (t) => t.lessonSeen('l1'));
    const walked = (lms) => lms.calls.filter((c) => c.fn === lms.names.get && WALK.test(c.args[0])).length;
    assert.equal(walked(ctx.lms), OBJECTIVES.length + 1);
    const beyond = launch(version, { 'cmi.objectives._count': String(OBJECTIVES.length + 2) }).ctx;
    act(beyond, (t) => t.lessonSeen('l1'));
    assert.equal(walked(beyond.lms), 0, 'one more than the course can have written is not believed');
  });

  test(`${version}: a score the course cannot have reported is not taken as the learner's best`, () => {
    for (const raw of ['NaN', '1e309', '-5', '150', '1e2', '0x50', 'Infinity', '100.5', '']) {
      const answers = { [n.entry]: 'resume', [n.status]: 'incomplete', [n.raw]: raw };
      if (!v12) answers[n.success] = 'failed';
      const { state } = launch(version, answers);
      assert.equal(state.best, null, JSON.stringify(raw));
      assert.equal(state.passed, false, JSON.stringify(raw));
    }
    const answers = { [n.entry]: 'resume', [n.status]: 'incomplete', [n.raw]: '85' };
    if (!v12) answers[n.success] = 'passed';
    assert.equal(launch(version, answers).state.best, 85, 'a real one is');
  });

  test(`${version}: a mastery score out of range leaves the package's pass mark`, () => {
    for (const bad of v12 ? ['150', '-1', '80%', 'NaN', '1e2'] : ['-0.5', '1.5', 'NaN', '0.8.1', '8e-1']) {
      assert.equal(launch(version, { [n.mastery]: bad }).state.passingScore, 0.8, JSON.stringify(bad));
    }
    assert.equal(launch(version, { [n.mastery]: v12 ? '60' : '0.6' }).state.passingScore, 0.6);
  });

  test(`${version}: mode, credit and entry outside the vocabulary read as normal, credit and a first entry`, () => {
    const { ctx, state } = launch(version, { [n.mode]: 'REVIEW', [n.credit]: 'maybe', [n.entry]: 'resume\n' });
    assert.deepEqual([state.lmsMode, state.credit, state.entry, state.recording], ['normal', 'credit', '', true]);
    act(ctx, (t) => t.lessonSeen('l1'));
    assert.ok(ctx.lms.calls.some((c) => c.fn === ctx.lms.names.commit), 'normal mode: the course records');
    assert.equal(launch(version, { [n.mode]: 'browse' }).state.lmsMode, 'browse', 'the vocabulary is kept');
  });

  test(`${version}: a bookmark that names no view the course can have written is dropped`, () => {
    for (const location of ['javascript:alert(1)', '<img src=x>', '../../etc/passwd?', 'v'.repeat(65), 'l1 p1', 'l1\n']) {
      const { state } = launch(version, { [n.entry]: 'resume', [n.status]: 'incomplete', [n.location]: location });
      assert.equal(state.bookmark, '', JSON.stringify(location));
    }
    const kept = launch(version, { [n.entry]: 'resume', [n.status]: 'incomplete', [n.location]: 'l2/p1' }).state;
    assert.equal(kept.bookmark, 'l2/p1');
  });

  test(`${version}: the learner name is kept as plain text of at most 255 characters, without control characters`, () => {
    const { state } = launch(version, { [n.name]: '<b>Åsa</b>\u0000\u001b[31m\u0085' + 'x'.repeat(400) });
    assert.equal(state.learnerName, '<b>Åsa</b>  [31m ' + 'x'.repeat(255 - 17));
    assert.equal(state.learnerName.length, 255);
  });

  test(`${version}: an answer longer than any SCORM element (64,000 characters) is read as none`, () => {
    const { ctx, state } = launch(version, {
      [n.entry]: 'resume', [n.status]: 'incomplete',
      [n.suspend]: '1~' + 'x'.repeat(64000), [n.language]: 'fi,'.repeat(30000),
    });
    assert.deepEqual([state.resumed, state.locale], [false, 'en']);
    assert.equal(ctx.warnings.filter((w) => /characters; read as none/.test(w)).length, 2);
  });

  test(`${version}: Initialize failing never resumes nor overwrites what the browser holds`, () => {
    const key = 'CourseRuntime:ledarskap:pkg';
    const kept = JSON.stringify({ location: 'l3', status: 'incomplete', exit: 'suspend', suspend: '', language: 'fi' });
    const store = new Map([[key, kept]]);
    const ctx = setup(version, { fail: (fn) => (/Initialize$/.test(fn) ? 101 : null) }, { packageId: 'pkg' });
    ctx.win.localStorage = { getItem: (k) => store.get(k) || null, setItem: (k, v) => store.set(k, v) };
    const state = act(ctx, (t) => t.start());
    assert.deepEqual([state.mode, state.resumed, state.bookmark, state.locale], ['memory', false, '', 'en']);
    act(ctx, (t) => t.lessonSeen('l1'));
    ctx.tracker.terminate();
    assert.equal(store.get(key), kept);
  });
}

/** A tracker without an LMS over a shared store, as two packages on one origin would have. */
function offline(store, packageId) {
  const ctx = setup(null, undefined, { packageId });
  ctx.win.localStorage = {
    getItem: (k) => (store.has(k) ? store.get(k) : null),
    setItem: (k, v) => store.set(k, String(v)),
  };
  return ctx;
}

test('two packages of one course id keep a record each in the browser', () => {
  const store = new Map();
  const a = offline(store, 'scorm12-aaaa');
  act(a, (t) => t.start());
  act(a, (t) => { t.visit('l2/p1'); t.lessonSeen('l1'); t.lessonSeen('l2'); });
  a.tracker.terminate();
  const b = offline(store, 'scorm2004-bbbb');
  const sb = act(b, (t) => t.start());
  assert.deepEqual([sb.mode, sb.resumed, sb.seen], ['local', false, []], 'the other package starts fresh');
  act(b, (t) => { t.visit('l3/p1'); t.lessonSeen('l3'); });
  b.tracker.terminate();
  const again = act(offline(store, 'scorm12-aaaa'), (t) => t.start());
  assert.deepEqual([again.resumed, again.view, again.seen], [true, 'l2/p1', ['l1', 'l2']], 'the first resumes its own');
  assert.deepEqual([...store.keys()].sort(), ['CourseRuntime:ledarskap:scorm12-aaaa', 'CourseRuntime:ledarskap:scorm2004-bbbb']);
});

test('a browser record another page wrote with fields of the wrong type gives nothing: a fresh start', () => {
  const record = '{"exit":"suspend","location":{"toString":1},"suspend":42,"language":["ar"],"status":"completed",' +
    '"score":{"raw":1e308},"__proto__":{"success":"passed"},"extra":"<script>"}';
  const state = act(offline(new Map([['CourseRuntime:ledarskap:p', record]]), 'p'), (t) => t.start());
  assert.deepEqual([state.resumed, state.bookmark, state.best, state.locale, state.passed], [false, '', null, 'sv', false]);
});

test('every hostile count reader answer is 0 or a count within the bound', () => {
  const channel = (text) => ({ get: () => text });
  for (const bad of BAD_COUNTS.concat(['', null, '-0', '4.0e0', '03'])) {
    const got = CR.lms.count(channel(bad), 'cmi.x', 4);
    assert.ok(got === 0 || got === 3, JSON.stringify(bad) + ' -> ' + got);
  }
  assert.equal(CR.lms.count(channel('4'), 'cmi.x', 4), 4);
  assert.equal(CR.lms.count(channel('5'), 'cmi.x', 4), 0);
});
