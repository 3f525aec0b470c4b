// @ts-check
/*
 * CourseRuntime.cmi5: the cmi5 (Quartz) adapter. Same interface as scorm12.js / scorm2004.js, so the tracker does
 * not know which standard it runs in; underneath, xAPI over fetch to the endpoint the LMS launched it with.
 *
 * cmi5 is asynchronous and the adapter interface is not, so the session is opened before the page is wired
 * (prepare, awaited by app.js through CourseRuntime.launch.prepare): the one POST to the fetch URL, LMS.LaunchData,
 * the learner preferences and the course's own state (stateId "course.progress"). Reads then answer from those;
 * writes become statements, sent in order by one queue that resends what failed (the page tells the learner,
 * calmly, while it does) until the LRS takes it.
 *
 * Statements follow the spec: initialized first; completed when every lesson is seen and passed at the hand-in that
 * reaches the mastery score, each once per registration; failed at most once per session, so it is sent when the
 * session ends and only if the learner did not pass by then; terminated last. Answers and decisions are cmi5
 * "allowed" answered statements, lesson progress a progressed one, between initialized and terminated.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { number, oneLine } = CR.formats;
  const { duration2004, response2004 } = CR.patterns;

  const STATE_ID = 'course.progress';
  const TIMEOUT_MS = 8000;
  const RETRY_MS = [1000, 3000, 10000];
  const VERBS = 'http://adlnet.gov/expapi/verbs/';
  const CMI5 = 'https://w3id.org/xapi/cmi5/';
  const CATEGORY = CMI5 + 'context/categories/cmi5';
  const MOVEON = CMI5 + 'context/categories/moveon';
  const MASTERY = CMI5 + 'context/extensions/masteryscore';
  const PROGRESS = CMI5 + 'result/extensions/progress';
  const INTERACTION = 'http://adlnet.gov/expapi/activities/cmi.interaction';
  /** @type {Record<string, string>} cmi5's launch modes as the tracker names them */
  const MODES = { Normal: 'normal', Browse: 'browse', Review: 'review' };

  /**
   * @typedef {{endpoint: string, fetch: string, actor: Record<string, unknown>, registration: string, activityId: string}} Params
   * @typedef {{completed: boolean, success: 'passed' | 'failed' | null, score: number | null}} Record5
   * @typedef {{suspend: string, bookmark: string, record: Record5, lang: string}} Progress the course's own state
   * @typedef {{params: Params, token: string, launch: Record<string, any>, prefs: Record<string, any>, own: Progress | null}} Session
   */

  /** What the adapter's writes that cmi5 has no statement for answer: taken. */
  const yes = () => true;

  /** @type {Session | 'failed' | null} what prepare() opened: a session, a launch whose opening failed, or none */
  let opened = null;

  /**
   * An http(s) URL as a Content-Security-Policy source: without query or fragment; null when CSP could not carry it.
   * @param {string} url
   */
  const source = (url) => {
    try {
      const u = new URL(url);
      const s = u.origin + u.pathname;
      return /^https?:$/.test(u.protocol) && /^[^\s;,']+$/.test(s) ? s : null;
    } catch {
      return null;
    }
  };

  /**
   * The launch parameters (cmi5 8.1), or null when the page was not launched by a cmi5 LMS or one is unusable.
   * @param {string} search location.search
   * @returns {Params | null}
   */
  const params = (search) => {
    const q = new URLSearchParams(search);
    const [endpoint, fetch, registration, activityId, actor] = ['endpoint', 'fetch', 'registration', 'activityId', 'actor'].map((k) => q.get(k) || '');
    try {
      const agent = JSON.parse(actor);
      if (!source(endpoint) || !source(fetch) || !registration || !activityId || !agent || typeof agent !== 'object') return null;
      return { endpoint: endpoint.replace(/\/?$/, '/'), fetch, actor: agent, registration, activityId };
    } catch {
      return null;
    }
  };

  /**
   * Narrow the page's connect-src, before any request, to exactly the endpoint and the fetch URL (none without a
   * launch). The launch page allows http and https; CSP policies add up, so the page may reach these two only.
   * @param {Document} doc @param {(string | null)[]} sources
   */
  const narrow = (doc, sources) => {
    const meta = doc.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = 'connect-src ' + (sources.filter(Boolean).join(' ') || "'none'");
    doc.head.append(meta);
  };

  /** A version 4 UUID (crypto.randomUUID needs a secure context; an LMS may serve over plain http). */
  const uuid = () => {
    const b = root.crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    const h = Array.from(b, (x) => (x + 256).toString(16).slice(1)).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  };

  /**
   * One request, given up after TIMEOUT_MS. Resolves with the status and the body's JSON (null when none); rejects
   * on a network failure, a timeout or a status outside 2xx other than those in `allowed`.
   * @param {CourseRuntime.Win} win @param {string} method @param {string} url
   * @param {{token?: string, body?: unknown, keepalive?: boolean, allowed?: number[]}} o
   * @returns {Promise<{status: number, json: any}>}
   */
  const call = (win, method, url, o) => {
    const abort = new AbortController();
    const timer = win.setTimeout(() => abort.abort(), TIMEOUT_MS);
    // The fetch URL is no xAPI resource: asked with a bare POST, which needs no CORS preflight from the LMS.
    /** @type {Record<string, string>} */
    const headers = o.token ? { 'X-Experience-API-Version': '1.0.3', Authorization: 'Basic ' + o.token } : {};
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    return win.fetch(url, {
      method, headers, body: o.body === undefined ? undefined : JSON.stringify(o.body),
      keepalive: !!o.keepalive, signal: abort.signal, credentials: 'omit', cache: 'no-store',
    }).then((r) => r.text().then((text) => {
      if (!r.ok && !(o.allowed || []).includes(r.status)) throw Object.assign(new Error('HTTP ' + r.status), { status: r.status });
      return { status: r.status, json: r.ok && text ? JSON.parse(text) : null };
    })).finally(() => win.clearTimeout(timer));
  };

  /**
   * An xAPI resource URL with its query.
   * @param {Params} p @param {string} resource @param {Record<string, string>} query
   */
  const at = (p, resource, query) =>
    p.endpoint + resource + '?' + new URLSearchParams(Object.assign({ agent: JSON.stringify(p.actor) }, query));

  /** @param {Params} p @param {string} stateId */
  const stateUrl = (p, stateId) =>
    at(p, 'activities/state', { activityId: p.activityId, registration: p.registration, stateId });

  /**
   * The course's own state as an earlier session stored it, each field checked; null when there is none.
   * @param {any} doc @returns {Progress | null}
   */
  const progress = (doc) => {
    if (!doc || typeof doc !== 'object') return null;
    const r = doc.record || {};
    const str = (/** @type {unknown} */ x) => (typeof x === 'string' ? x : '');
    return {
      suspend: str(doc.suspend), bookmark: str(doc.bookmark), lang: str(doc.lang),
      record: {
        completed: r.completed === true,
        success: r.success === 'passed' || r.success === 'failed' ? r.success : null,
        score: number(String(r.score), 0, 100),
      },
    };
  };

  /**
   * Open the session before the page is wired: a promise when the page was launched by a cmi5 LMS, else null.
   * The fetch URL is asked once (it gives a token once); a failure leaves the course running in memory, with the
   * notice that progress is not being saved.
   * @param {CourseRuntime.Win} win
   * @returns {Promise<void> | null}
   */
  const prepare = (win) => {
    const p = params(win.location.search);
    try {
      narrow(win.document, p ? [source(p.endpoint), source(p.fetch)] : []);
    } catch {
      return null; // no request without the narrowed policy: the course runs without the LMS
    }
    if (!p) return null;
    return call(win, 'POST', p.fetch, {})
      .then((r) => {
        const token = r.json && r.json['auth-token'];
        if (typeof token !== 'string') throw new Error('the fetch URL gave no token: ' + JSON.stringify(r.json));
        const o = { token, allowed: [404] };
        return Promise.all([
          call(win, 'GET', stateUrl(p, 'LMS.LaunchData'), { token }),
          // Learner preferences: none set (404) or not ours to read (403) is no error (cmi5 11.0).
          call(win, 'GET', at(p, 'agents/profile', { profileId: 'cmi5LearnerPreferences' }), { token, allowed: [403, 404] }),
          call(win, 'GET', stateUrl(p, STATE_ID), o),
        ]).then(([launch, prefs, own]) => {
          if (!launch.json || !launch.json.contextTemplate) throw new Error('LMS.LaunchData has no contextTemplate');
          opened = { params: p, token, launch: launch.json, prefs: prefs.json || {}, own: progress(own.json) };
        });
      })
      .catch((e) => {
        opened = 'failed';
        try { win.console.warn('[course-runtime] the cmi5 session could not be opened: ' + (e && e.message)); } catch { /* silent */ }
      });
  };

  /**
   * The adapter of the session prepare() opened: null when the page was not launched by a cmi5 LMS, false when
   * the launch could not be opened (the tracker then keeps progress in memory and says so).
   * @param {CourseRuntime.LaunchOptions} c
   * @returns {CourseRuntime.Adapter | false | null}
   */
  const connect = (c) => (opened === 'failed' ? false : opened && createAdapter(opened, c));

  /**
   * @param {Session} s
   * @param {CourseRuntime.LaunchOptions} c
   * @returns {CourseRuntime.Adapter}
   */
  const createAdapter = (s, c) => {
    const { params: p, launch, prefs, token } = s;
    const win = c.win;
    const languages = typeof prefs.languagePreference === 'string' ? prefs.languagePreference : '';
    /** What the LRS holds for this registration, as the course's own state says: nothing lower is sent over it. */
    const record = s.own ? Object.assign({}, s.own.record) : { completed: false, success: null, score: null };
    const doc = { suspend: s.own ? s.own.suspend : '', bookmark: s.own ? s.own.bookmark : '', record, lang: languages };
    const mastery = number(String(launch.masteryScore), 0, 1);
    const template = launch.contextTemplate;
    const grouping = (template.contextActivities && template.contextActivities.grouping) || [];
    /** Interaction ids under the publisher's AU id (the same in every LMS and language), else the launch's. */
    const base = (grouping[0] && grouping[0].id) || p.activityId;
    /** The AU, the object of the statements cmi5 defines and of progressed. */
    const activity = { id: p.activityId, objectType: 'Activity' };
    /** @type {Record<string, unknown>[]} */
    const outbox = [];
    let sending = 0; // statements of the outbox in the request on its way (-1: the state)
    let stateDue = false; // the course's own state changed since it was last stored
    /** @type {unknown} */
    let retry = null; // the timer of the next try after a failure
    let startedAt = Date.now();
    /** @type {number | null} */
    let score = null;
    let failedDue = false;
    let round = 0;
    let failing = false;
    let ending = false; // terminate() has begun: what is queued now goes with the last requests
    let single = false; // a request was refused as malformed: one statement a request until that one is found

    /**
     * A statement with the context the LMS gave (cmi5 9.6: the template's registration, session id and grouping
     * kept), the cmi5 category on defined statements, the moveon category where the result says so.
     * @param {string} verb @param {Record<string, unknown>} object @param {Record<string, any> | null} result
     * @param {boolean} definedByCmi5
     */
    const statement = (verb, object, result, definedByCmi5) => {
      const context = JSON.parse(JSON.stringify(template));
      context.registration = p.registration;
      if (definedByCmi5) {
        const activities = /** @type {{category?: unknown[]}} */ (context.contextActivities = context.contextActivities || {});
        const moveOn = result && (result.completion !== undefined || result.success !== undefined);
        activities.category = (activities.category || []).concat([{ id: CATEGORY }], moveOn ? [{ id: MOVEON }] : []);
        if (mastery !== null && result && result.success !== undefined) context.extensions = Object.assign(context.extensions || {}, { [MASTERY]: mastery });
      }
      /** @type {Record<string, unknown>} */
      const st = {
        id: uuid(), timestamp: new Date().toISOString(), actor: p.actor,
        verb: { id: VERBS + verb, display: { 'en-US': verb } }, object, context,
      };
      if (result) st.result = result;
      return st;
    };

    /** @param {string} verb @param {Record<string, any> | null} [result] */
    const defined = (verb, result) => {
      queue(statement(verb, activity, result || null, true));
    };

    const since = () => duration2004(Date.now() - startedAt);

    /** @param {Record<string, unknown>} st */
    const queue = (st) => {
      outbox.push(st);
      pump();
    };

    /** @param {unknown} e */
    const failed = (e) => {
      if (!failing) {
        failing = true;
        const status = /** @type {{status?: number}} */ (e).status || 0;
        c.emit({ kind: 'commit', element: 'statements', code: status, text: String(/** @type {Error} */ (e).message || e), recovered: false });
      }
      c.warn('the LRS did not take the statements; trying again', e);
      retry = win.setTimeout(() => { retry = null; pump(); }, RETRY_MS[Math.min(round++, RETRY_MS.length - 1)]);
    };

    /**
     * A 400 says a statement is malformed, and sending it again cannot help: the one refused alone is dropped (and
     * logged), so that it holds back none after it; any other failure is tried again.
     * @param {unknown} e
     */
    const refusedOrFailed = (e) => {
      if (/** @type {{status?: number}} */ (e).status !== 400) return failed(e);
      if (!single) {
        single = true;
        return pump();
      }
      const [dropped] = outbox.splice(0, 1);
      c.warn('the LRS refused a malformed statement, dropped: ' + JSON.stringify(dropped), e);
      single = false;
      succeeded();
    };

    const succeeded = () => {
      round = 0;
      if (failing) {
        failing = false;
        c.emit({ recovered: true });
      }
      pump();
    };

    /** Send what waits, one request at a time: the statements in order, then the state. */
    const pump = () => {
      if (sending || retry || ending) return;
      if (outbox.length) {
        sending = single ? 1 : outbox.length;
        call(win, 'POST', p.endpoint + 'statements', { token, body: outbox.slice(0, sending) })
          .then(() => { outbox.splice(0, sending); sending = 0; succeeded(); }, (e) => { sending = 0; refusedOrFailed(e); });
      } else if (stateDue) {
        stateDue = false;
        sending = -1;
        call(win, 'PUT', stateUrl(p, STATE_ID), { token, body: doc })
          .then(() => { sending = 0; succeeded(); }, (e) => { sending = 0; stateDue = true; failed(e); });
      }
    };

    /** The last requests, sent so that the browser delivers them after the page is gone. */
    const sendLast = () => {
      const rest = outbox.slice(Math.max(0, sending));
      const last = [];
      if (stateDue) last.push(call(win, 'PUT', stateUrl(p, STATE_ID), { token, body: doc, keepalive: true }));
      if (rest.length) last.push(call(win, 'POST', p.endpoint + 'statements', { token, body: rest, keepalive: true }));
      return Promise.all(last);
    };

    /** @param {'bookmark' | 'suspend'} name @param {string} value */
    const keep = (name, value) => {
      if (doc[name] !== value) stateDue = true;
      doc[name] = value;
      return true;
    };

    /**
     * passed or failed, with the score of this session's hand-in (cmi5 9.5.1: scaled only, as raw must be whole).
     * @param {boolean} success
     */
    const verdict = (success) => {
      const result = /** @type {Record<string, unknown>} */ ({ success, duration: since() });
      if (score !== null) result.score = { scaled: Math.round(score * 100) / 10000 };
      defined(success ? 'passed' : 'failed', result);
    };

    return {
      version: 'cmi5',
      initialize() {
        startedAt = Date.now();
        defined('initialized');
        return true;
      },
      readEntry: () => (s.own ? 'resume' : 'ab-initio'),
      readBookmark: () => doc.bookmark,
      readSuspendData: () => doc.suspend,
      readLearnerName: () => String(p.actor.name || ''),
      // The LMS's preference when it changed since the last session; else the language kept for the learner wins.
      readLanguage: () => (s.own && s.own.lang === languages ? '' : languages),
      readStatus: () => (record.completed ? 'completed' : s.own ? 'incomplete' : ''),
      readMode: () => MODES[launch.launchMode] || 'normal',
      readCredit: () => 'credit',
      readRecord: () => Object.assign({}, record),
      readMastery: () => mastery,
      // Objectives are in cmi5.xml; their results are not statements of cmi5, so only the course's are sent.
      readObjective: () => null,
      recordObjective: yes,
      setIncomplete: yes,
      setBookmark: (view) => keep('bookmark', String(view)),
      setSuspendData: (text) => keep('suspend', text),
      setLanguagePreference: yes, // kept in suspend data; the preference is the LMS's
      recordInteraction(i) {
        const decision = i.type === 'decision';
        /** @type {Record<string, unknown>} */
        const definition = { type: INTERACTION, interactionType: decision ? 'other' : i.type };
        const ids = { options: i.options, targets: i.targets };
        if (i.description) definition.description = { [i.lang || 'und']: oneLine(i.description) };
        if (!decision) definition.correctResponsesPattern = [response2004(i.type, /** @type {number[] | boolean} */ (i.correctPattern), ids)];
        /** @type {Record<string, unknown>} */
        const result = {
          response: decision ? String(i.learnerResponse) : response2004(i.type, /** @type {number[] | boolean} */ (i.learnerResponse), ids),
        };
        if (!decision) result.success = !!i.result;
        if (Number.isFinite(i.latencyMs)) result.duration = duration2004(/** @type {number} */ (i.latencyMs));
        const object = { id: base + (decision ? '/decisions/' : '/questions/') + i.id, objectType: 'Activity', definition };
        queue(statement('answered', object, result, false));
        return true;
      },
      setScore(raw) {
        score = number(String(raw), 0, 100);
        return true;
      },
      setProgress(fraction) {
        const percent = Math.round(Math.min(1, Math.max(0, Number(fraction) || 0)) * 100);
        // Not on or after completed (cmi5 9.5.5.1); the last lesson's 100 is the completed statement itself.
        if (!record.completed && percent < 100) queue(statement('progressed', activity, { extensions: { [PROGRESS]: percent } }, false));
        return true;
      },
      setCompletionAndSuccess(completed, success) {
        if (completed && !record.completed) {
          record.completed = true;
          defined('completed', { completion: true, duration: since() });
        }
        if (success === 'passed' && record.success !== 'passed') {
          Object.assign(record, { success, score });
          failedDue = false;
          verdict(true);
        } else if (success === 'failed' && score !== null && record.success !== 'passed') {
          failedDue = true; // a hand-in of this session; sent when it ends, so a later pass in it still counts
        }
        stateDue = true;
        return true;
      },
      setSessionTime: yes, // terminated carries the session's duration
      setExit: yes,
      setNavRequest: yes, // cmi5 has none: terminate() goes to the returnURL
      commit() {
        pump();
        return !failing;
      },
      /** After terminated, a learner who left by Exit goes to the LMS's returnURL (in every launch mode). */
      terminate(byExit) {
        ending = true;
        if (failedDue) {
          Object.assign(record, { success: 'failed', score: Math.max(record.score || 0, /** @type {number} */ (score)) });
          stateDue = true;
          verdict(false);
        }
        defined('terminated', { duration: since() });
        const back = typeof launch.returnURL === 'string' && /^https?:/i.test(launch.returnURL) ? launch.returnURL : '';
        const done = sendLast();
        if (byExit && back) done.finally(() => win.location.assign(back));
        return true;
      },
    };
  };

  const cmi5 = { prepare, connect, params, source, uuid, STATE_ID };
  CR.cmi5 = cmi5;
  if (typeof module !== 'undefined' && module.exports) module.exports = cmi5;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
