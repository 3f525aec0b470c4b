// @ts-check
/*
 * TestLms.server: the LMS's side of the data. What it hands the course at launch (loadInitial: what a real LMS
 * always supplies, the profile's values, the `initial` parameter over them), what reaches it on each commit
 * (httpService, instead of an HTTP endpoint: window.lms.commits) and what it hands to the next launch
 * (relaunchData).
 */
(function (/** @type {Window} */ root) {
  'use strict';

  const TL = (root.TestLms = root.TestLms || /** @type {TestLms.Namespace} */ ({}));

  // What a real LMS always supplies; scorm-again leaves these empty unless told.
  /** @type {TestLms.Flat} */
  const LAUNCH_DEFAULTS_12 = {
    'cmi.core.entry': 'ab-initio', 'cmi.core.credit': 'credit', 'cmi.core.student_id': 'learner-1',
    'cmi.core.student_name': 'Learner, Test',
  };
  /** @type {TestLms.Flat} */
  const LAUNCH_DEFAULTS_2004 = {
    'cmi.entry': 'ab-initio', 'cmi.learner_id': 'learner-1', 'cmi.learner_name': 'Learner, Test',
  };
  // Elements that live only for one session; an LMS does not hand them back on the next launch.
  const SESSION_ONLY_12 = ['cmi.core.entry', 'cmi.core.exit', 'cmi.core.session_time'];
  const SESSION_ONLY_2004 = ['cmi.entry', 'cmi.exit', 'cmi.session_time', 'adl.nav.request'];
  // What an LMS keeps when SCORM 2004 starts a new attempt (exit was not "suspend").
  const LEARNER_DATA = [
    'cmi.learner_id', 'cmi.learner_name', 'cmi.launch_data', 'cmi.scaled_passing_score',
    'cmi.completion_threshold', 'cmi.max_time_allowed', 'cmi.time_limit_action', 'cmi.mode', 'cmi.credit',
    'cmi.learner_preference.',
  ];

  /** The values of a flattened CMI that are not collections (empty ones come out as {}). @param {TestLms.Flat} flat */
  function primitives(flat) {
    /** @type {TestLms.Flat} */
    const out = {};
    Object.keys(flat).forEach((k) => { if (flat[k] === null || typeof flat[k] !== 'object') { out[k] = flat[k]; } });
    return out;
  }

  /**
   * Nested CMI data as "a.b.c" keys, each value a string.
   * @param {unknown} value
   * @param {string} prefix
   * @param {TestLms.Flat} out
   */
  function flatten(value, prefix, out) {
    if (value !== null && typeof value === 'object') {
      const nested = /** @type {Record<string, unknown>} */ (value);
      Object.keys(nested).forEach((k) => { flatten(nested[k], prefix ? `${prefix}.${k}` : k, out); });
    } else if (value !== null && value !== undefined) {
      out[prefix] = String(value);
    }
    return out;
  }

  /**
   * Hand the course its launch data: what an LMS always supplies, then each of the profile's layers (a later
   * one wins), then `initial` over all of them; what scorm-again then holds is window.lms.initial.
   * @param {TestLms.Api} api
   * @param {Record<string, unknown>} initial flattened ("cmi.core.entry") or nested ({"core": {"entry": ...}})
   * @param {TestLms.Session} session
   * @param {TestLms.Flat[]} profileLayers
   */
  function loadInitial(api, initial, session, profileLayers) {
    /** @type {TestLms.Flat} */
    const flat = {};
    Object.keys(initial).forEach((key) => {
      const rooted = /^(cmi|adl)(\.|$)/.test(key) ? key : `cmi.${key}`; // nested input may omit the "cmi" root
      flatten(initial[key], rooted, flat);
    });
    /** @type {TestLms.Flat} */
    const data = {};
    [session.is12 ? LAUNCH_DEFAULTS_12 : LAUNCH_DEFAULTS_2004, ...profileLayers].forEach((layer) => {
      Object.keys(layer).forEach((k) => { if (!(k in flat)) { data[k] = layer[k]; } });
    });
    Object.keys(flat).forEach((k) => { data[k] = flat[k]; });
    api.loadFromFlattenedJSON(data); // skips empty values: "" means "leave scorm-again's default"
    session.lms.initial = primitives(api.getFlattenedCMI());
  }

  /**
   * Commits land here instead of an HTTP endpoint: the "server side" of the LMS. With profile=moodle a commit
   * made during the course's page dismissal fails first (moodle.js, S1/M5).
   * @param {TestLms.Session} session
   * @returns {TestLms.HttpService}
   */
  function httpService(session) {
    const { lms, moodle } = session;
    return {
      processHttpRequest(_url, commitData, immediate, _apiLog, _processListeners, metadata) {
        const refused = moodle && !immediate ? TL.moodle.commitRefusal(session) : null;
        if (refused) { return refused; }
        lms.commits.push({
          i: lms.commits.length, t: session.now(), terminate: Boolean(immediate), beacon: moodle && Boolean(immediate),
          trigger: (metadata && metadata.trigger) || null, after_call: lms.calls.length - 1,
          data: TL.calls.copy(commitData),
        });
        return { result: true, errorCode: 0 };
      },
      updateSettings() {},
    };
  }

  /** What the LMS stored: the launch data overlaid with the last commit. @param {TestLms.Lms} lms */
  function lastStored(lms) {
    /** @type {TestLms.Flat} */
    const stored = {};
    Object.keys(lms.initial).forEach((k) => { stored[k] = lms.initial[k]; });
    const last = lms.commits[lms.commits.length - 1];
    const data = last ? primitives(last.data) : {};
    Object.keys(data).forEach((k) => { stored[k] = data[k]; });
    return stored;
  }

  /**
   * What this LMS would hand to the next launch: the stored data, with entry set as the standard says.
   * @param {TestLms.Session} session
   * @returns {Record<string, string>}
   */
  function relaunchData(session) {
    const { is12 } = session;
    const stored = lastStored(session.lms);
    const suspended = stored[is12 ? 'cmi.core.exit' : 'cmi.exit'] === 'suspend';
    const sessionOnly = is12 ? SESSION_ONLY_12 : SESSION_ONLY_2004;
    /** @type {Record<string, string>} */
    const next = {};
    Object.keys(stored).forEach((key) => {
      const value = stored[key];
      if (value === '' || value === null || value === undefined) { return; }
      if (sessionOnly.includes(key) || /\._(count|children|version)$/.test(key)) { return; }
      if (!is12 && !suspended && !LEARNER_DATA.some((p) => key.startsWith(p))) {
        return; // SCORM 2004: a normal exit ends the attempt; the next launch starts a new one
      }
      next[key] = String(value);
    });
    next[is12 ? 'cmi.core.entry' : 'cmi.entry'] = suspended ? 'resume' : is12 ? '' : 'ab-initio';
    return next;
  }

  const server = { primitives, loadInitial, httpService, relaunchData };
  TL.server = server;
  if (typeof module !== 'undefined' && module.exports) module.exports = server;
})(window);
