'use strict';
// Test helper (not a test file): loads the runtime the way the page does, and scorm-again as the LMS.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');

const RUNTIME_DIR = path.join(__dirname, '../../course/runtime');
/** The one list of the runtime's scripts in load order, which the build reads too (course/render.py). */
const SCRIPTS = JSON.parse(fs.readFileSync(path.join(RUNTIME_DIR, 'scripts.json'), 'utf8'));
/** The session's files, in order, with every standard's adapter files (each once) where a package has its own. */
const ORDER = [...new Set(SCRIPTS.tracking.flatMap((name) => (name === 'adapter' ? Object.values(SCRIPTS.adapters).flat() : [name])))];
/** The page's files, loaded after them: the languages, the page wiring's modules, then app.js. */
const PAGE = SCRIPTS.page;

function loadRuntime() {
  for (const name of ORDER) require(path.join(RUNTIME_DIR, name));
  return globalThis.CourseRuntime;
}

/** The runtime and the page; returns CourseRuntime.app. */
function loadPage() {
  loadRuntime();
  for (const name of PAGE) require(path.join(RUNTIME_DIR, name));
  return globalThis.CourseRuntime.app;
}

let scormAgain = null;
/**
 * scorm-again's dist files are classic scripts (`this.Scorm12API = ...`); the package is "type":
 * "module", so require() would refuse them. Running them in this context defines the globals.
 */
function loadScormAgain() {
  if (!scormAgain) {
    const dist = path.join(__dirname, '../../node_modules/scorm-again/dist');
    for (const file of ['scorm12.js', 'scorm2004.js']) {
      vm.runInThisContext(fs.readFileSync(path.join(dist, file), 'utf8'), { filename: path.join(dist, file) });
    }
    scormAgain = { Scorm12API: globalThis.Scorm12API, Scorm2004API: globalThis.Scorm2004API };
  }
  return scormAgain;
}

module.exports = { RUNTIME_DIR, SCRIPTS, ORDER, PAGE, loadRuntime, loadPage, loadScormAgain };

/**
 * Wrap a scorm-again API so every call the course makes is recorded with its result and the
 * error code scorm-again reports right after it. `fail(fn, args)` may return an error code to
 * inject a failure (the call then returns "false" without reaching scorm-again).
 */
function spyApi(api, names, fail) {
  const calls = [];
  const state = { committed: null };
  let injected = null; // the error code GetLastError reports after an injected failure
  const spy = {};
  for (const fn of Object.values(names)) {
    spy[fn] = (...args) => {
      const isError = fn === names.lastError || fn === names.errorString || fn === names.diagnostic;
      if (isError && injected !== null) {
        if (fn === names.lastError) return String(injected);
        return fn === names.errorString ? 'Injected failure' : 'injected by the test';
      }
      if (!isError) injected = null;
      const code = !isError && fail ? fail(fn, args) : null;
      if (code !== null && code !== undefined) {
        injected = code;
        calls.push({ fn, args, result: 'false', code, injected: true });
        return 'false';
      }
      const result = api[fn](...args);
      if (!isError) calls.push({ fn, args, result: String(result), code: Number(api[names.lastError]()) });
      // What the LMS would have stored: the data model as of each successful commit.
      if ((fn === names.commit || fn === names.terminate) && String(result) === 'true') {
        state.committed = JSON.parse(JSON.stringify(api.renderCMIToJSONObject().cmi));
      }
      return result;
    };
  }
  return { spy, calls, state };
}

const NAMES_12 = {
  initialize: 'LMSInitialize', terminate: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit',
  lastError: 'LMSGetLastError', errorString: 'LMSGetErrorString', diagnostic: 'LMSGetDiagnostic',
};
const NAMES_2004 = {
  initialize: 'Initialize', terminate: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
  lastError: 'GetLastError', errorString: 'GetErrorString', diagnostic: 'GetDiagnostic',
};

module.exports.spyApi = spyApi;
module.exports.NAMES_12 = NAMES_12;
module.exports.NAMES_2004 = NAMES_2004;

/** Timers and a clock the test moves by hand, so retries and session time are deterministic. */
function fakeClock(start) {
  let now = start === undefined ? new Date(2025, 0, 9, 10, 0, 0).getTime() : start;
  let queue = [];
  let nextId = 1;
  const clock = {
    now: () => now,
    timers: {
      setTimeout(fn, ms) { const id = nextId++; queue.push({ id, at: now + (ms || 0), fn }); return id; },
      clearTimeout(id) { queue = queue.filter((t) => t.id !== id); },
    },
    /** Move the clock by ms, running every timer that falls due (timers may add timers). */
    advance(ms) {
      const until = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at || a.id - b.id);
        if (!queue.length || queue[0].at > until) break;
        const t = queue.shift();
        now = t.at;
        t.fn();
      }
      now = until;
    },
    /** Run what is due now (the end of the current task). */
    tick() { clock.advance(0); },
    pending: () => queue.length,
  };
  return clock;
}

/**
 * scorm-again playing the LMS for one standard, behind a recording spy, in a window (an EventTarget,
 * so pagehide can be dispatched) the runtime can discover.
 * @param {'1.2'|'2004'} version
 * @param {{cmi?: object, fail?: function(string, any[]): (number|null), languages?: string[],
 *          answers?: Object<string, string>}} [opts]
 *   cmi: data the LMS starts with (loadFromJSON), fail: inject failures (see spyApi), answers: what GetValue answers
 *   for these elements instead of scorm-again's value (a hostile LMS: "cmi.objectives._count": "5000000"), the
 *   call still reaching scorm-again and the record
 */
function makeLms(version, opts) {
  const o = opts || {};
  const { Scorm12API, Scorm2004API } = loadScormAgain();
  const logs = [];
  const settings = { logLevel: 2, onLogMessage: (level, message) => logs.push({ level, message }) };
  const api = version === '1.2' ? new Scorm12API(settings) : new Scorm2004API(settings);
  if (o.cmi) api.loadFromJSON(o.cmi);
  const names = version === '1.2' ? NAMES_12 : NAMES_2004;
  const { spy, calls, state } = spyApi(api, names, o.fail);
  const answers = o.answers || {};
  const get = spy[names.get];
  spy[names.get] = (name) => {
    const value = get(name);
    return Object.prototype.hasOwnProperty.call(answers, name) ? answers[name] : value;
  };
  const win = new EventTarget();
  win[version === '1.2' ? 'API' : 'API_1484_11'] = spy;
  win.parent = win;
  win.top = win;
  win.navigator = { languages: o.languages || ['en-US', 'en'] };
  return {
    api, spy, calls, state, win, names, logs,
    /** scorm-again log entries at ERROR level (4) or above. */
    errors: () => logs.filter((l) => l.level >= 4),
    count: (fn) => calls.filter((c) => c.fn === fn).length,
  };
}

module.exports.fakeClock = fakeClock;
module.exports.makeLms = makeLms;
