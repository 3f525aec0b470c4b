'use strict';
// The runtime files are classic scripts (Chromium refuses ES modules from file://): loaded in order
// into a bare window-like global, with no module system, they must build CourseRuntime on their own.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { RUNTIME_DIR, ORDER, makeLms } = require('./runtime.js');

function browserLike(files) {
  const context = { console: { warn() {}, log() {} }, setTimeout, clearTimeout, Date, Math, JSON };
  context.window = context;
  context.parent = context;
  context.top = context;
  vm.createContext(context);
  for (const name of files || ORDER) {
    const file = path.join(RUNTIME_DIR, name + '.js');
    vm.runInContext(fs.readFileSync(file, 'utf8'), context, { filename: file });
  }
  return context;
}

test('every file attaches one namespace to CourseRuntime, with no module system', () => {
  const win = browserLike();
  assert.deepEqual(Object.keys(win.CourseRuntime).sort(),
    ['api', 'formats', 'language', 'lms', 'local', 'scorm12', 'scorm2004', 'suspend', 'tracker']);
  assert.equal(win.module, undefined);
  assert.deepEqual(Object.keys(win).filter((k) => !['console', 'setTimeout', 'clearTimeout', 'Date', 'Math', 'JSON', 'window', 'parent', 'top'].includes(k)),
    ['CourseRuntime'], 'no other globals leak');
});

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
    const win = browserLike(ORDER.filter((name) => !name.startsWith('scorm') || name === ownAdapter));
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
