// @ts-check
/*
 * The test LMS: scorm-again plays the LMS for browser tests. This file is the page: it reads the query
 * parameters, loads scorm-again, creates the API with calls.js's log around it and server.js's data behind it,
 * then launches the course; moodle.js holds the Moodle profile's rules.
 *
 * Query parameters (tests/browser.py builds them; a person can type them too):
 *   standard  "scorm12" (window.API) or "scorm2004" (window.API_1484_11)
 *   launch    URL of the SCO, relative to this page (default ../course/index.html)
 *   window    "iframe" (default) or "popup" (window.open, for opener discovery)
 *   initial   JSON: CMI data the LMS hands to this launch, flattened ("cmi.core.entry": "resume")
 *             or nested as scorm-again's loadFromJSON takes it ({"core": {"entry": "resume"}})
 *   failures  JSON: failures injected on cue, for example
 *               "initialize": {"times": 1, "code": 101}                     first call fails, the retry works
 *               "set_value": [{"elements": ["cmi.core.lesson_status"], "times": 2, "code": 405}]
 *               "commit": {"skip": 1, "times": 2}                           2nd and 3rd Commit fail
 *               "get_value": {"elements": ["cmi.suspend_data"]}             no "times": fails every time
 *               "terminate": {"times": 1}
 *               "remove_api": {"after": 5, "then": "throw"}                 or "then": "false"
 *             A rule may be one object or a list of them. "elements" (globs, * matches anything) applies to
 *             get_value/set_value; "skip" lets that many matching calls through first; "times" fails that many
 *             matching calls after that (omitted or null: fail for ever); "code" is what GetLastError then
 *             reports. "remove_api" takes the API away after that many calls other than the error queries.
 *   settings  JSON: extra scorm-again settings, merged over ours
 *   bundle    "full" loads the unminified scorm-again (readable stack traces); default minified
 *   profile   "moodle": behave as Moodle 4.5 does where ../shared/LMS-QUIRKS.md says it differs (the rules are
 *             in moodle.js); default none, plain scorm-again
 *   manifest  URL of the course's imsmanifest.xml, relative to this page, for the profile (default: the
 *             launch file's folder + imsmanifest.xml)
 *
 * Everything a test needs is on window.lms: calls (every API call with its arguments, result and the error
 * code after it), messages (scorm-again's own log, WARN and up, and the test LMS's own), events (scorm-again
 * listeners), commits (what reached the "server", flattened), cmi() (the live CMI, flattened) and
 * relaunchData(); with a profile, also manifestItem (what the LMS read from the manifest).
 */
(function () {
  'use strict';

  const TL = window.TestLms;
  const params = new URLSearchParams(window.location.search);
  const standard = params.get('standard') || 'scorm12';
  const is12 = standard === 'scorm12';
  const apiName = is12 ? 'API' : 'API_1484_11';
  const profile = params.get('profile') || '';
  const moodle = profile === 'moodle';
  const t0 = Date.now();
  /** @type {Record<string, string>} */
  const LEVELS = { 1: 'DEBUG', 2: 'INFO', 3: 'WARN', 4: 'ERROR', 5: 'NONE' };

  /** @type {TestLms.Lms} */
  const lms = {
    standard,
    apiName,
    profile: profile || null,
    mode: params.get('window') || 'iframe',
    launch: params.get('launch') || '../course/index.html',
    calls: [],
    messages: [],
    events: [],
    commits: [],
    rules: [],
    initial: {},
    api: null,
    apiRemoved: false,
    courseWindow: null,
    manifestItem: null,
    launched: false,
    error: null,
    cmi: () => (lms.api ? TL.server.primitives(lms.api.getFlattenedCMI()) : {}),
    relaunchData: () => TL.server.relaunchData(session),
    removeApi: () => TL.calls.removeApi(lms),
  };
  window.lms = lms;

  const now = () => Date.now() - t0;

  /** @type {TestLms.Session} */
  const session = {
    lms,
    is12,
    moodle,
    now,
    note(level, message) {
      lms.messages.push({ t: now(), level, message, after_call: lms.calls.length - 1 });
    },
    current: null,
  };

  /** @param {string} text */
  function setState(text) {
    const el = document.getElementById('lms-state');
    if (el) { el.textContent = text; }
  }

  /** The LMS could not start: say so on the page and to the test (window.lms.error). @param {string} message */
  function fail(message) {
    lms.error = message;
    setState(`error: ${message}`);
    const stage = document.getElementById('lms-stage');
    if (stage) {
      const p = document.createElement('p');
      p.className = 'lms-error';
      p.textContent = message;
      stage.appendChild(p);
    }
  }

  /** Run fn once the page's body is there. @param {() => void} fn */
  function whenReady(fn) {
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', fn); } else { fn(); }
  }

  /** A JSON query parameter, or fallback without one. @param {string} name @param {unknown} fallback */
  function jsonParam(name, fallback) {
    const raw = params.get(name);
    if (!raw) { return fallback; }
    try {
      return /** @type {unknown} */ (JSON.parse(raw));
    } catch (e) {
      throw new Error(`query parameter ${name} is not JSON: ${TL.calls.messageOf(e)}`);
    }
  }

  /** Record what scorm-again's own listeners see. @param {TestLms.Api} api */
  function listen(api) {
    const prefix = is12 ? 'LMS' : '';
    ['Initialize', is12 ? 'Finish' : 'Terminate', 'Commit'].forEach((name) => {
      api.on(prefix + name, () => { lms.events.push({ t: now(), event: prefix + name }); });
    });
    api.on(`${prefix}SetValue.cmi.*`, (element, value) => {
      lms.events.push({ t: now(), event: `${prefix}SetValue`, element, value });
    });
  }

  function manifestUrl() {
    const explicit = params.get('manifest');
    if (explicit) { return explicit; }
    const path = lms.launch.split(/[?#]/)[0];
    return `${path.slice(0, path.lastIndexOf('/') + 1)}imsmanifest.xml`;
  }

  function createApi() {
    const Constructor = is12 ? window.Scorm12API : window.Scorm2004API;
    if (typeof Constructor !== 'function') { throw new Error(`scorm-again did not load for ${standard}`); }
    /** @type {Record<string, unknown>} */
    const settings = {
      autocommit: false,
      logLevel: 3, // WARN and up reach onLogMessage; tests look at ERROR, WARN helps to explain them
      onLogMessage: (/** @type {number | string} */ level, /** @type {unknown} */ message) => {
        lms.messages.push({ t: now(), level: LEVELS[level] || String(level), message: String(message),
          after_call: lms.calls.length - 1 });
      },
      lmsCommitUrl: 'test-lms:commit', // any string: scorm-again only commits when it has a URL
      httpService: TL.server.httpService(session),
      dataCommitFormat: 'flattened',
      alwaysSendTotalTime: true,
    };
    const extra = /** @type {Record<string, unknown>} */ (jsonParam('settings', {}));
    Object.keys(extra).forEach((k) => { settings[k] = extra[k]; });
    const api = new Constructor(settings);
    lms.api = api;
    const profileLayers = moodle ? [TL.moodle.defaults(is12), TL.moodle.manifestData(lms.manifestItem, is12)] : [];
    const initial = /** @type {Record<string, unknown> | null} */ (jsonParam('initial', null));
    TL.server.loadInitial(api, initial || {}, session, profileLayers);
    listen(api);
    const failures = /** @type {TestLms.Failures | null} */ (jsonParam('failures', null)) || {};
    lms.rules = TL.calls.normalizeRules(failures, is12);
    TL.calls.wrap(api, session, failures);
    /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (window))[apiName] = api;
  }

  function launchCourse() {
    const stage = /** @type {HTMLElement} */ (document.getElementById('lms-stage'));
    const label = /** @type {HTMLElement} */ (document.getElementById('lms-standard'));
    label.textContent = is12 ? 'SCORM 1.2' : 'SCORM 2004';
    if (lms.mode === 'popup') {
      lms.courseWindow = window.open(lms.launch, 'course', 'popup,width=1024,height=768');
      if (!lms.courseWindow) { fail('the popup was blocked'); return; }
      setState('course opened in a popup');
    } else if (lms.mode === 'iframe') {
      const frame = document.createElement('iframe');
      frame.name = 'course';
      frame.id = 'course';
      frame.title = 'Course';
      frame.src = lms.launch;
      stage.appendChild(frame);
      lms.courseWindow = frame.contentWindow;
      setState('course running');
    } else {
      fail(`unknown window mode ${JSON.stringify(lms.mode)}; expected iframe or popup`);
      return;
    }
    lms.launched = true;
  }

  function proceed() {
    try {
      createApi();
    } catch (e) {
      fail(String((e && /** @type {{stack?: unknown}} */ (e).stack) || e));
      return;
    }
    whenReady(launchCourse);
  }

  function start() {
    if (!moodle) { proceed(); return; }
    // Moodle knows the manifest before it launches anything: read it first, then create the API.
    const url = manifestUrl();
    fetch(url, { cache: 'no-store' })
      .then((response) => {
        if (!response.ok) { throw new Error(`HTTP ${response.status}`); }
        return response.text();
      })
      .then((text) => {
        lms.manifestItem = TL.moodle.readManifest(text, url, session);
      })
      .then(proceed, (e) => {
        fail(`moodle profile: could not read the manifest ${url}: ${TL.calls.messageOf(e)}`);
      });
  }

  if (!is12 && standard !== 'scorm2004') {
    document.addEventListener('DOMContentLoaded', () => {
      fail(`unknown standard ${JSON.stringify(standard)}; expected scorm12 or scorm2004`);
    });
    return;
  }
  if (profile && !moodle) {
    document.addEventListener('DOMContentLoaded', () => {
      fail(`unknown profile ${JSON.stringify(profile)}; expected moodle (or none)`);
    });
    return;
  }
  // Load only the bundle we need, minified (the full 2004 one is 1.8 MB to parse on every launch);
  // add &bundle=full to the URL for readable stack traces.
  const script = document.createElement('script');
  script.src = `../scorm-again/${is12 ? 'scorm12' : 'scorm2004'}${params.get('bundle') === 'full' ? '.js' : '.min.js'}`;
  script.onload = start;
  script.onerror = () => {
    whenReady(() => fail(`could not load ${script.src} (is node_modules installed?)`));
  };
  document.head.appendChild(script);
}());
