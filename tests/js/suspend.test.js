'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const suspend = require(path.join(__dirname, '../../course/runtime/suspend.js'));

/** Our course's size: 5 lessons, 15 knowledge checks, 20 assessment questions of up to 6 options, 5 scenarios. */
function courseShape() {
  const q = (prefix, n) => Array.from({ length: n }, (_, i) => ({ id: prefix + (i + 1), options: 6 }));
  const decisions = ['d1', 'd2', 'd3', 'd4', 'd5'].map((id, i) => ({ id, depth: 2 + (i % 2) }));
  return { lessons: ['l1', 'l2', 'l3', 'l4', 'l5'], checks: q('k', 15), assessment: q('a', 20), decisions };
}

function sampleState() {
  return {
    view: 'lesson-3/page-2', seen: ['l1', 'l3'], checks: { k1: [2], k4: [0, 3] }, answers: { a1: [1], a20: [5, 4, 3, 2, 1, 0] },
    attempt: 2, best: 85, last: 33.33, locale: 'fi', seed: 4294967295,
    decisions: { d1: [2, 0], d2: [1], d4: [0, 1, 2] }, tried: ['d2', 'd3'],
  };
}

// A tiny deterministic PRNG so a failing fuzz case can be reproduced.
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 0x100000000);
}

test('round trip keeps every field', () => {
  const shape = courseShape();
  const text = suspend.encode(sampleState(), shape);
  assert.match(text, /^2~/);
  assert.match(text, /~20\.1\.\.012\.~6~/, 'the paths, one digit per choice; then d2 and d3 as gone back to the start');
  assert.match(text, /^[\x21-\x7e]*$/, 'printable ASCII only');
  assert.deepEqual(suspend.decode(text, shape), sampleState());
});

test('an empty state round-trips and is short', () => {
  const shape = courseShape();
  const text = suspend.encode(suspend.emptyState(), shape);
  assert.ok(text.length < 80, text);
  assert.deepEqual(suspend.decode(text, shape), suspend.emptyState());
});

test('worst case for our course is far below 1,000 characters and is never exceeded', () => {
  const shape = courseShape();
  const worst = suspend.worstCaseLength(shape);
  assert.ok(worst < 500, 'worst case ' + worst);
  const full = {
    view: 'v'.repeat(64), seen: shape.lessons, attempt: 99999, best: 99.99, last: 99.99,
    decisions: Object.fromEntries(shape.decisions.map((d) => [d.id, Array(d.depth).fill(2)])), tried: shape.decisions.map((d) => d.id),
    locale: 'abcdefgh-ijklmnop-qrstuvwx-yz012345'.slice(0, 35), seed: 2 ** 32 - 1,
    checks: Object.fromEntries(shape.checks.map((q) => [q.id, [0, 1, 2, 3, 4, 5]])),
    answers: Object.fromEntries(shape.assessment.map((q) => [q.id, [5, 4, 3, 2, 1, 0]])),
  };
  const text = suspend.encode(full, shape);
  assert.ok(text.length <= worst, text.length + ' > ' + worst);
  assert.ok(worst - text.length < 10, 'the bound is tight: ' + text.length + ' vs ' + worst);
  // Three times our course still fits SCORM 1.2's 4,096 characters.
  const big = {
    lessons: Array.from({ length: 15 }, (_, i) => 'l' + i),
    checks: Array.from({ length: 45 }, (_, i) => ({ id: 'k' + i, options: 6 })),
    assessment: Array.from({ length: 60 }, (_, i) => ({ id: 'a' + i, options: 6 })),
  };
  assert.ok(suspend.worstCaseLength(big) < 4096);
});

/** Replace the check field, as a bug in a later version (not a mangling LMS) would write it. */
function resign(text) {
  const body = text.slice(0, text.lastIndexOf('~'));
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193) >>> 0;
  return body + '~' + h.toString(36);
}

test('unknown version, garbage, truncated or mangled data decodes to null', () => {
  const shape = courseShape();
  const good = suspend.encode(sampleState(), shape);
  assert.equal(resign(good), good, 'the test re-signs exactly as the codec signs');
  const bad = [
    '', 'null', '{"a":1}', 'garbage', good + '~', good.replace(/~/g, '|'), good.toUpperCase(),
    good.slice(0, good.length - 1), good.slice(0, good.length - 9), good.slice(0, 12), // truncated by an LMS
    good.replace('~fi~', '~sv~'), good.replace('85', '86'), // mangled: the check field no longer matches
    null, undefined, 42, {}, [], 'x'.repeat(70000),
  ];
  for (const text of bad) assert.equal(suspend.decode(text, shape), null, String(JSON.stringify(text)).slice(0, 80));
});

test('well-signed values that break a field rule decode to null', () => {
  const shape = courseShape();
  const good = suspend.encode(sampleState(), shape);
  const broken = [
    '3' + good.slice(1), '1~' + good.slice(2), // unknown versions, and the one before decision scenarios
    good.replace('~fi~', '~f!~'), good.replace('~85~', '~101~'), good.replace('~85~', '~085~'),
    good.replace('~2~85', '~02~85'), good.replace('~5~2.', '~w~2.'), // seen bit for a sixth lesson
    good.replace('~5~2.', '~5~9.'), // option 9 of a 6-option question
    good.replace('~5~2.', '~5~2..'), // one group too many
    good.replace('~lesson-3/page-2~', '~lesson 3~'),
    good.replace('~20.1.', '~201.1.'), // a path longer than the scenario is deep
    good.replace('~20.1.', '~23.1.'), // choice 4 where a step has at most 3
    good.replace('~20.1.', '~20.1..'), // one group too many
    good.replace('~6~', '~w~'), // a scenario gone back to that the course does not have
  ];
  for (const text of broken) assert.equal(suspend.decode(resign(text), shape), null, text);
});

test('data from a course with another shape decodes to null', () => {
  const shape = courseShape();
  const text = suspend.encode(sampleState(), shape);
  const moreLessons = Object.assign({}, shape, { lessons: shape.lessons.concat('l6') });
  const fewerOptions = Object.assign({}, shape, { assessment: shape.assessment.map((q) => ({ id: q.id, options: 4 })) });
  const renamed = Object.assign({}, shape, { checks: shape.checks.map((q, i) => ({ id: 'c' + i, options: 6 })) });
  for (const other of [moreLessons, fewerOptions, renamed, {}, null]) assert.equal(suspend.decode(text, other), null);
});

test('encode leaves out what does not fit and never throws', () => {
  const shape = courseShape();
  const weird = {
    view: 'has~tilde', seen: ['nope', 'l2'], checks: { k1: [9, 1, -1, 'x'], zz: [1] }, answers: null,
    attempt: -3, best: 250, last: NaN, locale: 'not a tag', seed: -1,
  };
  const state = suspend.decode(suspend.encode(weird, shape), shape);
  assert.deepEqual(state, {
    view: '', seen: ['l2'], checks: { k1: [1] }, answers: {}, attempt: 0, best: 100, last: null, locale: '', seed: 0,
    decisions: {}, tried: [],
  });
  const paths = suspend.decode(suspend.encode({ decisions: { d1: [0, 5, 1, 2], zz: [1] }, tried: ['d9', 'd5'] }, shape), shape);
  assert.deepEqual([paths.decisions, paths.tried], [{ d1: [0, 1] }, ['d5']], 'bad choices left out, the path cut at its depth');
  assert.doesNotThrow(() => suspend.encode(undefined, undefined));
  assert.doesNotThrow(() => suspend.worstCaseLength(undefined));
});

test('fuzz: decode never throws; whatever it accepts re-encodes to the same text', () => {
  const shape = courseShape();
  const rand = rng(20240611);
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz~.-_:/ ABCXYZ\u00e5\u0000';
  const good = suspend.encode(sampleState(), shape);
  for (let n = 0; n < 5000; n++) {
    let text;
    if (n % 2) {
      // Mutate a valid value: flip, insert or delete a few characters.
      const chars = good.split('');
      for (let k = 0, m = 1 + Math.floor(rand() * 3); k < m; k++) {
        const at = Math.floor(rand() * (chars.length + 1));
        const op = rand();
        const ch = alphabet[Math.floor(rand() * alphabet.length)];
        if (op < 0.4) chars[at] = ch;
        else if (op < 0.7) chars.splice(at, 0, ch);
        else chars.splice(at, 1);
      }
      text = chars.join('');
    } else {
      text = Array.from({ length: Math.floor(rand() * 200) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    }
    let state;
    assert.doesNotThrow(() => { state = suspend.decode(text, shape); }, text);
    if (state) assert.equal(suspend.encode(state, shape), text, 'canonical: ' + text);
  }
});

test('fuzz: random valid states round-trip within the worst case', () => {
  const shape = courseShape();
  const worst = suspend.worstCaseLength(shape);
  const rand = rng(7);
  const pick = (n) => Math.floor(rand() * n);
  const answer = () => Array.from({ length: 1 + pick(6) }, () => pick(6));
  for (let n = 0; n < 500; n++) {
    const state = {
      view: ['', 'start', 'l2/p3', 'summary'][pick(4)],
      seen: shape.lessons.filter(() => rand() < 0.5),
      checks: Object.fromEntries(shape.checks.filter(() => rand() < 0.5).map((q) => [q.id, answer()])),
      answers: Object.fromEntries(shape.assessment.filter(() => rand() < 0.5).map((q) => [q.id, answer()])),
      attempt: pick(20), best: rand() < 0.3 ? null : pick(10001) / 100, last: rand() < 0.3 ? null : pick(101),
      locale: ['sv', 'en', 'fi', 'ar', ''][pick(5)], seed: pick(2 ** 32),
      decisions: Object.fromEntries(shape.decisions.filter(() => rand() < 0.5)
        .map((d) => [d.id, Array.from({ length: 1 + pick(d.depth) }, () => pick(3))])),
      tried: shape.decisions.filter(() => rand() < 0.3).map((d) => d.id),
    };
    const text = suspend.encode(state, shape);
    assert.ok(text.length <= worst);
    assert.deepEqual(suspend.decode(text, shape), state);
  }
});
