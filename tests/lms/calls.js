// @ts-check
/*
 * TestLms.calls: the call log and failure injection. wrap() puts itself between the course and scorm-again's
 * API: every call goes into window.lms.calls with its arguments, result and the error code after it; a call a
 * rule of the `failures` parameter matches fails on cue without reaching scorm-again; after remove_api the API
 * is gone (a course that kept a reference gets exceptions or "false").
 */
(function (/** @type {Window} */ root) {
  'use strict';

  const TL = (root.TestLms = root.TestLms || /** @type {TestLms.Namespace} */ ({}));

  /** @typedef {Partial<Record<TestLms.Method, TestLms.Operation>>} Operations */

  /** The SCORM method names of each standard, mapped to one neutral operation name. @type {Operations} */
  const OPERATIONS_12 = {
    LMSInitialize: 'initialize', LMSFinish: 'terminate', LMSGetValue: 'get_value',
    LMSSetValue: 'set_value', LMSCommit: 'commit', LMSGetLastError: 'get_last_error',
    LMSGetErrorString: 'get_error_string', LMSGetDiagnostic: 'get_diagnostic',
  };
  /** @type {Operations} */
  const OPERATIONS_2004 = {
    Initialize: 'initialize', Terminate: 'terminate', GetValue: 'get_value',
    SetValue: 'set_value', Commit: 'commit', GetLastError: 'get_last_error',
    GetErrorString: 'get_error_string', GetDiagnostic: 'get_diagnostic',
  };
  /** @type {ReadonlySet<string>} */
  const ERROR_QUERIES = new Set(['get_last_error', 'get_error_string', 'get_diagnostic']);
  // The code an injected failure reports unless the rule names one: 1.2 has only "general exception";
  // 2004 has one general failure code per operation.
  /** @type {Record<string, number>} */
  const DEFAULT_CODES_12 = { initialize: 101, terminate: 101, get_value: 101, set_value: 101, commit: 101 };
  /** @type {Record<string, number>} */
  const DEFAULT_CODES_2004 = { initialize: 102, terminate: 111, get_value: 301, set_value: 351, commit: 391 };

  /**
   * A deep copy through JSON, as the log keeps it (undefined becomes null).
   * @template T
   * @param {T} value
   * @returns {T}
   */
  const copy = (value) => JSON.parse(JSON.stringify(value ?? null));

  /** What went wrong, as the log says it: an error's message, else the thrown value. @param {unknown} e */
  const messageOf = (e) => String((e && /** @type {{message?: unknown}} */ (e).message) || e);

  /** One value or a list of them, as a list. @template T @param {T | T[]} value @returns {T[]} */
  const listOf = (value) => (Array.isArray(value) ? [...value] : [value]);

  /** Whether text matches a glob pattern (* matches anything). @param {unknown} pattern @param {unknown} text */
  function glob(pattern, text) {
    const escaped = String(pattern).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${escaped}$`).test(String(text));
  }

  /**
   * The rules of the `failures` parameter (see lms.js), each with its counters.
   * @param {TestLms.Failures} failures
   * @param {boolean} is12
   * @returns {TestLms.Rule[]}
   */
  function normalizeRules(failures, is12) {
    const defaultCodes = is12 ? DEFAULT_CODES_12 : DEFAULT_CODES_2004;
    /** @type {TestLms.Rule[]} */
    const rules = [];
    Object.keys(failures).forEach((op) => {
      if (op === 'remove_api') { return; }
      if (!(op in defaultCodes)) {
        throw new Error(`unknown failure operation ${JSON.stringify(op)}; expected one of ` +
          `${Object.keys(defaultCodes).join(', ')}, remove_api`);
      }
      listOf(failures[op]).forEach((spec) => {
        const rule = spec || {};
        rules.push({
          op: /** @type {TestLms.Operation} */ (op),
          elements: rule.elements ? listOf(rule.elements) : null,
          skip: rule.skip || 0,
          times: rule.times === undefined ? null : rule.times,
          code: String(rule.code || defaultCodes[op]),
          seen: 0,
          fired: 0,
        });
      });
    });
    return rules;
  }

  /**
   * The rule that makes this call fail, counting it, or null.
   * @param {TestLms.Rule[]} rules
   * @param {TestLms.Operation} op
   * @param {unknown[]} args
   */
  function injectedFailure(rules, op, args) {
    for (const rule of rules) {
      if (rule.op !== op) { continue; }
      if (rule.elements && !rule.elements.some((p) => glob(p, args[0]))) { continue; }
      rule.seen += 1;
      if (rule.seen <= rule.skip) { continue; }
      if (rule.times !== null && rule.fired >= rule.times) { continue; }
      rule.fired += 1;
      return rule;
    }
    return null;
  }

  /** Take the API away from the LMS window. @param {TestLms.Lms} lms */
  function removeApi(lms) {
    lms.apiRemoved = true;
    const globals = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (root));
    try { delete globals[lms.apiName]; } catch (e) { globals[lms.apiName] = undefined; }
  }

  /** @param {TestLms.Api} api @returns {TestLms.Call['state']} */
  const stateOf = (api) => (api.isTerminated() ? 'terminated' : api.isInitialized() ? 'running' : 'not_initialized');

  /**
   * A call on the API after remove_api: a SCO that kept a reference to the API object after the LMS took it
   * away gets an exception, or with "then": "false" the answers of a dead API.
   * @param {TestLms.Call} entry
   * @param {TestLms.Failures['remove_api'] | null} removal
   */
  function answerRemoved(entry, removal) {
    if (!removal || removal.then !== 'false') {
      entry.threw = 'LMS API removed';
      throw new Error('LMS API removed (test LMS failure injection)');
    }
    const { op } = entry;
    entry.result = op === 'get_last_error' ? '101' : ERROR_QUERIES.has(op) || op === 'get_value' ? '' : 'false';
    return entry.result;
  }

  /**
   * scorm-again accepts up to 64000 characters of SCORM 1.2 suspend data; the standard (and many LMSs) stop at
   * 4096, so the test LMS logs an ERROR beyond that.
   * @param {TestLms.Session} session
   * @param {TestLms.Call} entry the SetValue of cmi.suspend_data
   * @param {unknown} value
   */
  function checkSuspendData(session, entry, value) {
    const length = String(value).length;
    if (length <= 4096) { return; }
    session.lms.messages.push({ t: session.now(), level: 'ERROR', after_call: entry.i,
      message: `test LMS: cmi.suspend_data is ${length} characters; SCORM 1.2 allows 4096` });
  }

  /**
   * Log every call of the API's methods and fail them on cue. With profile=moodle a SetValue Moodle would
   * refuse is refused (moodle.js, M2).
   * @param {TestLms.Api} api
   * @param {TestLms.Session} session
   * @param {TestLms.Failures} failures
   */
  function wrap(api, session, failures) {
    const { lms, is12 } = session;
    const removal = failures.remove_api || null;
    let dataCalls = 0;
    const operations = is12 ? OPERATIONS_12 : OPERATIONS_2004;
    /** @type {TestLms.Method[]} */ (Object.keys(operations)).forEach((method) => {
      const op = /** @type {TestLms.Operation} */ (operations[method]);
      const original = api[method];
      if (typeof original !== 'function') { throw new Error(`scorm-again has no ${method}`); }
      api[method] = (...args) => {
        /** @type {TestLms.Call} */
        const entry = {
          i: lms.calls.length, t: session.now(), method, op, args: copy(args), state: stateOf(api),
          result: null, error: null, injected: false, refused: null, removed: lms.apiRemoved, threw: null,
        };
        lms.calls.push(entry);
        if (lms.apiRemoved) { return answerRemoved(entry, removal); }
        const rule = ERROR_QUERIES.has(op) ? null : injectedFailure(lms.rules, op, args);
        const refusal = !rule && session.moodle && !is12 && op === 'set_value' && api.isInitialized() &&
          !api.isTerminated() ? TL.moodle.responseRefusal(api, args[0], args[1]) : null;
        let result;
        if (rule) {
          entry.injected = true;
          api.lastErrorCode = rule.code; // scorm-again's own GetLastError/GetErrorString now report it
          result = op === 'get_value' ? '' : 'false';
        } else if (refusal) {
          entry.refused = refusal;
          api.lastErrorCode = '406';
          result = 'false';
          session.note('ERROR', `moodle profile: SetValue(${JSON.stringify(String(args[0]))}, ` +
            `${JSON.stringify(String(args[1]))}) refused with 406 (Moodle would not store it): ${refusal}`);
        } else {
          session.current = entry;
          try {
            result = original.apply(api, args);
          } catch (e) {
            entry.threw = messageOf(e);
            throw e;
          } finally {
            session.current = null;
          }
        }
        entry.result = result;
        entry.error = String(api.lastErrorCode);
        if (is12 && op === 'set_value' && args[0] === 'cmi.suspend_data') { checkSuspendData(session, entry, args[1]); }
        if (!ERROR_QUERIES.has(op)) {
          dataCalls += 1;
          if (removal && dataCalls >= (removal.after || 0) && !lms.apiRemoved) { removeApi(lms); }
        }
        return result;
      };
    });
  }

  const calls = { copy, messageOf, normalizeRules, wrap, removeApi };
  TL.calls = calls;
  if (typeof module !== 'undefined' && module.exports) module.exports = calls;
})(window);
