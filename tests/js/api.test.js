'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const apiNs = require(path.join(__dirname, '../../course/runtime/api.js'));

const api12 = () => ({ LMSInitialize() { return 'true'; } });
const api2004 = () => ({ Initialize() { return 'true'; } });

/** A window whose parent is `parent` (a top window is its own parent, as in browsers). */
function win(props, parent) {
  const w = Object.assign({}, props);
  w.parent = parent || w;
  w.top = parent ? parent.top : w;
  return w;
}

/** A window from another origin: every property access throws, as browsers do. */
function foreign(parent) {
  return new Proxy({}, {
    get(target, key) {
      if (key === 'parent') return parent;
      throw new Error('SecurityError: Blocked a frame with origin');
    },
  });
}

test('finds the API in the course window itself and in parents', () => {
  const a = api12();
  const top = win({ API: a });
  const mid = win({}, top);
  const course = win({}, mid);
  assert.deepEqual(apiNs.find(course), { version: '1.2', api: a });
  const self = win({ API_1484_11: api2004() });
  assert.equal(apiNs.find(self).version, '2004');
});

test('prefers 2004 over 1.2, even when the 1.2 API is nearer', () => {
  const a2004 = api2004();
  const top = win({ API_1484_11: a2004 });
  const course = win({ API: api12() }, top);
  assert.deepEqual(apiNs.find(course), { version: '2004', api: a2004 });
  assert.equal(apiNs.find(course, { prefer: ['1.2', '2004'] }).version, '1.2');
});

test('skips frames from another origin that throw on access', () => {
  const a = api2004();
  const top = win({ API_1484_11: a });
  const middle = foreign(top);
  const course = { parent: middle, top };
  assert.equal(apiNs.find(course).api, a);
});

test('falls back to the opener and its parents', () => {
  const a = api12();
  const lmsTop = win({ API: a });
  const lmsFrame = win({}, lmsTop);
  const popup = win({});
  popup.opener = lmsFrame;
  assert.deepEqual(apiNs.find(popup), { version: '1.2', api: a });
});

test('the walk is bounded, and odd objects are not taken for an API', () => {
  // A parent chain that never reaches a top window (each frame a fresh parent).
  let calls = 0;
  const endless = () => ({ get parent() { calls++; return endless(); } });
  assert.equal(apiNs.find(endless()), null);
  assert.ok(calls <= 2 * (apiNs.MAX_DEPTH + 1), 'stopped after ' + calls); // one walk per version
  assert.equal(apiNs.find(win({ API: { LMSInitialize: 'not a function' }, API_1484_11: 42 })), null);
  assert.equal(apiNs.find(win({})), null);
  assert.equal(apiNs.find(null), null);
  assert.equal(apiNs.find(foreign(null)), null);
});
