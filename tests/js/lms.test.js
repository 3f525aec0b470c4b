'use strict';
// The checked channel on a scripted fake LMS: which failures are retried, in what order, how often.
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { fakeClock } = require('./runtime.js');

require(path.join(__dirname, '../../course/runtime/formats.js')); // what lms.js builds on
const lmsNs = require(path.join(__dirname, '../../course/runtime/lms.js'));

/** A fake raw API: `script(op, name, value)` returns an error code to fail a call, or nothing. */
function fakeRaw(script) {
  const store = {};
  const log = [];
  let code = 0;
  const run = (op, name, value) => {
    log.push([op, name, value]);
    code = (script && script(op, name, value)) || 0;
    if (code) return 'false';
    if (op === 'set') store[name] = value;
    return 'true';
  };
  return {
    store, log,
    raw: {
      version: 'fake',
      initialize: () => run('initialize'),
      terminate: () => run('terminate'),
      get: (name) => { code = 0; return store[name] || ''; },
      set: (name, value) => run('set', name, value),
      commit: () => run('commit'),
      lastError: () => String(code),
      errorString: (c) => 'error ' + c,
      diagnostic: () => '',
      codes: { final: [405] },
    },
  };
}

function channel(script, extra) {
  const fake = fakeRaw(script);
  const clock = fakeClock();
  const warnings = [];
  const events = [];
  const ch = lmsNs.create(fake.raw, Object.assign({
    timers: clock.timers, retryDelays: [10, 20, 40], logger: { warn: (m) => warnings.push(m) },
    onProblem: (p) => events.push(p), onRecovered: () => events.push('recovered'),
  }, extra));
  assert.equal(ch.initialize(), true);
  return { ch, fake, clock, warnings, events };
}

test('a value refused for good is logged once and not retried', () => {
  const { ch, fake, clock, warnings, events } = channel((op, name) => (name === 'bad' ? 405 : 0));
  assert.equal(ch.set('bad', 'x'), false);
  clock.advance(1000);
  assert.equal(fake.log.filter((l) => l[1] === 'bad').length, 1);
  assert.deepEqual(warnings, ['[course-runtime] SetValue(bad) failed: 405 error 405']);
  assert.deepEqual(events, [], 'an element the LMS does not take is no reason to alarm the learner');
});

test('a general failure is retried with backoff, in order, and then committed', () => {
  let failures = 2;
  const { ch, fake, clock, events } = channel((op, name) => (name === 'a' && failures-- > 0 ? 101 : 0));
  assert.equal(ch.set('a', '1'), false);
  assert.equal(ch.set('b', '2'), true);
  assert.equal(ch.pending(), 1);
  clock.advance(10);
  assert.equal(ch.pending(), 1, 'second attempt failed too');
  clock.advance(20);
  assert.equal(ch.pending(), 0);
  assert.deepEqual(fake.store, { a: '1', b: '2' });
  assert.equal(fake.log[fake.log.length - 1][0], 'commit', 'a landed retry is committed');
  assert.deepEqual(events, []);
});

test('a newer value is never overwritten by an older pending one', () => {
  let fail = true;
  const { ch, fake, clock } = channel((op, name, value) => (fail && value === 'old' ? 101 : 0));
  ch.set('x', 'old');
  fail = false;
  ch.set('x', 'new');
  clock.advance(1000);
  assert.equal(fake.store.x, 'new');
  assert.equal(fake.log.filter((l) => l[2] === 'old').length, 1, 'the stale value was dropped, not retried');
});

test('retries are bounded; the page hears once; a later success clears the notice', () => {
  let broken = true;
  const { ch, fake, clock, events } = channel((op) => (broken && op === 'commit' ? 391 : 0));
  assert.equal(ch.commit(), false);
  clock.advance(60000);
  const commits = fake.log.filter((l) => l[0] === 'commit').length;
  assert.equal(commits, 4, 'the call and three retries');
  assert.equal(events.length, 1);
  assert.deepEqual([events[0].kind, events[0].code], ['commit', 391]);
  ch.commit();
  clock.advance(60000);
  assert.equal(events.length, 1, 'still one notice while the problem lasts');
  broken = false;
  assert.equal(ch.commit(), true);
  assert.deepEqual(events[1], 'recovered');
});

test('a page handler that throws is logged and changes nothing in the channel', () => {
  let broken = true;
  const boom = () => { throw new Error('page bug'); };
  const { ch, clock, warnings } = channel((op) => (broken && op === 'commit' ? 391 : 0),
    { onProblem: boom, onRecovered: boom });
  assert.equal(ch.commit(), false);
  clock.advance(60000);
  broken = false;
  assert.equal(ch.commit(), true, 'the channel recovers whatever the handlers did');
  const threw = warnings.filter((w) => w.startsWith('[course-runtime] a problem handler threw: Error: page bug'));
  assert.equal(threw.length, 2, 'the problem and the recovery, each said once');
});
test('terminate sets what is pending and terminates once, without a Commit; nothing after it reaches the LMS', () => {
  const { ch, fake } = channel();
  ch.set('a', '1');
  assert.equal(ch.terminate(), true);
  assert.equal(ch.terminate(), false);
  assert.equal(ch.set('b', '2'), false);
  assert.equal(ch.commit(), false);
  assert.equal(ch.get('a'), null);
  assert.deepEqual(fake.log.map((l) => l[0]), ['initialize', 'set', 'terminate']);
  assert.equal(ch.state(), 'terminated');
});

test('an API that throws is treated as a failure with code -1, never rethrown', () => {
  const clock = fakeClock();
  const events = [];
  const warnings = [];
  const boom = () => { throw new Error('gone'); };
  const raw = fakeRaw();
  Object.assign(raw.raw, { set: boom, commit: boom, terminate: boom, lastError: boom });
  const broken = lmsNs.create(raw.raw, {
    timers: clock.timers, retryDelays: [1], logger: { warn: (m) => warnings.push(m) }, onProblem: (p) => events.push(p),
  });
  assert.equal(broken.initialize(), true);
  assert.equal(broken.set('x', 'y'), false);
  assert.equal(broken.commit(), false);
  clock.advance(100);
  assert.equal(broken.terminate(), false);
  // Each failed call is said once, with the code -1 and what the API threw: the set, its retry as the commit
  // flushes it, the commit, the scheduled retry (which stops at the failing set), and terminate's last try of the
  // set and of itself.
  assert.deepEqual(warnings, [
    '[course-runtime] SetValue(x) failed: -1 gone',
    '[course-runtime] SetValue(x) failed: -1 gone',
    '[course-runtime] Commit failed: -1 gone',
    '[course-runtime] SetValue(x) failed: -1 gone',
    '[course-runtime] SetValue(x) failed: -1 gone',
    '[course-runtime] Terminate failed: -1 gone',
  ]);
  assert.deepEqual(events, [{ kind: 'set', element: 'x', code: -1, text: 'gone', recovered: false }], 'one notice');
  assert.equal(broken.state(), 'terminated', 'the session is over, whatever the API did');
});

test('Initialize failing is reported to the caller; "already initialized" is fine', () => {
  const failing = lmsNs.create(fakeRaw(() => 102).raw, { logger: { warn() {} } });
  assert.equal(failing.initialize(), false);
  assert.equal(failing.set('a', '1'), false);
  const raw = fakeRaw(() => 103).raw;
  raw.codes.alreadyInitialized = 103;
  assert.equal(lmsNs.create(raw, { logger: { warn() {} } }).initialize(), true);
});
