'use strict';
// The pure helpers of the page wiring (course/runtime/app.js): shuffling, answers in the neutral form,
// grading, the tracker's shape and questions, texts with placeholders and plurals, routes.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { RUNTIME_DIR, ORDER, PAGE, loadRuntime, loadPage } = require('./runtime.js');

const CR = loadRuntime();
const app = loadPage();

const Q = {
  single: { type: 'single', lessons: ['l1'], choices: ['a', 'b', 'c'], correct: ['b'] },
  multiple: { type: 'multiple', lessons: ['l1'], objectives: ['o1'], choices: ['a', 'b', 'c', 'd'], correct: ['a', 'c'] },
  tf: { type: 'true-false', lessons: ['l2'], objectives: ['o2'], choices: ['true', 'false'], correct: ['false'] },
  seq: { type: 'sequencing', lessons: ['l2'], objectives: ['o2'], choices: ['s1', 's2', 's3'], correct: ['s1', 's2', 's3'] },
  match: { type: 'matching', lessons: ['l1', 'l3'], objectives: ['o1', 'o3'], choices: ['m1', 'm2', 'm3'], correct: ['m1', 'm2', 'm3'] },
};
const CONFIG = {
  lessons: ['l1', 'l2', 'l3'],
  checks: { l1: ['single'], l2: ['tf', 'seq'], l3: [] },
  assessment: ['multiple', 'tf', 'seq', 'match', 'single'],
  questions: Q,
};

test('as a classic script after the others, with no module system and no DOM, it adds CourseRuntime.app and nothing else', () => {
  const context = { console: { warn() {} }, setTimeout, clearTimeout };
  context.window = context;
  vm.createContext(context);
  const run = (name) => vm.runInContext(fs.readFileSync(path.join(RUNTIME_DIR, name), 'utf8'), context, { filename: name });
  for (const name of ORDER.concat(PAGE).filter((name) => name !== 'app.js')) run(name);
  const before = Object.keys(context.CourseRuntime);
  run('app.js');
  assert.deepEqual(Object.keys(context.CourseRuntime).filter((key) => !before.includes(key)), ['app']);
  // The boot, the route helpers and the pure helpers of CourseRuntime.logic, as before the page wiring was split.
  assert.deepEqual(Object.keys(context.CourseRuntime.app).sort(),
    ['boot', 'viewFromHash', 'resumeTarget', 'menuEntry'].concat(Object.keys(context.CourseRuntime.logic)).sort());
  assert.equal(typeof context.CourseRuntime.app.boot, 'function');
  assert.deepEqual(Object.keys(context).filter((k) => !['console', 'setTimeout', 'clearTimeout', 'window'].includes(k)),
    ['CourseRuntime']);
});

test('the PRNG is deterministic per seed and stays in [0, 1)', () => {
  const a = app.prng(42);
  const b = app.prng(42);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(xs.slice(0, 5), Array.from({ length: 5 }, () => b()));
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.notDeepEqual(xs.slice(0, 5), Array.from({ length: 5 }, app.prng(43)));
});

test('shuffle permutes a copy and leaves the input alone', () => {
  const list = ['a', 'b', 'c', 'd', 'e', 'f'];
  const out = app.shuffle(list, app.prng(7));
  assert.deepEqual(list, ['a', 'b', 'c', 'd', 'e', 'f']);
  assert.deepEqual(out.slice().sort(), list);
});

test('an attempt order is the same for the same seed, differs between seeds, keeps true/false natural', () => {
  const one = app.attemptOrder(1234, CONFIG.assessment, Q);
  assert.deepEqual(app.attemptOrder(1234, CONFIG.assessment, Q), one);
  assert.deepEqual(one.questions.slice().sort(), CONFIG.assessment.slice().sort());
  assert.equal(one.choices.tf, undefined);
  for (const qid of ['multiple', 'seq', 'match', 'single']) assert.deepEqual(one.choices[qid].slice().sort(), Q[qid].choices);
  const orders = new Set();
  for (let seed = 0; seed < 50; seed++) orders.add(app.attemptOrder(seed, CONFIG.assessment, Q).questions.join());
  assert.ok(orders.size > 20, 'seeds give different orders');
});

test('an ordering question never shows its items in the right order', () => {
  for (let seed = 0; seed < 300; seed++) {
    assert.notDeepEqual(app.attemptOrder(seed, ['seq'], Q).choices.seq, Q.seq.choices);
  }
  assert.notDeepEqual(app.checkOrder('seq', Q.seq), Q.seq.choices);
  assert.deepEqual(app.checkOrder('seq', Q.seq), app.checkOrder('seq', Q.seq));
});

test('a knowledge check shows its options in a fixed shuffle by question id: the key is not always first', () => {
  const q = { type: 'single', choices: ['key', 'b', 'c', 'd'] };
  const ids = Array.from({ length: 40 }, (_, i) => 'check-' + i);
  const firsts = ids.map((id) => app.checkOrder(id, q)[0]);
  for (const id of ids) {
    assert.deepEqual(app.checkOrder(id, q).slice().sort(), q.choices.slice().sort());
    assert.deepEqual(app.checkOrder(id, q), app.checkOrder(id, q), 'the same order on every visit');
  }
  const keyFirst = firsts.filter((c) => c === 'key').length;
  assert.ok(keyFirst > 0 && keyFirst < 20, `the key first in ${keyFirst} of 40`);
});

test('form state becomes the neutral answer, or the message for what is missing', () => {
  assert.deepEqual(app.toValue(Q.single, { picked: ['c'] }), { value: [2] });
  assert.deepEqual(app.toValue(Q.single, { picked: [] }), { error: 'needAnswer' });
  assert.deepEqual(app.toValue(Q.multiple, { picked: ['d', 'a'] }), { value: [0, 3] });
  assert.deepEqual(app.toValue(Q.tf, { picked: ['true'] }), { value: [0] });
  assert.deepEqual(app.toValue(Q.tf, { picked: ['false'] }), { value: [1] });
  // sequencing: item -> position; the value lists item indexes in the learner's order
  assert.deepEqual(app.toValue(Q.seq, { slots: { s1: '2', s2: '3', s3: '1' } }), { value: [2, 0, 1] });
  assert.deepEqual(app.toValue(Q.seq, { slots: { s1: '1', s2: '1', s3: '2' } }), { error: 'needPositions' });
  assert.deepEqual(app.toValue(Q.seq, { slots: { s1: '1', s2: '', s3: '2' } }), { error: 'needPositions' });
  // matching: premise -> target id; the value maps each premise to its target's index
  assert.deepEqual(app.toValue(Q.match, { slots: { m1: 'm2', m2: 'm1', m3: 'm3' } }), { value: [1, 0, 2] });
  assert.deepEqual(app.toValue(Q.match, { slots: { m1: 'm2', m2: '', m3: 'm3' } }), { error: 'needMatches' });
});

test('a neutral answer restores the same form state', () => {
  const states = [
    [Q.single, { picked: ['c'] }], [Q.multiple, { picked: ['a', 'd'] }], [Q.tf, { picked: ['false'] }],
    [Q.seq, { slots: { s1: '2', s2: '3', s3: '1' } }], [Q.match, { slots: { m1: 'm2', m2: 'm1', m3: 'm3' } }],
  ];
  for (const [q, state] of states) {
    const { value } = app.toValue(q, state);
    assert.deepEqual(app.toState(q, value), state);
  }
  assert.deepEqual(app.toState(Q.single, 'junk'), { picked: [] });
});

test('grading: verdict, row results and the feedback to reveal', () => {
  assert.deepEqual(app.grade(Q.single, [1]), { ok: true, result: 'correct', rows: { b: 'correct' }, feedback: ['b'] });
  assert.deepEqual(app.grade(Q.single, [0]), { ok: false, result: 'incorrect', rows: { a: 'incorrect' }, feedback: ['a'] });
  const partly = app.grade(Q.multiple, [0, 1]);
  assert.equal(partly.result, 'partly');
  assert.deepEqual(partly.rows, { a: 'correct', b: 'incorrect', c: 'missed' });
  assert.deepEqual(partly.feedback, ['a', 'b', 'c']);
  assert.equal(app.grade(Q.multiple, [1, 3]).result, 'incorrect');
  assert.equal(app.grade(Q.multiple, [2, 0]).result, 'correct');
  assert.equal(app.grade(Q.tf, [1]).result, 'correct');
  assert.equal(app.grade(Q.tf, [0]).result, 'incorrect');
  const seq = app.grade(Q.seq, [0, 2, 1]);
  assert.equal(seq.result, 'partly');
  assert.deepEqual(seq.rows, { s1: 'correct', s2: 'incorrect', s3: 'incorrect' });
  assert.deepEqual(seq.feedback, ['s1', 's2', 's3']);
  assert.equal(app.grade(Q.seq, [0, 1, 2]).result, 'correct');
  assert.equal(app.grade(Q.seq, [1, 2, 0]).result, 'incorrect');
  assert.deepEqual(app.grade(Q.match, [1, 0, 2]).rows, { m1: 'incorrect', m2: 'incorrect', m3: 'correct' });
  assert.equal(app.grade(Q.match, [0, 1, 2]).result, 'correct');
  assert.equal(app.grade(Q.single, undefined).result, 'incorrect');
});

test('grading agrees with the tracker (formats.isCorrect) on every question type', () => {
  const answers = [[Q.single, [1]], [Q.single, [2]], [Q.multiple, [2, 0]], [Q.multiple, [0]], [Q.tf, [1]],
    [Q.seq, [0, 1, 2]], [Q.seq, [2, 1, 0]], [Q.match, [0, 1, 2]], [Q.match, [0, 2, 1]]];
  for (const [q, value] of answers) {
    const tq = app.trackerQuestion('x', q);
    assert.equal(app.grade(q, value).ok, CR.formats.isCorrect(tq.type, value, tq.correct), q.type + ' ' + value);
  }
});

test('tracker questions carry the standard type, ids, correct answer and the learning objectives they test', () => {
  assert.deepEqual(app.trackerQuestion('q', Q.multiple),
    { id: 'q', type: 'choice', correct: [0, 2], objectives: ['o1'], options: ['a', 'b', 'c', 'd'] });
  assert.deepEqual(app.trackerQuestion('q', Q.tf), { id: 'q', type: 'true-false', correct: [1], objectives: ['o2'] });
  assert.deepEqual(app.trackerQuestion('q', Q.single).objectives, [], 'a knowledge check tests none');
  assert.deepEqual(app.trackerQuestion('q', Q.match).objectives, ['o1', 'o3']);
  assert.deepEqual(app.trackerQuestion('q', Q.seq).correct, [0, 1, 2]);
  const m = app.trackerQuestion('q', Q.match);
  assert.deepEqual([m.type, m.options, m.targets, m.correct], ['matching', ['m1', 'm2', 'm3'], ['m1', 'm2', 'm3'], [0, 1, 2]]);
  assert.equal(CR.patterns.response2004('matching', [1, 0, 2], m), 'm1[.]m2[,]m2[.]m1[,]m3[.]m3');
  assert.equal(CR.scorm12.response12('sequencing', [2, 0, 1]), 'c,a,b');
});

test('the shape lists check questions in lesson order with their option counts', () => {
  const shape = app.shapeOf(CONFIG);
  assert.deepEqual(shape.lessons, ['l1', 'l2', 'l3']);
  assert.deepEqual(shape.checks, [{ id: 'single', options: 3 }, { id: 'tf', options: 2 }, { id: 'seq', options: 3 }]);
  assert.deepEqual(shape.assessment.map((x) => x.id), CONFIG.assessment);
  // and every answer of that shape survives the suspend codec
  const state = Object.assign(CR.suspend.emptyState(), {
    checks: { single: [2], tf: [0], seq: [2, 0, 1] },
    answers: { multiple: [0, 2], tf: [1], seq: [1, 2, 0], match: [1, 0, 2], single: [0] },
    attempt: 1, seed: 99,
  });
  const back = CR.suspend.decode(CR.suspend.encode(state, shape), shape);
  assert.deepEqual(back.checks, state.checks);
  assert.deepEqual(back.answers, state.answers);
});

test('fill replaces known placeholders only; plural forms fall back to "other"', () => {
  assert.equal(app.fill('{page} – {course}', { page: 'A', course: 'B' }), 'A – B');
  assert.equal(app.fill('{score} av {max}', { score: 0 }), '0 av {max}');
  assert.equal(app.fill(undefined, {}), '');
  const forms = { one: '{num} fråga', other: '{num} frågor' };
  assert.equal(app.pluralForm(forms, 'one'), '{num} fråga');
  assert.equal(app.pluralForm(forms, 'few'), '{num} frågor');
  assert.equal(app.pluralForm({ few: 'x' }, 'many'), 'x');
  assert.equal(app.pluralForm(null, 'one'), '');
  assert.equal(app.pluralForm({ one: 'a', other: 'b' }, new Intl.PluralRules('sv').select(1)), 'a');
});

test('routes: only known views; the skip link target is not one', () => {
  const views = ['start', 'lesson/l1', 'check/l1', 'assessment', 'results', 'summary'];
  assert.equal(app.viewFromHash('#lesson/l1', views), 'lesson/l1');
  assert.equal(app.viewFromHash('#lesson%2Fl1', views), 'lesson/l1');
  assert.equal(app.viewFromHash('#sv-main', views), null);
  assert.equal(app.viewFromHash('', views), null);
  assert.equal(app.viewFromHash('#%E0%A4%A', views), null);
  assert.deepEqual(app.menuEntry('check/l1'), { nav: 'lesson/l1', current: 'true' });
  assert.deepEqual(app.menuEntry('results'), { nav: 'assessment', current: 'true' });
  assert.deepEqual(app.menuEntry('summary'), { nav: 'summary', current: 'page' });
});

test('"continue where you left off" leads to the bookmark, else the next step', () => {
  const views = ['start', 'lesson/l1', 'lesson/l2', 'assessment', 'summary'];
  const lessons = ['l1', 'l2'];
  assert.equal(app.resumeTarget({ view: 'lesson/l2', seen: ['l1'] }, lessons, views), 'lesson/l2');
  assert.equal(app.resumeTarget({ view: 'start', seen: [] }, lessons, views), null);
  assert.equal(app.resumeTarget({ view: 'start', seen: ['l1'] }, lessons, views), 'lesson/l2');
  assert.equal(app.resumeTarget({ view: 'start', seen: ['l1', 'l2'], passed: false }, lessons, views), 'assessment');
  assert.equal(app.resumeTarget({ view: '', seen: ['l1', 'l2'], passed: true, attempt: 2 }, lessons, views), 'summary');
});

test('personName: "Last, First" from the LMS reads as "First Last"; other names as sent', () => {
  assert.equal(app.personName('Tester, Acceptance'), 'Acceptance Tester');
  assert.equal(app.personName('  Öberg-Lindqvist ,  Åsa '), 'Åsa Öberg-Lindqvist');
  assert.equal(app.personName('Åsa Öberg-Lindqvist'), 'Åsa Öberg-Lindqvist'); // Moodle: fullname(), no comma
  assert.equal(app.personName('Lindqvist, Åsa, Dr'), 'Lindqvist, Åsa, Dr'); // not the convention: left alone
  assert.equal(app.personName('Lindqvist,'), 'Lindqvist');
  assert.equal(app.personName(''), '');
  assert.equal(app.personName(null), '');
});
