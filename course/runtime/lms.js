// @ts-check
/*
 * CourseRuntime.lms: a checked channel to one SCORM API. Every call is wrapped (an LMS that throws
 * or vanishes never reaches the learner), every failure reads GetLastError / GetErrorString /
 * GetDiagnostic and is logged, and values or commits that fail for a general reason are retried
 * with a short, bounded backoff. Version differences arrive in `raw` (see scorm12.bind / scorm2004.bind).
 * States follow scorm-again: not-initialized -> running -> terminated.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { number, warner, TIMERS } = CR.formats;

  const DEFAULT_DELAYS = [250, 1000, 3000];
  /** The longest answer believed: 2004's cmi.suspend_data (64,000 characters), the longest element of either. */
  const MAX_VALUE = 64000;

  /**
   * @typedef {{code: number, text?: string, diagnostic?: string}} LmsError the LMS's error after a failed call
   * @typedef {'initialize'|'terminate'|'get'|'set'|'commit'|'lastError'|'errorString'|'diagnostic'} Call
   */

  /**
   * Create a channel over a raw API.
   * @param {CourseRuntime.RawApi} raw
   * @param {CourseRuntime.ChannelOptions} [opts]
   */
  const create = (raw, opts) => {
    const o = opts || {};
    const warn = warner(o.logger || root.console);
    const timers = o.timers || TIMERS;
    const delays = Array.isArray(o.retryDelays) ? o.retryDelays : DEFAULT_DELAYS;
    const codes = raw.codes || { final: [] };
    /** @type {Map<string, string>} element -> value still to be set, in the order first set */
    const pending = new Map();
    /** @type {'not-initialized'|'running'|'terminated'} */
    let state = 'not-initialized';
    let needCommit = false;
    /** @type {unknown} */
    let timer = null;
    let round = 0; // retry rounds used in the current episode
    /** @type {CourseRuntime.LmsProblem|null} */
    let problem = null;
    /** @type {LmsError|null} the most recent error, named in the notice when retries run out */
    let lastFailure = null;

    /**
     * One raw call, caught.
     * @param {Call} op
     * @param {string|number} [a]
     * @param {string} [b]
     * @returns {{ok: true, value: unknown, error?: undefined}|{ok: false, error: unknown, value?: undefined}}
     */
    const callRaw = (op, a, b) => {
      try {
        // Each call takes what its name says (see CourseRuntime.RawApi); the callers below pass exactly that.
        return { ok: true, value: (/** @type {(a?: string|number, b?: string) => unknown} */ (raw[op]))(a, b) };
      } catch (e) {
        return { ok: false, error: e };
      }
    };

    /**
     * The LMS's error code, text and diagnostic after a call; -1 when the API itself threw.
     * @param {unknown} thrown
     * @returns {LmsError}
     */
    const lastError = (thrown) => {
      if (thrown) return { code: -1, text: String(/** @type {Error} */ (thrown).message || thrown), diagnostic: '' };
      const c = callRaw('lastError');
      const code = c.ok ? parseInt(/** @type {string} */ (c.value), 10) || 0 : -1;
      if (code === 0) return { code };
      const t = callRaw('errorString', code);
      const d = callRaw('diagnostic', code);
      return { code, text: t.ok ? String(t.value) : '', diagnostic: d.ok ? String(d.value) : '' };
    };

    /** @param {string} what @param {LmsError} err */
    const describe = (what, err) => what + ' failed: ' + err.code + (err.text ? ' ' + err.text : '') +
      (err.diagnostic && err.diagnostic !== err.text ? ' (' + err.diagnostic + ')' : '');

    /** @param {number} code */
    const retryable = (code) => !codes.final.includes(code);

    /**
     * One checked call; returns the error (with code) on failure, null on success.
     * @param {Call} op
     * @param {string} what the call as the log names it
     * @param {string} [a]
     * @param {string} [b]
     */
    const checked = (op, what, a, b) => {
      const c = callRaw(op, a, b);
      if (c.ok && String(c.value) === 'true') return null;
      const err = lastError(c.ok ? null : c.error);
      lastFailure = err;
      warn(describe(what, err));
      return err;
    };

    /**
     * Tell the page (onProblem, onRecovered); a handler that throws is logged and changes nothing here.
     * @param {((p?: any) => void) | undefined} handler @param {CourseRuntime.LmsProblem} [arg]
     */
    const tell = (handler, arg) => {
      try { if (handler) handler(arg); } catch (e) { warn('a problem handler threw', e); }
    };

    /** @param {CourseRuntime.LmsProblem['kind']} kind @param {string} element @param {LmsError|null} err */
    const report = (kind, element, err) => {
      if (problem) return; // one notice per episode, not one per failed value
      const text = (err && err.text) || '';
      problem = { kind, element: element || '', code: err ? err.code : 0, text, recovered: false };
      tell(o.onProblem, problem);
    };

    const recovered = () => {
      round = 0;
      if (!problem) return;
      problem = null;
      tell(o.onRecovered);
    };

    /** Try the pending values in order; stop at the first that still fails (later ones may depend on it). */
    const flushPending = () => {
      for (const [name, value] of pending) {
        const err = checked('set', 'SetValue(' + name + ')', name, value);
        if (err && retryable(err.code)) return false;
        pending.delete(name); // set, or refused for good (logged): either way no longer pending
      }
      return true;
    };

    /** One Commit; true when the LMS took it. */
    const commitOnce = () => {
      if (checked('commit', 'Commit')) return false;
      needCommit = false;
      return true;
    };

    const schedule = () => {
      if (timer || state !== 'running') return;
      if (round >= delays.length) {
        const first = pending.size ? /** @type {string} */ (pending.keys().next().value) : '';
        report(first ? 'set' : 'commit', first, lastFailure);
        round = 0; // the next meaningful change starts a fresh episode
        return;
      }
      timer = timers.setTimeout(retry, delays[round++]);
    };

    const retry = () => {
      timer = null;
      if (state !== 'running') return;
      if (flushPending() && (!needCommit || commitOnce())) recovered();
      else schedule();
    };

    return {
      /** Initialize once; an "already initialized" answer counts as success. */
      initialize() {
        if (state !== 'not-initialized') return state === 'running';
        const err = checked('initialize', 'Initialize');
        if (err && err.code !== codes.alreadyInitialized) return false;
        state = 'running';
        return true;
      },

      /**
       * GetValue; null when it failed. A value the LMS has not initialized yet reads as "".
       * @param {string} name
       * @returns {string|null}
       */
      get(name) {
        if (state !== 'running') return null;
        const c = callRaw('get', name);
        // Only an empty answer can be an error (SCORM returns "" on failure). Not asking otherwise
        // also sidesteps LMSs that leave a stale error code after a successful GetValue (scorm-again does).
        const text = c.ok && c.value != null ? String(c.value) : '';
        if (text.length > MAX_VALUE) {
          warn('GetValue(' + name + ') answered ' + text.length + ' characters; read as none');
          return null;
        }
        if (text !== '') return text;
        const err = lastError(c.ok ? null : c.error);
        if (err.code === 0) return '';
        if (err.code === codes.notInitialized) return '';
        warn(describe('GetValue(' + name + ')', err));
        return null;
      },

      /**
       * SetValue. A general failure keeps the value pending and retries it; a value refused for good
       * (wrong type, unimplemented element) is only logged, since retrying cannot help and many LMSs
       * leave optional elements out. Returns whether the LMS holds the value now.
       * @param {string} name
       * @param {string|number|null|undefined} value
       * @returns {boolean}
       */
      set(name, value) {
        if (state !== 'running') return false;
        const text = value == null ? '' : String(value);
        const err = checked('set', 'SetValue(' + name + ')', name, text);
        if (!err) {
          pending.delete(name); // an older pending value must not overwrite this one later
          return true;
        }
        // Behind an earlier failure a refusal is likely a consequence (e.g. interaction n+1 before n).
        if (retryable(err.code) || pending.size) {
          pending.set(name, text);
          needCommit = true; // once the retry lands, it must reach the LMS's storage too
          schedule();
        }
        return false;
      },

      /** Commit, first retrying pending values; a failure schedules bounded retries. */
      commit() {
        if (state !== 'running') return false;
        needCommit = true;
        const flushed = flushPending();
        const committed = commitOnce(); // commit what did land, even when some values are still pending
        if (flushed && committed) {
          recovered();
          return true;
        }
        schedule();
        return false;
      },

      /**
       * Set what is still pending and terminate; at most once. Later calls are no-ops. No Commit: Terminate
       * persists the data by itself, and at page dismissal the synchronous request most LMSs make for a
       * Commit is refused by the browser. A caller that wants a confirmed save commits first.
       */
      terminate() {
        if (state !== 'running') return false;
        if (timer) timers.clearTimeout(timer);
        timer = null;
        flushPending();
        const err = checked('terminate', 'Terminate');
        state = 'terminated';
        if (err) report('terminate', '', err);
        return !err;
      },

      state: () => state,
      pending: () => pending.size,
    };
  };

  /**
   * How many entries an LMS collection holds, believed up to `most` (what the course itself can have written
   * there); any other answer (5,000,000, -1, "1e9", NaN, a thousand digits) reads as 0, so no walk over it or
   * index into it can run away.
   * @param {CourseRuntime.Channel} channel
   * @param {string} collection e.g. "cmi.interactions"
   * @param {number} most
   * @returns {number}
   */
  function count(channel, collection, most) {
    const n = number(channel.get(collection + '._count'), 0, most);
    return n === null || n % 1 ? 0 : n;
  }

  /**
   * The index of the entry with `id` in an LMS collection such as cmi.objectives, adding it when new. The ids
   * the LMS holds are read once (at most `most` of them, see count), so a resumed attempt reuses its entries and
   * 2004 never sees an id twice.
   * @param {CourseRuntime.Channel} channel
   * @param {string} collection e.g. "cmi.objectives"
   * @param {number} most the most entries the course can have written there
   * @returns {((id: string) => number) & {held: (id: string) => boolean}}
   */
  function idIndex(channel, collection, most) {
    /** @type {Map<string, number>|null} */
    let known = null;
    let held = 0; // the first `held` entries were in the LMS before this session
    let next = 0; // where the next new entry goes
    const load = () => {
      if (known) return known;
      known = new Map();
      held = next = count(channel, collection, most);
      for (let i = 0; i < held; i++) {
        const existing = channel.get(collection + '.' + i + '.id');
        if (existing) known.set(existing, i);
      }
      return known;
    };
    /** @param {string} id */
    const indexOf = (id) => {
      const ids = load();
      let n = ids.get(id);
      if (n === undefined) {
        n = next++;
        ids.set(id, n);
        channel.set(collection + '.' + n + '.id', id);
      }
      return n;
    };
    /** Whether the LMS held an entry with this id when the session began. @param {string} id */
    indexOf.held = (id) => {
      const n = load().get(id);
      return n !== undefined && n < held;
    };
    return indexOf;
  }

  /**
   * SetValue for an optional element: an empty value is left unset (LMSs reject "") and counts as done.
   * @param {CourseRuntime.Channel} channel
   * @param {string} name
   * @param {string|number|null|undefined} value
   */
  function setOptional(channel, name, value) {
    return value === '' || value == null ? true : channel.set(name, value);
  }

  const lms = { create, count, idIndex, setOptional };
  CR.lms = lms;
  if (typeof module !== 'undefined' && module.exports) module.exports = lms;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
