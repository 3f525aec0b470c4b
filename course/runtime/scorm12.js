// @ts-check
/*
 * CourseRuntime.scorm12: the SCORM 1.2 adapter. bind() names the 1.2 calls and error codes;
 * createAdapter() maps course events to cmi.* elements. scorm2004.js has the same interface,
 * so nothing else in the runtime asks which version it is talking to.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { pad, centis, validDate, ints, char12, sortedSet, CHARS_12 } = CR.formats;

  /** Matching sources read as numbers in the 1.2 examples ("1.a,2.b"), so the first source is "1". */
  const SOURCE_CHARS_12 = '1234567890abcdefghijklmnopqrstuvwxyz';
  const MAX_CENTIS_12 = 3599999999; // 9999:59:59.99 in centiseconds

  /**
   * SCORM 1.2 CMITimespan "HHHH:MM:SS.SS" (hours 2 to 4 digits), clamped at 9999:59:59.99.
   * @param {number} ms
   * @returns {string}
   */
  const timespan12 = (ms) => {
    const cs = Math.min(centis(ms), MAX_CENTIS_12);
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const s = Math.floor(cs / 100) % 60;
    return pad(h) + ':' + pad(m) + ':' + pad(s) + '.' + pad(cs % 100);
  };

  /**
   * SCORM 1.2 CMITime "HH:MM:SS" (local time of day), or "" for an invalid date.
   * @param {Date|number} d
   * @returns {string}
   */
  const time12 = (d) => {
    const date = validDate(d);
    if (!date) return '';
    return pad(date.getHours()) + ':' + pad(date.getMinutes()) + ':' + pad(date.getSeconds());
  };

  /**
   * Learner response or correct-response pattern for SCORM 1.2 (single characters 0-9 a-z):
   * choice "a,c", sequencing "c,a,b", matching "1.b,2.a", true-false "t" / "f".
   * Choice indexes are written in source order, since a choice response is a set.
   * @param {string} type choice | true-false | sequencing | matching
   * @param {number[]|boolean} value neutral answer (see the file header)
   * @returns {string}
   */
  const response12 = (type, value) => {
    const v = ints(type, value);
    if (type === 'true-false') return v[0] === 0 ? 't' : v[0] === 1 ? 'f' : '';
    if (type === 'choice' || type === 'sequencing') {
      return (type === 'choice' ? sortedSet(v) : v).map((i) => char12(CHARS_12, i)).filter(Boolean).join(',');
    }

    if (type === 'matching') {
      /** @type {string[]} */
      const pairs = [];
      v.forEach((t, s) => {
        const src = char12(SOURCE_CHARS_12, s);
        const tgt = char12(CHARS_12, t);
        if (src && tgt) pairs.push(src + '.' + tgt);
      });
      return pairs.join(',');
    }
    return '';
  };

  /** @param {boolean} ok @returns {'correct'|'wrong'} */
  const result12 = (ok) => (ok ? 'correct' : 'wrong');

  /**
   * The raw 1.2 API (window.API) in the form CourseRuntime.lms expects.
   * @param {CourseRuntime.Scorm12Api} api
   * @returns {CourseRuntime.RawApi}
   */
  const bind = (api) => ({
    version: '1.2',
    initialize: () => api.LMSInitialize(''),
    terminate: () => api.LMSFinish(''),
    get: (name) => api.LMSGetValue(name),
    set: (name, value) => api.LMSSetValue(name, value),
    commit: () => api.LMSCommit(''),
    lastError: () => api.LMSGetLastError(),
    errorString: (code) => api.LMSGetErrorString(String(code)),
    diagnostic: (code) => api.LMSGetDiagnostic(String(code)),
    // 201-203 argument errors, 301 not initialized, 401-405 data-model errors: retrying cannot help.
    codes: { final: [201, 202, 203, 301, 401, 402, 403, 404, 405] },
  });

  /** Objective statuses that a lesson seen ("completed") must not overwrite. */
  const DONE = ['completed', 'passed', 'failed'];

  /** CMIIdentifier: no white space or control characters, at most 255 characters. @param {unknown} id */
  const identifier = (id) => String(id).replace(/[^\x21-\x7e]/g, '_').slice(0, 255);

  /**
   * What the LMS holds for the course or one objective, from its status and raw score.
   * @param {string | null} status @param {string | null} raw
   * @returns {CourseRuntime.HeldRecord}
   */
  const heldRecord = (status, raw) => ({
    completed: DONE.includes(String(status)),
    success: status === 'passed' || status === 'failed' ? status : null,
    score: CR.formats.number(raw, 0, 100),
  });

  /**
   * A finite number rounded to 2 decimals and kept in [lo, hi].
   * @param {number} x @param {number} lo @param {number} hi
   */
  const clamp = (x, lo, hi) => Math.round(Math.min(hi, Math.max(lo, Number(x) || 0)) * 100) / 100;

  /**
   * The 1.2 adapter over a checked channel (CourseRuntime.lms.create(bind(api))).
   * @param {CourseRuntime.Channel} lms
   * @param {CourseRuntime.Most} most an LMS that claims more entries is not believed (CourseRuntime.lms.count)
   * @returns {CourseRuntime.Adapter}
   */
  const createAdapter = (lms, most) => {
    /** @type {number|null} */
    let interactionCount = null; // 1.2 interactions are write-only: count once, then append

    /** @param {string} name @param {string} value */
    const set = (name, value) => CR.lms.setOptional(lms, name, value);
    /**
     * A reader of one element: what the LMS holds, else `otherwise` ("" unless given).
     * @param {string} name @param {string} [otherwise]
     */
    const read = (name, otherwise) => () => lms.get(name) || otherwise || '';
    const objectiveIndex = CR.lms.idIndex(lms, 'cmi.objectives', most.objectives);
    /** @param {string} id */
    const objective = (id) => 'cmi.objectives.' + objectiveIndex(identifier(id)) + '.';

    /**
     * min, max, raw in that order (before any status). 1.2 keeps scores within 0..100.
     * @param {string} p @param {number} raw @param {number} min @param {number} max
     */
    const scoreAt = (p, raw, min, max) => {
      let ok = lms.set(p + 'min', clamp(min, 0, 100));
      ok = lms.set(p + 'max', clamp(max, 0, 100)) && ok;
      return lms.set(p + 'raw', clamp(raw, 0, 100)) && ok;
    };

    return {
      version: '1.2',
      initialize: () => lms.initialize(),
      /** @returns {string} "ab-initio", "resume" or "" */
      readEntry: read('cmi.core.entry'),
      readBookmark: read('cmi.core.lesson_location'),
      readSuspendData: read('cmi.suspend_data'),
      readLearnerName: read('cmi.core.student_name'),
      readLanguage: read('cmi.student_preference.language'),
      /** @returns {string} the LMS's lesson_status, e.g. "not attempted" */
      readStatus: read('cmi.core.lesson_status'),
      /** @returns {string} "normal", "review" or "browse" (an LMS that sends none means normal) */
      readMode: read('cmi.core.lesson_mode', 'normal'),
      /** @returns {string} "credit" or "no-credit" */
      readCredit: read('cmi.core.credit', 'credit'),
      /**
       * What the LMS already holds for this attempt, so that nothing lower is written over it.
       * @param {string} status what readStatus() returned at launch
       */
      readRecord: (status) => heldRecord(status, lms.get('cmi.core.score.raw')),
      /** What the LMS held for an objective when the session began; null for one it did not hold. @param {string} id */
      readObjective(id) {
        if (!objectiveIndex.held(identifier(id))) return null;
        const p = objective(id);
        return heldRecord(lms.get(p + 'status'), lms.get(p + 'score.raw'));
      },
      /** Mastery as a fraction 0..1 (1.2 stores 0..100), or null when the LMS sets none. */
      readMastery() {
        const n = CR.formats.number(lms.get('cmi.student_data.mastery_score'), 0, 100);
        return n === null ? null : n / 100;
      },
      setIncomplete: () => lms.set('cmi.core.lesson_status', 'incomplete'),
      setBookmark: (view) => lms.set('cmi.core.lesson_location', String(view).slice(0, 255)),
      setSuspendData: (text) => lms.set('cmi.suspend_data', text),
      setLanguagePreference: (tag) => lms.set('cmi.student_preference.language', String(tag).slice(0, 255)),

      /**
       * A learning objective as the tracker reports it (never below what the LMS held): its score in percent,
       * then one status, success over completion, as 1.2 folds them. 1.2 objectives have no description.
       * @param {string} id @param {CourseRuntime.ObjectiveRecord} r
       */
      recordObjective(id, r) {
        const p = objective(id);
        const ok = r.score === null || scoreAt(p + 'score.', r.score, 0, 100);
        const status = r.success || (r.completed ? 'completed' : '');
        return status ? lms.set(p + 'status', status) && ok : ok;
      },

      /**
       * Append one interaction (1.2 single-character response format).
       * @param {{id: string, type: string, learnerResponse: number[]|boolean, correctPattern: number[]|boolean,
       *          result: boolean, latencyMs?: number, timestamp?: Date, objectives?: string[]}} i
       */
      recordInteraction(i) {
        if (interactionCount === null) interactionCount = CR.lms.count(lms, 'cmi.interactions', most.interactions);
        const p = 'cmi.interactions.' + interactionCount++ + '.';
        // Order matters: the id creates the entry, and the type gives meaning to the responses.
        // 1.2 has no "other": a decision is a "performance" (its response free text up to 255 characters), neutral.
        const decision = i.type === 'decision';
        let ok = lms.set(p + 'id', identifier(i.id));
        ok = set(p + 'type', decision ? 'performance' : i.type) && ok;
        (i.objectives || []).forEach((id, k) => { ok = set(p + 'objectives.' + k + '.id', identifier(id)) && ok; });
        if (i.timestamp) ok = set(p + 'time', time12(i.timestamp)) && ok;
        if (!decision) ok = set(p + 'correct_responses.0.pattern', response12(i.type, /** @type {number[] | boolean} */ (i.correctPattern))) && ok;
        ok = set(p + 'student_response', decision ? identifier(i.learnerResponse) : response12(i.type, /** @type {number[] | boolean} */ (i.learnerResponse))) && ok;
        ok = set(p + 'result', decision ? 'neutral' : result12(!!i.result)) && ok;
        const latency = /** @type {number} where Number.isFinite says so */ (i.latencyMs);
        if (Number.isFinite(latency)) ok = set(p + 'latency', timespan12(latency)) && ok;
        return ok;
      },

      setScore: (raw, min, max) => scoreAt('cmi.core.score.', raw, min, max),
      /** 1.2 has no progress measure. */
      setProgress: () => true,
      /**
       * 1.2 folds completion and success into one lesson_status.
       * @param {boolean} completed every lesson seen
       * @param {'passed'|'failed'|null} success null while no assessment is scored
       */
      setCompletionAndSuccess(completed, success) {
        const status = success === 'passed' || success === 'failed' ? success : completed ? 'completed' : 'incomplete';
        return lms.set('cmi.core.lesson_status', status);
      },
      setSessionTime: (ms) => lms.set('cmi.core.session_time', timespan12(ms)),
      /** @param {'suspend'|'normal'} kind 1.2 writes "" for a normal exit */
      setExit: (kind) => lms.set('cmi.core.exit', kind === 'suspend' ? 'suspend' : ''),
      /** 1.2 has no navigation request: the LMS closes the SCO when it finishes. */
      setNavRequest: () => true,
      commit: () => lms.commit(),
      terminate: () => lms.terminate(),
    };
  };

  const scorm12 = { bind, createAdapter, timespan12, time12, response12, result12 };
  CR.scorm12 = scorm12;
  if (typeof module !== 'undefined' && module.exports) module.exports = scorm12;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
