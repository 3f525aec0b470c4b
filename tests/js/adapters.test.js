'use strict';
// The adapters against the real scorm-again runtime: every value they write must be accepted.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadRuntime, makeLms } = require('./runtime.js');

const CR = loadRuntime();

/** An adapter over a checked channel over scorm-again, initialized. */
function connect(version, lmsOpts) {
  const lms = makeLms(version, lmsOpts);
  const ns = version === '1.2' ? CR.scorm12 : CR.scorm2004;
  const warnings = [];
  const channel = CR.lms.create(ns.bind(lms.spy), { logger: { warn: (m) => warnings.push(m) }, retryDelays: [] });
  const adapter = ns.createAdapter(channel, { objectives: 10, interactions: 100 });
  assert.equal(adapter.initialize(), true);
  return { lms, adapter, channel, warnings };
}

/** Every call after Initialize succeeded with error code 0 and scorm-again logged no error. */
function assertClean(lms, warnings) {
  const failed = lms.calls.filter((c) => c.fn !== lms.names.get && (c.result !== 'true' || c.code !== 0));
  assert.deepEqual(failed, []);
  assert.deepEqual(lms.errors(), []);
  assert.deepEqual(warnings, []);
}

const QUESTIONS = [
  { id: 'q-choice', type: 'choice', options: ['opt-a', 'opt-b', 'opt-c', 'opt-d'], value: [3, 1], correct: [1, 3] },
  { id: 'q-single', type: 'choice', options: ['yes', 'no'], value: [0], correct: [1] },
  { id: 'q-tf', type: 'true-false', value: [1], correct: [0] },
  { id: 'q-tf-bool', type: 'true-false', value: true, correct: true },
  { id: 'q-seq', type: 'sequencing', options: ['s1', 's2', 's3', 's4'], value: [3, 0, 2, 1], correct: [3, 0, 2, 1] },
  { id: 'q-match', type: 'matching', options: ['m1', 'm2', 'm3'], targets: ['t1', 't2', 't3'], value: [2, 0, 1], correct: [1, 0, 2] },
  { id: 'q-many', type: 'choice', options: Array.from({ length: 36 }, (_, i) => 'o' + i), value: [0, 35], correct: [35] },
];

for (const version of ['1.2', '2004']) {
  test(`${version}: interactions of every type are accepted in the standard's format`, () => {
    const { lms, adapter, warnings } = connect(version);
    const when = new Date(2025, 4, 17, 13, 45, 7);
    for (const q of QUESTIONS) {
      const ok = adapter.recordInteraction({
        id: q.id, type: q.type, options: q.options, targets: q.targets, learnerResponse: q.value,
        correctPattern: q.correct, result: CR.formats.isCorrect(q.type, q.value, q.correct),
        latencyMs: 83456, timestamp: when, objectiveId: 'lesson-2',
        description: '{Hur} ska du   svara?\nVälj det som stämmer bäst. ' + 'x'.repeat(300), lang: 'sv',
      });
      assert.equal(ok, true, q.id);
    }
    assertClean(lms, warnings);
    const sent = Object.fromEntries(lms.calls.filter((c) => c.fn === lms.names.set).map((c) => c.args));
    if (version === '1.2') {
      assert.equal(sent['cmi.interactions.0.student_response'], 'b,d');
      assert.equal(sent['cmi.interactions.2.student_response'], 'f');
      assert.equal(sent['cmi.interactions.5.correct_responses.0.pattern'], '1.b,2.a,3.c');
      assert.equal(sent['cmi.interactions.0.time'], '13:45:07');
      assert.equal(sent['cmi.interactions.0.latency'], '00:01:23.46');
      assert.equal(sent['cmi.interactions.4.result'], 'correct');
      assert.equal(sent['cmi.interactions.2.result'], 'wrong');
    } else {
      assert.equal(sent['cmi.interactions.0.learner_response'], 'opt_b[,]opt_d');
      assert.equal(sent['cmi.interactions.3.learner_response'], 'true');
      assert.equal(sent['cmi.interactions.5.correct_responses.0.pattern'], 'm1[.]t2[,]m2[.]t1[,]m3[.]t3');
      assert.equal(sent['cmi.interactions.0.timestamp'], '2025-05-17T13:45:07');
      assert.equal(sent['cmi.interactions.0.latency'], 'PT1M23.46S');
      assert.equal(sent['cmi.interactions.2.result'], 'incorrect');
      assert.match(sent['cmi.interactions.0.description'], /^\{lang=sv\}Hur} ska du svara\? Välj/);
    }
  });

  test(`${version}: session times from zero to the clamp are accepted`, () => {
    const H = 3600000;
    for (const ms of [0, 4, 5, 999, 1005, 59999, H - 1, 99 * H + 3599999, 100 * H, 1234 * H, 9999 * H, 20000 * H]) {
      const { lms, adapter, warnings } = connect(version);
      assert.equal(adapter.setSessionTime(ms), true, String(ms));
      assertClean(lms, warnings);
    }
  });

  test(`${version}: statuses, score, progress, objectives, exit and preferences are accepted`, () => {
    const { lms, adapter, warnings } = connect(version);
    assert.equal(adapter.setIncomplete(), true);
    assert.equal(adapter.setBookmark('lesson-2/page-3'), true);
    assert.equal(adapter.setSuspendData(CR.suspend.encode({ view: 'x', locale: 'ar' }, { lessons: ['a'] })), true);
    assert.equal(adapter.setLanguagePreference('fi'), true);
    assert.equal(adapter.recordObjective('lesson-1', 'completed'), true);
    assert.equal(adapter.recordObjective('lesson-2', 'incomplete'), true);
    assert.equal(adapter.recordObjective('lesson-1', 'passed'), true); // same id: same index, no duplicate
    assert.equal(adapter.setProgress(2 / 3), true);
    assert.equal(adapter.setScore(66.67, 0, 100), true);
    assert.equal(adapter.setCompletionAndSuccess(false, 'failed'), true);
    assert.equal(adapter.setCompletionAndSuccess(true, 'passed'), true);
    assert.equal(adapter.setCompletionAndSuccess(true, null), true);
    assert.equal(adapter.setExit('suspend'), true);
    assert.equal(adapter.setExit('normal'), true);
    assert.equal(adapter.commit(), true);
    assertClean(lms, warnings);
    const sets = lms.calls.filter((c) => c.fn === lms.names.set).map((c) => c.args[0]);
    // Score before status (the LMS may judge the status against the score).
    const score = version === '1.2' ? 'cmi.core.score.raw' : 'cmi.score.scaled';
    const status = version === '1.2' ? 'cmi.core.lesson_status' : 'cmi.success_status';
    assert.ok(sets.indexOf(score) < sets.lastIndexOf(status));
    assert.equal(lms.api.GetValue ? lms.api.GetValue('cmi.objectives._count') : lms.api.LMSGetValue('cmi.objectives._count'), '2');
    assert.equal(adapter.terminate(), true);
    assert.equal(adapter.terminate(), false, 'a second terminate is a no-op');
    assert.equal(lms.count(lms.names.terminate), 1);
  });

  test(`${version}: readers return empty values, not errors, on a fresh attempt`, () => {
    const { lms, adapter } = connect(version);
    assert.equal(adapter.readEntry(), '');
    assert.equal(adapter.readBookmark(), '');
    assert.equal(adapter.readSuspendData(), '');
    assert.equal(adapter.readLanguage(), '');
    assert.equal(adapter.readMastery(), null);
    assert.ok(['not attempted', 'unknown'].includes(adapter.readStatus()));
    assert.deepEqual(lms.errors(), []);
  });
}

test('mastery: 1.2 mastery_score in percent and 2004 scaled_passing_score become fractions', () => {
  const a = connect('1.2', { cmi: { student_data: { mastery_score: '75' } } });
  assert.equal(a.adapter.readMastery(), 0.75);
  const b = connect('2004', { cmi: { scaled_passing_score: '0.6' } });
  assert.equal(b.adapter.readMastery(), 0.6);
});

test('2004 description: one line, no leading brace, at most 250 characters, language tag', () => {
  const s = CR.scorm2004.langString('{{x}\n\ty ' + 'é'.repeat(400), 'fi');
  assert.match(s, /^\{lang=fi\}x} y é+$/);
  assert.equal(s.length - '{lang=fi}'.length, 250);
  assert.equal(CR.scorm2004.langString('text', 'not a tag!'), 'text');
  const emoji = CR.scorm2004.langString('a'.repeat(249) + '😀', '');
  assert.equal(emoji.length, 249, 'a surrogate pair is not split');
});
