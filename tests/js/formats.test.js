'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const runtime = (name) => require(path.join(__dirname, '../../course/runtime', name));
// The shared helpers live in formats.js, those of SCORM 2004 and cmi5 in patterns.js; each standard's own formats
// in its adapter (loaded after them).
const shared = runtime('formats.js');
const { timespan12, time12, response12, result12 } = runtime('scorm12.js');
const { duration2004, response2004, token2004 } = runtime('patterns.js');
const { timestamp2004, result2004 } = runtime('scorm2004.js');
const formats = {
  isCorrect: shared.isCorrect, timespan12, time12, response12, result12,
  duration2004, timestamp2004, response2004, result2004, token2004,
};

const H = 3600000;

test('timespan12: CMITimespan HHHH:MM:SS.SS with at least two hour digits', () => {
  assert.equal(formats.timespan12(0), '00:00:00.00');
  assert.equal(formats.timespan12(1234), '00:00:01.23');
  assert.equal(formats.timespan12(1235), '00:00:01.24'); // rounds to the nearest hundredth
  assert.equal(formats.timespan12(59995), '00:01:00.00'); // rounding carries into minutes
  assert.equal(formats.timespan12(H + 2 * 60000 + 3400), '01:02:03.40');
  assert.equal(formats.timespan12(123 * H + 45 * 60000), '123:45:00.00');
  assert.equal(formats.timespan12(1234 * H), '1234:00:00.00');
});

test('timespan12: clamps at 9999:59:59.99 and treats bad input as zero', () => {
  assert.equal(formats.timespan12(10000 * H), '9999:59:59.99');
  assert.equal(formats.timespan12(Number.MAX_VALUE), '9999:59:59.99');
  for (const bad of [-5, NaN, undefined, null, 'x', Infinity * -1]) assert.equal(formats.timespan12(bad), '00:00:00.00');
});

test('duration2004: ISO 8601 durations, PT0S for zero, at most two decimals', () => {
  assert.equal(formats.duration2004(0), 'PT0S');
  assert.equal(formats.duration2004(4), 'PT0S'); // below a hundredth rounds away
  assert.equal(formats.duration2004(5), 'PT0.01S');
  assert.equal(formats.duration2004(3400), 'PT3.4S');
  assert.equal(formats.duration2004(H + 2 * 60000 + 3400), 'PT1H2M3.4S');
  assert.equal(formats.duration2004(60000), 'PT1M');
  assert.equal(formats.duration2004(H), 'PT1H');
  assert.equal(formats.duration2004(150 * H + 1), 'PT150H');
  assert.equal(formats.duration2004(59999), 'PT1M'); // rounding carries
  assert.equal(formats.duration2004(-1), 'PT0S');
  const re = /^P(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,2})?S)?)$/;
  for (let ms = 0; ms < 2 * H; ms += 12345.678) assert.match(formats.duration2004(ms), re);
});

test('time12 and timestamp2004: local clock time', () => {
  const d = new Date(2025, 0, 9, 7, 5, 3, 456);
  assert.equal(formats.time12(d), '07:05:03');
  assert.equal(formats.timestamp2004(d), '2025-01-09T07:05:03');
  assert.equal(formats.timestamp2004(d.getTime()), '2025-01-09T07:05:03');
  assert.equal(formats.time12(new Date(NaN)), '');
  assert.equal(formats.timestamp2004('garbage'), '');
  assert.equal(formats.timestamp2004(new Date(1960, 0, 1)), ''); // scorm-again accepts 1970 onwards only
});

test('timestamp2004 is the wall clock where the learner is, in winter, in summer and across midnight UTC', () => {
  const zone = process.env.TZ;
  try {
    for (const [tz, utc, local] of [
      ['Europe/Stockholm', Date.UTC(2025, 6, 1, 22, 30, 9), '2025-07-02T00:30:09'], // CEST, +2
      ['Europe/Stockholm', Date.UTC(2025, 0, 31, 23, 59, 59), '2025-02-01T00:59:59'], // CET, +1
      ['Asia/Riyadh', Date.UTC(2025, 2, 30, 21, 0, 0), '2025-03-31T00:00:00'], // +3, no summer time
      ['America/Los_Angeles', Date.UTC(2025, 0, 1, 5, 0, 0), '2024-12-31T21:00:00'], // -8, the year before
    ]) {
      process.env.TZ = tz;
      assert.equal(formats.timestamp2004(utc), local, tz);
    }
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
});

test('response12: single characters per the SCORM 1.2 RTE', () => {
  assert.equal(formats.response12('choice', [0]), 'a');
  assert.equal(formats.response12('choice', [3, 1, 3]), 'b,d'); // a set: source order, no duplicates
  assert.equal(formats.response12('true-false', [0]), 't');
  assert.equal(formats.response12('true-false', [1]), 'f');
  assert.equal(formats.response12('true-false', false), 'f');
  assert.equal(formats.response12('sequencing', [2, 0, 1]), 'c,a,b');
  assert.equal(formats.response12('matching', [0, 1]), '1.a,2.b');
  assert.equal(formats.response12('matching', [1, null, 0]), '1.b,3.a'); // an unmatched source is left out
  assert.equal(formats.response12('choice', [26, 35]), '0,9'); // after z come the digits
  assert.equal(formats.response12('choice', [36]), ''); // beyond 36 options 1.2 has no character
  assert.equal(formats.response12('fill-in', ['x']), '');
});

test('response2004: content ids as tokens Moodle accepts, with [,] and [.] delimiters', () => {
  const ids = { options: ['opt-a', 'opt-b', 'opt-c'], targets: ['t1', 't2', 't3'] };
  assert.equal(formats.response2004('choice', [2, 0], ids), 'opt_a[,]opt_c');
  assert.equal(formats.response2004('choice', [1], ids), 'opt_b');
  assert.equal(formats.response2004('true-false', [0], ids), 'true');
  assert.equal(formats.response2004('true-false', true), 'true');
  assert.equal(formats.response2004('true-false', [1]), 'false');
  assert.equal(formats.response2004('sequencing', [2, 0, 1], ids), 'opt_c[,]opt_a[,]opt_b');
  assert.equal(formats.response2004('matching', [1, 0, 2], ids), 'opt_a[.]t2[,]opt_b[.]t1[,]opt_c[.]t3');
  // An id that cannot be a token falls back to the letter rather than break the call.
  assert.equal(formats.response2004('choice', [0, 1], { options: ['has space', 'ok'] }), 'a[,]ok');
  assert.equal(formats.response2004('choice', [0], {}), 'a');
  // Every token passes Moodle's CMIShortIdentifier, and "_" back to "-" gives the content id.
  const moodle = /^[\w.]{1,250}$/;
  const slugs = ['examine-own-part', 'read-and-understand', 'x', 'a-1-b'];
  for (let i = 0; i < slugs.length; i++) {
    const token = formats.token2004(slugs, i);
    assert.match(token, moodle);
    assert.equal(token.replace(/_/g, '-'), slugs[i]);
  }
});

test('results and correctness', () => {
  assert.equal(formats.result12(true), 'correct');
  assert.equal(formats.result12(false), 'wrong');
  assert.equal(formats.result2004(true), 'correct');
  assert.equal(formats.result2004(false), 'incorrect');
  assert.equal(formats.isCorrect('choice', [2, 0], [0, 2]), true);
  assert.equal(formats.isCorrect('choice', [0], [0, 2]), false);
  assert.equal(formats.isCorrect('sequencing', [0, 2, 1], [0, 1, 2]), false);
  assert.equal(formats.isCorrect('matching', [1, 0], [1, 0]), true);
  assert.equal(formats.isCorrect('true-false', true, [0]), true);
  assert.equal(formats.isCorrect('choice', [], []), false); // no answer is never right
});
