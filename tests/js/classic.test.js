'use strict';
// The runtime files are classic scripts (Chromium refuses ES modules from file://): loaded in order
// into a bare window-like global, with no module system, they must build CourseRuntime on their own.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { RUNTIME_DIR, SCRIPTS, ORDER, makeLms } = require('./runtime.js');

const GLOBALS = ['console', 'setTimeout', 'clearTimeout', 'Date', 'Math', 'JSON', 'window', 'parent', 'top'];

/** A bare window-like global, with no module system and no DOM. */
function bareWindow() {
  const context = { console: { warn() {}, log() {} }, setTimeout, clearTimeout, Date, Math, JSON };
  context.window = context;
  context.parent = context;
  context.top = context;
  return vm.createContext(context);
}

function run(name, context) {
  const file = path.join(RUNTIME_DIR, name);
  vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
}

function browserLike(files) {
  const context = bareWindow();
  for (const name of files || ORDER) run(name, context);
  return context;
}

/** The files a package of this standard loads, in order (as course/render.py joins them). */
const packageOrder = (standard) =>
  SCRIPTS.tracking.concat(SCRIPTS.page).flatMap((name) => (name === 'adapter' ? SCRIPTS.adapters[standard] : [name]));

test('the script order names every runtime file once, and only those', () => {
  const listed = [...new Set(Object.values(SCRIPTS.adapters).flat())].concat(SCRIPTS.tracking, SCRIPTS.page).filter((name) => name !== 'adapter');
  const files = fs.readdirSync(RUNTIME_DIR).filter((name) => name.endsWith('.js'));
  assert.deepEqual(listed.slice().sort(), files.sort());
  assert.equal(new Set(listed).size, listed.length);
});

for (const standard of Object.keys(SCRIPTS.adapters)) {
  test(`${standard}: each file, loaded in the package's order, attaches exactly its own namespace to CourseRuntime`, () => {
    const context = bareWindow();
    const added = {};
    let before = [];
    for (const name of packageOrder(standard)) {
      run(name, context);
      const now = Object.keys(context.CourseRuntime);
      added[name] = now.filter((key) => !before.includes(key)).sort();
      before = now;
    }
    const expected = {};
    for (const name of packageOrder(standard)) expected[name] = [name.replace(/\.js$/, '')];
    assert.deepEqual(added, expected);
    assert.equal(context.module, undefined);
    assert.deepEqual(Object.keys(context).filter((k) => !GLOBALS.includes(k)), ['CourseRuntime'], 'no other globals leak');
  });
}

test('a course opened from disk runs on the in-memory store', () => {
  const win = browserLike();
  const tracker = win.CourseRuntime.tracker.create({
    courseId: 'c', shape: { lessons: ['l1'], checks: [], assessment: [] }, passingScore: 0.8,
    locales: ['sv', 'en'], defaultLocale: 'sv', win,
  });
  const state = tracker.start();
  assert.equal(state.mode, 'memory');
  assert.equal(state.locale, 'sv');
  assert.equal(tracker.lessonSeen('l1'), true);
  assert.equal(tracker.state().finished, true);
  assert.equal(tracker.terminate(), true);
});

test('a package talks to the API of its own standard only, even where the LMS window offers both', () => {
  for (const [own, other] of [['1.2', '2004'], ['2004', '1.2']]) {
    const ownAdapter = own === '1.2' ? 'scorm12' : 'scorm2004';
    const win = browserLike(ORDER.filter((name) => !name.startsWith('scorm') || name === ownAdapter + '.js'));
    const lms = { [own]: makeLms(own), [other]: makeLms(other) };
    win.API = lms['1.2'].spy;
    win.API_1484_11 = lms['2004'].spy;
    const tracker = win.CourseRuntime.tracker.create({
      courseId: 'c', shape: { lessons: ['l1'], checks: [], assessment: [] }, passingScore: 0.8,
      locales: ['sv'], defaultLocale: 'sv', win,
    });
    const state = tracker.start();
    assert.equal(state.mode, 'lms');
    assert.equal(state.version, own);
    tracker.terminate();
    assert.ok(lms[own].calls.length > 0, `${own} API used`);
    assert.equal(lms[other].calls.length, 0, `${other} API left alone`);
  }
});
