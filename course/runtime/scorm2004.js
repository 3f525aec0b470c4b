// @ts-check
/*
 * CourseRuntime.scorm2004: the SCORM 2004 (4th Edition) adapter. Same interface as scorm12.js;
 * bind() names the 2004 calls and error codes, createAdapter() maps course events to cmi.* elements.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { validDate, number, oneLine } = CR.formats;
  const { duration2004, response2004 } = CR.patterns;

  /**
   * SCORM 2004 time(second,10,0) "YYYY-MM-DDThh:mm:ss" in local time (no zone designator,
   * which the standard reads as local), or "" for an invalid or pre-1970 date (scorm-again rejects those):
   * the ISO form of the instant moved by the zone's offset at that instant, whose UTC fields are the local ones.
   * @param {Date|number} d
   * @returns {string}
   */
  const timestamp2004 = (d) => {
    const date = validDate(d);
    if (!date || date.getFullYear() < 1970 || date.getFullYear() > 9999) return '';
    return new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
  };

  /** @param {boolean} ok @returns {'correct'|'incorrect'} */
  const result2004 = (ok) => (ok ? 'correct' : 'incorrect');

  const LANG = /^([a-zA-Z]{1,8}|i|x)(-[a-zA-Z0-9-]{2,8})?$/; // CMILang as scorm-again checks it

  /**
   * The raw 2004 API (window.API_1484_11) in the form CourseRuntime.lms expects.
   * @param {CourseRuntime.Scorm2004Api} api
   * @returns {CourseRuntime.RawApi}
   */
  const bind = (api) => ({
    version: '2004',
    initialize: () => api.Initialize(''),
    terminate: () => api.Terminate(''),
    get: (name) => api.GetValue(name),
    set: (name, value) => api.SetValue(name, value),
    commit: () => api.Commit(''),
    lastError: () => api.GetLastError(),
    errorString: (code) => api.GetErrorString(String(code)),
    diagnostic: (code) => api.GetDiagnostic(String(code)),
    codes: {
      // Session-state, argument and data-model errors: retrying cannot help. (101, 301, 351 and
      // 391 are the general failures worth another try.)
      final: [103, 104, 112, 113, 122, 123, 132, 133, 142, 143, 201, 401, 402, 403, 404, 405, 406, 407, 408],
      notInitialized: 403, // GetValue of an element the LMS has no value for yet: read as empty
      alreadyInitialized: 103,
    },
  });

  /**
   * CMILangString250 for a description in the learner's language: "{lang=fi}text" on one line,
   * not starting with "{", at most 250 characters (without splitting a surrogate pair).
   * @param {string|null|undefined} text
   * @param {string|undefined} lang
   */
  const langString = (text, lang) => {
    let t = oneLine(text).replace(/^\{+/, '');
    if (t.length > 250) t = t.slice(0, /[\uD800-\uDBFF]/.test(t[249]) ? 249 : 250);
    return (lang && LANG.test(lang) ? '{lang=' + lang + '}' : '') + t;
  };

  /** @param {number} x @param {number} digits */
  const round = (x, digits) => {
    const k = 10 ** digits;
    return Math.round((Number(x) || 0) * k) / k;
  };

  /**
   * The 2004 adapter over a checked channel (CourseRuntime.lms.create(bind(api))).
   * @param {CourseRuntime.Channel} lms
   * @param {CourseRuntime.Most} most as for scorm12.createAdapter
   * @returns {CourseRuntime.Adapter}
   */
  const createAdapter = (lms, most) => {
    /** @type {number|null} */
    let interactionCount = null; // appended after what the LMS already holds (journaling)

    /** @param {string} name @param {string} value */
    const set = (name, value) => CR.lms.setOptional(lms, name, value);
    /**
     * A reader of one element: what the LMS holds, else `otherwise` ("" unless given).
     * @param {string} name @param {string} [otherwise]
     */
    const read = (name, otherwise) => () => lms.get(name) || otherwise || '';
    const objectiveIndex = CR.lms.idIndex(lms, 'cmi.objectives', most.objectives);
    /** @param {string} id */
    const objective = (id) => 'cmi.objectives.' + objectiveIndex(id) + '.';

    /**
     * What the LMS holds for the course (prefix "cmi.") or one objective. The score is read only once a success
     * status says one was reported: an unset score answers error 403.
     * @param {string} p @param {unknown} completion @returns {CourseRuntime.HeldRecord}
     */
    const heldAt = (p, completion) => {
      const status = lms.get(p + 'success_status') || '';
      const success = status === 'passed' || status === 'failed' ? status : null;
      const score = success ? number(lms.get(p + 'score.raw'), 0, 100) : null;
      return { completed: completion === 'completed', success, score };
    };

    /**
     * min, max, raw, then scaled (before any status).
     * @param {string} p @param {number} raw @param {number} min @param {number} max
     */
    const scoreAt = (p, raw, min, max) => {
      const lo = Number(min) || 0;
      const hi = Number(max) || 0;
      const scaled = hi > lo ? Math.min(1, Math.max(-1, (Number(raw) - lo) / (hi - lo))) : 0;
      let ok = lms.set(p + 'min', round(lo, 2));
      ok = lms.set(p + 'max', round(hi, 2)) && ok;
      ok = lms.set(p + 'raw', round(raw, 2)) && ok;
      return lms.set(p + 'scaled', round(scaled, 4)) && ok;
    };

    return {
      version: '2004',
      initialize: () => lms.initialize(),
      /** @returns {string} "ab-initio", "resume" or "" */
      readEntry: read('cmi.entry'),
      readBookmark: read('cmi.location'),
      readSuspendData: read('cmi.suspend_data'),
      readLearnerName: read('cmi.learner_name'),
      readLanguage: read('cmi.learner_preference.language'),
      /** @returns {string} the LMS's completion_status, e.g. "not attempted" or "unknown" */
      readStatus: read('cmi.completion_status'),
      /** @returns {string} "normal", "review" or "browse" */
      readMode: read('cmi.mode', 'normal'),
      /** @returns {string} "credit" or "no-credit" */
      readCredit: read('cmi.credit', 'credit'),
      /**
       * What the LMS already holds for this attempt, so that nothing lower is written over it.
       * @param {string} completion what readStatus() returned at launch
       */
      readRecord: (completion) => heldAt('cmi.', completion),
      /** What the LMS held for an objective when the session began; null for one it did not hold. @param {string} id */
      readObjective(id) {
        if (!objectiveIndex.held(id)) return null;
        const p = objective(id);
        return heldAt(p, lms.get(p + 'completion_status'));
      },
      /** cmi.scaled_passing_score as the mastery fraction; null when the LMS sets none or one below 0. */
      readMastery: () => number(lms.get('cmi.scaled_passing_score'), 0, 1),
      setIncomplete: () => lms.set('cmi.completion_status', 'incomplete'),
      setBookmark: (view) => lms.set('cmi.location', String(view).slice(0, 1000)),
      setSuspendData: (text) => lms.set('cmi.suspend_data', text),
      setLanguagePreference: (tag) => (LANG.test(tag) ? lms.set('cmi.learner_preference.language', tag) : false),

      /**
       * A learning objective as the tracker reports it (never below what the LMS held): completion, score (in
       * percent: raw 0..100, scaled 0..1), success, and its text in the learner's language.
       * @param {string} id @param {CourseRuntime.ObjectiveRecord} r
       */
      recordObjective(id, r) {
        const p = objective(id);
        let ok = !r.completed || lms.set(p + 'completion_status', 'completed');
        if (r.score !== null) ok = scoreAt(p + 'score.', r.score, 0, 100) && ok;
        if (r.success) ok = lms.set(p + 'success_status', r.success) && ok;
        if (r.description) ok = set(p + 'description', langString(r.description, r.lang)) && ok;
        return ok;
      },

      /**
       * Append one interaction (2004 id-based response format).
       * @param {{id: string, type: string, options?: string[], targets?: string[],
       *          learnerResponse: number[]|boolean, correctPattern: number[]|boolean, result: boolean,
       *          latencyMs?: number, timestamp?: Date, description?: string, lang?: string, objectives?: string[]}} i
       */
      recordInteraction(i) {
        if (interactionCount === null) interactionCount = CR.lms.count(lms, 'cmi.interactions', most.interactions);
        const p = 'cmi.interactions.' + interactionCount++ + '.';
        const ids = { options: i.options, targets: i.targets };
        // Order matters: the id creates the entry; responses are checked against the type (error 408 otherwise).
        // A decision is of type "other": its response the choice's id, neither right nor wrong, so no pattern.
        const decision = i.type === 'decision';
        let ok = lms.set(p + 'id', String(i.id));
        ok = set(p + 'type', decision ? 'other' : i.type) && ok;
        (i.objectives || []).forEach((id, k) => { ok = set(p + 'objectives.' + k + '.id', String(id)) && ok; });
        if (i.timestamp) ok = set(p + 'timestamp', timestamp2004(i.timestamp)) && ok;
        if (!decision) ok = set(p + 'correct_responses.0.pattern', response2004(i.type, /** @type {number[] | boolean} */ (i.correctPattern), ids)) && ok;
        ok = set(p + 'learner_response', decision ? String(i.learnerResponse) : response2004(i.type, /** @type {number[] | boolean} */ (i.learnerResponse), ids)) && ok;
        ok = set(p + 'result', decision ? 'neutral' : result2004(!!i.result)) && ok;
        const latency = /** @type {number} where Number.isFinite says so */ (i.latencyMs);
        if (Number.isFinite(latency)) ok = set(p + 'latency', duration2004(latency)) && ok;
        if (i.description) ok = set(p + 'description', langString(i.description, i.lang)) && ok;
        return ok;
      },

      setScore: (raw, min, max) => scoreAt('cmi.score.', raw, min, max),
      /** @param {number} fraction 0..1 of the lessons seen */
      setProgress: (fraction) =>
        lms.set('cmi.progress_measure', round(Math.min(1, Math.max(0, Number(fraction) || 0)), 4)),
      /**
       * @param {boolean} completed every lesson seen
       * @param {'passed'|'failed'|null} success null while no assessment is scored
       */
      setCompletionAndSuccess(completed, success) {
        let ok = lms.set('cmi.completion_status', completed ? 'completed' : 'incomplete');
        if (success === 'passed' || success === 'failed') ok = lms.set('cmi.success_status', success) && ok;
        return ok;
      },
      setSessionTime: (ms) => lms.set('cmi.session_time', duration2004(ms)),
      /** @param {'suspend'|'normal'} kind */
      setExit: (kind) => lms.set('cmi.exit', kind === 'suspend' ? 'suspend' : 'normal'),
      /**
       * Ask the LMS to close the SCO when it terminates: suspend the attempt, or end it when the course is done.
       * @param {'suspend'|'normal'} kind
       */
      setNavRequest: (kind) => lms.set('adl.nav.request', kind === 'suspend' ? 'suspendAll' : 'exitAll'),
      commit: () => lms.commit(),
      terminate: () => lms.terminate(),
    };
  };

  const scorm2004 = { bind, createAdapter, langString, timestamp2004, result2004 };
  CR.scorm2004 = scorm2004;
  if (typeof module !== 'undefined' && module.exports) module.exports = scorm2004;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
