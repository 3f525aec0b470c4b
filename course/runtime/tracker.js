/*
 * CourseRuntime.tracker: the learner's session. Finds the LMS, picks the adapter for its version
 * (or the local one), restores state from suspend data, turns course events into adapter calls,
 * commits after each meaningful change (coalesced within one task), and terminates exactly once.
 * Session states follow scorm-again: not-initialized -> running -> terminated.
 * No public method throws: a failing LMS degrades tracking, never the course.
 *
 * What the LMS holds is never made worse: in review and browse mode nothing is written at all (the standards
 * launch them "without the intent of updating" / "of recording" the learner's record), and in normal mode no
 * status, score or objective is written lower than the one the LMS held for this attempt when it launched.
 */
(function (root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || {});

  const ADAPTERS = { '1.2': 'scorm12', '2004': 'scorm2004' };
  /** Statuses of an attempt with nothing of ours in it yet ("browsed": 1.2 LMSs set it after a browse launch). */
  const NOT_STARTED = ['', 'not attempted', 'unknown', 'browsed'];
  /** Launch modes in which the course writes nothing to the LMS. */
  const READ_ONLY_MODES = ['review', 'browse'];
  /**
   * What the LMS may answer for entry, mode and credit; anything else reads as the default. (A status outside its
   * vocabulary needs no such rule: it matches none of the lists above, so it reads as started and not finished.)
   */
  const ENTRIES = ['ab-initio', 'resume', ''];
  const MODES = ['normal', 'review', 'browse'];
  const CREDITS = ['credit', 'no-credit'];
  /** A bookmark the course can have written: a view id (never a URL such as "javascript:…"). */
  const BOOKMARK = /^[\w.:/-]{1,64}$/;

  /** An LMS answer within its vocabulary, else `otherwise`. */
  function known(value, vocabulary, otherwise) {
    return vocabulary.indexOf(value) >= 0 ? value : otherwise;
  }

  /**
   * The adapter as it is in review and browse mode: it reads what the LMS holds, initializes and terminates,
   * and leaves every value and commit out.
   */
  function readOnly(adapter) {
    const out = Object.assign({}, adapter);
    for (const name of Object.keys(adapter)) {
      if (/^(set|record)[A-Z]/.test(name) || name === 'commit') out[name] = () => true;
    }
    return out;
  }

  /**
   * Create a tracker; nothing happens until start().
   * @param {object} opts
   * @param {string} opts.courseId, [opts.packageId] key for the browser store when there is no LMS
   * @param {{lessons: string[], checks: object[], assessment: object[]}} opts.shape as for CourseRuntime.suspend
   * @param {number} opts.passingScore the package's passing score as a fraction 0..1 (80 is read as 0.8)
   * @param {string[]} opts.locales shipped locales; opts.defaultLocale the fallback (e.g. "sv")
   * @param {'1.2'|'2004'} [opts.standard] searched for first when both adapters are loaded (as in tests)
   * @param {object} [opts.win] the window (globalThis); [opts.now] clock in ms; [opts.timers] {setTimeout, clearTimeout}
   * @param {number[]} [opts.retryDelays] backoff in ms for failed LMS calls; [opts.logger] {warn}
   * @param {number} [opts.quietMs] how long a minor change (visit, draft answer) waits for a commit (3000)
   */
  function create(opts) {
    const o = opts || {};
    const win = o.win || root;
    const logger = o.logger || root.console;
    const now = o.now || (() => Date.now());
    const timers = o.timers || { setTimeout: (f, ms) => root.setTimeout(f, ms), clearTimeout: (t) => root.clearTimeout(t) };
    const shape = o.shape || { lessons: [], checks: [], assessment: [] };
    const lessons = (shape.lessons || []).map(String);
    const hasAssessment = (shape.assessment || []).length > 0;
    const locales = o.locales || [];
    const packagePassing = Number(o.passingScore) > 1 ? Number(o.passingScore) / 100 : Number(o.passingScore) || 0;

    let phase = 'not-initialized';
    let adapter = null;
    let lmsFound = false;
    let mode = 'memory';
    let data = CR.suspend.emptyState();
    const info = { resumed: false, entry: '', bookmark: '', learnerName: '', mastery: null, lmsMode: 'normal', credit: 'credit' };
    /** What the LMS held for this attempt at launch: nothing lower is written over it. */
    let held = { completed: false, success: null, score: null };
    let startedAt = 0;
    let commitTimer = null;
    let commitDelay = 0;
    const quietMs = Number.isFinite(o.quietMs) ? o.quietMs : 3000;
    let dirty = false;
    let lastSuspend = null;
    let lastBookmark = null;
    let commits = 0;
    let problem = null;
    let exited = false; // the learner left by the Exit control
    const problemListeners = [];
    const unloadEvents = ['pagehide', 'beforeunload'];

    function warn(message, e) {
      try { logger.warn('[course-runtime] ' + message + (e ? ': ' + (e && e.stack || e) : '')); } catch (x) { /* silent */ }
    }

    /** Run a public method so that nothing it does can throw at the page. */
    function guard(name, fn, fallback) {
      return function () {
        try {
          return fn.apply(null, arguments);
        } catch (e) {
          warn(name + ' failed', e);
          return typeof fallback === 'function' ? fallback() : fallback;
        }
      };
    }

    function emit(p) {
      problem = p && !p.recovered ? p : null;
      for (const cb of problemListeners.slice()) {
        try { cb(p); } catch (e) { warn('onSaveProblem handler threw', e); }
      }
    }

    function allSeen() {
      return lessons.length > 0 && lessons.every((id) => data.seen.indexOf(id) >= 0);
    }

    function passingFraction() {
      return info.mastery !== null ? info.mastery : packagePassing;
    }

    /** Passed in this attempt: the best score reaches the pass mark, or the LMS already holds "passed". */
    function passed() {
      // Compare in percent with a hair of tolerance: 0.8 * 100 is 80.00000000000001 in floating point.
      return held.success === 'passed' || (data.best !== null && data.best + 1e-9 >= passingFraction() * 100);
    }

    function finished() {
      return allSeen() && (!hasAssessment || passed());
    }

    /** Write suspend data and bookmark when they changed since the last write. */
    function save() {
      const text = CR.suspend.encode(data, shape);
      if (text !== lastSuspend && adapter.setSuspendData(text) !== false) lastSuspend = text;
      if (data.view !== lastBookmark && data.view) {
        if (adapter.setBookmark(data.view) !== false) lastBookmark = data.view;
      }
    }

    /** Completion and success as the course knows them, never below what the LMS held. */
    function writeStatus() {
      const success = hasAssessment && data.best !== null ? (passed() ? 'passed' : 'failed') : held.success;
      adapter.setCompletionAndSuccess(allSeen() || held.completed, success);
    }

    /**
     * Mark the state changed; suspend data, bookmark and commit follow at the end of this task, so
     * the events of one learner action (visit + lesson seen, answer + score) share one write and one commit.
     * A minor change (a page visited, an answer not yet handed in) waits for the next commit, or for a quiet
     * moment: it is kept without a commit of its own, and terminate writes whatever is still pending.
     * @param {boolean} [minor]
     */
    function changed(minor) {
      dirty = true;
      const delay = minor ? quietMs : 0;
      if (commitTimer !== null && (minor || commitDelay === 0)) return;
      if (commitTimer !== null) timers.clearTimeout(commitTimer);
      commitDelay = delay;
      commitTimer = timers.setTimeout(flush, delay);
    }

    function flush() {
      if (commitTimer !== null) timers.clearTimeout(commitTimer);
      commitTimer = null;
      if (!dirty || phase !== 'running') return;
      dirty = false;
      save();
      commits++;
      adapter.commit();
    }

    /**
     * Connect to the LMS; false without one. Sets `lmsFound` once an API is there, even if it then fails:
     * the browser's own record may then be someone else's.
     */
    function connect() {
      // A package carries its own standard's adapter only: it talks to that API and ignores any other.
      const order = (o.standard === '1.2' ? ['1.2', '2004'] : ['2004', '1.2']).filter((v) => CR[ADAPTERS[v]]);
      const found = CR.api.find(win, { prefer: order });
      if (!found) return false;
      lmsFound = true;
      const ns = CR[ADAPTERS[found.version]];
      const channel = CR.lms.create(ns.bind(found.api), {
        logger, timers, retryDelays: o.retryDelays,
        onProblem: (p) => emit(p),
        onRecovered: () => emit({ recovered: true }),
      });
      // The course writes one objective per lesson (2004 manifests add the primary one) and one interaction per
      // assessment answer, in at most 1,296 attempts (what suspend data counts): an LMS claiming more is not believed.
      const candidate = ns.createAdapter(channel, {
        objectives: lessons.length + 1,
        interactions: (shape.assessment || []).length * (CR.suspend.MAX_ATTEMPT + 1),
      });
      if (!candidate.initialize()) {
        emit({ kind: 'initialize', element: '', code: 0, text: '', recovered: false });
        return false;
      }
      adapter = candidate;
      mode = 'lms';
      return true;
    }

    function useLocal() {
      adapter = CR.local.create({
        courseId: o.courseId, packageId: o.packageId, inMemory: lmsFound, win, logger,
        onStorageLost: () => emit({ kind: 'storage', element: '', code: 0, text: '', recovered: false }),
      });
      adapter.initialize();
      mode = adapter.mode();
    }

    function browserLanguages() {
      try {
        const nav = win.navigator || {};
        return nav.languages && nav.languages.length ? Array.from(nav.languages) : [nav.language];
      } catch (e) {
        return [];
      }
    }

    /**
     * The language to open in. The one kept in suspend data is the learner's last choice, which the course
     * also wrote to the LMS preference; a shipped language the LMS now prefers over it was set there since
     * (by an administrator or in the learner's profile), so it wins. Without either: browser, then default.
     * @param {string} fromLms the LMS's learner preference
     */
    function startLocale(fromLms) {
      const preferred = CR.language.match(fromLms, locales);
      if (preferred) return preferred;
      if (locales.indexOf(data.locale) >= 0) return data.locale;
      return CR.language.choose({ browser: browserLanguages(), fallback: o.defaultLocale, available: locales }) || '';
    }

    function onUnload() {
      terminate();
    }

    function onHidden() {
      try { if (win.document && win.document.visibilityState === 'hidden') flush(); } catch (e) { /* ignore */ }
    }

    function listen(add) {
      try {
        const method = add ? 'addEventListener' : 'removeEventListener';
        if (typeof win[method] !== 'function') return;
        for (const ev of unloadEvents) win[method](ev, onUnload);
        // Mobile browsers may discard a hidden page without pagehide: save what is pending.
        if (win.document && typeof win.document[method] === 'function') win.document[method]('visibilitychange', onHidden);
      } catch (e) { /* no events, no harm: exit() and terminate() still end the session */ }
    }

    function snapshot() {
      return {
        phase, mode: adapter && adapter.mode ? adapter.mode() : mode, // the browser store can fall back to memory
        version: adapter ? adapter.version : null,
        resumed: info.resumed, entry: info.entry, bookmark: info.bookmark, learnerName: info.learnerName,
        lmsMode: info.lmsMode, credit: info.credit, recording: READ_ONLY_MODES.indexOf(info.lmsMode) < 0, exited,
        view: data.view, locale: data.locale, seen: data.seen.slice(),
        checks: JSON.parse(JSON.stringify(data.checks)), answers: JSON.parse(JSON.stringify(data.answers)),
        attempt: data.attempt, best: data.best, last: data.last, seed: data.seed,
        passingScore: passingFraction(), completed: allSeen(), passed: passed(), finished: finished(),
        commits, problem,
      };
    }

    /**
     * Connect (LMS, else browser storage, else memory), restore and return the state to show.
     * Calling it again returns the current snapshot.
     */
    function start() {
      if (phase !== 'not-initialized') return snapshot();
      startedAt = now();
      try {
        if (!connect()) useLocal();
      } catch (e) {
        warn('connecting to the LMS failed', e);
        useLocal();
      }
      phase = 'running';
      info.entry = known(adapter.readEntry(), ENTRIES, '');
      const status = adapter.readStatus();
      // A first entry holds no bookmark or suspend data, and reading them anyway makes 2004 LMSs answer
      // error 403. The status says more than entry does: 1.2 LMSs send "ab-initio" with the data they kept
      // after an exit "" (scorm-again does), and some leave entry empty on resume.
      const firstEntry = info.entry !== 'resume' && NOT_STARTED.indexOf(status) >= 0;
      if (!firstEntry) {
        const bookmark = adapter.readBookmark();
        info.bookmark = BOOKMARK.test(bookmark) ? bookmark : '';
        const restored = CR.suspend.decode(adapter.readSuspendData(), shape);
        if (restored) {
          data = restored;
          info.resumed = true;
          lastBookmark = info.bookmark;
        }
        held = adapter.readRecord(status);
        if (held.score !== null && (data.best === null || held.score > data.best)) data.best = held.score;
      }
      // Shown as text, never as markup; without control characters and no longer than either standard's 255.
      info.learnerName = adapter.readLearnerName().replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 255);
      info.mastery = adapter.readMastery();
      info.lmsMode = known(adapter.readMode(), MODES, 'normal');
      info.credit = known(adapter.readCredit(), CREDITS, 'credit');
      if (READ_ONLY_MODES.indexOf(info.lmsMode) >= 0) adapter = readOnly(adapter);
      data.locale = startLocale(adapter.readLanguage());
      if (NOT_STARTED.indexOf(status) >= 0) adapter.setIncomplete(); // never downgrade a finished status
      adapter.setExit('suspend'); // until the course is finished, leaving keeps the attempt resumable
      listen(true);
      changed();
      return snapshot();
    }

    /** The values a session ends with: what is pending, session time, exit ("normal" when finished). */
    function setFinalValues() {
      if (commitTimer !== null) timers.clearTimeout(commitTimer);
      commitTimer = null;
      save();
      adapter.setSessionTime(now() - startedAt);
      const kind = finished() ? 'normal' : 'suspend';
      adapter.setExit(kind);
      return kind;
    }

    function end() {
      phase = 'terminated';
      listen(false);
      commits++;
      adapter.terminate();
    }

    /**
     * Terminate once, as at page dismissal (pagehide / beforeunload run it): the final values, then Terminate
     * alone, which stores them. No Commit: during dismissal browsers refuse the synchronous request most LMSs
     * make for one, and everything that matters was committed when it happened. Later calls do nothing.
     * @returns {boolean} whether this call terminated the session
     */
    function terminate() {
      if (phase !== 'running') return false;
      phase = 'terminating'; // first, so a re-entrant unload event cannot terminate twice
      try {
        setFinalValues();
      } catch (e) {
        warn('terminate failed', e);
      }
      end();
      return true;
    }

    /**
     * The learner's Exit, while the page is alive: the final values, Commit, then (2004) the navigation request
     * that has the LMS close the SCO, and Terminate. When the Commit fails the session stays open (the channel
     * retries it) and this returns false, so the page can say so and the learner can try again.
     * @returns {boolean} whether the session is saved and terminated
     */
    function exit() {
      if (phase !== 'running') return phase === 'terminated' && exited;
      const kind = setFinalValues();
      commits++;
      if (!adapter.commit()) return false;
      adapter.setNavRequest(kind);
      exited = true;
      end();
      return true;
    }

    const running = () => phase === 'running';

    return {
      start: guard('start', start, snapshot),
      /** Bookmark a view (page) id; ids longer than 64 characters or with "~" are not kept in suspend data. */
      visit: guard('visit', (viewId) => {
        if (!running() || typeof viewId !== 'string' || viewId === data.view) return false;
        data.view = viewId;
        changed(true);
        return true;
      }, false),
      /** Mark a lesson seen: objective, progress and (when it is the last one) completion. */
      lessonSeen: guard('lessonSeen', (lessonId) => {
        if (!running() || lessons.indexOf(lessonId) < 0 || data.seen.indexOf(lessonId) >= 0) return false;
        data.seen.push(lessonId);
        adapter.recordObjective(lessonId, 'completed');
        adapter.setProgress(data.seen.length / lessons.length);
        if (allSeen()) writeStatus();
        changed();
        return true;
      }, false),
      /** Keep a knowledge-check answer (neutral form, see formats.js) for resume. */
      answerCheck: guard('answerCheck', (questionId, value) => {
        if (!running()) return false;
        data.checks[questionId] = Array.isArray(value) ? value.slice() : typeof value === 'boolean' ? [value ? 0 : 1] : [];
        changed();
        return true;
      }, false),
      /**
       * Begin an assessment attempt: clears its answers, counts the attempt, keeps the shuffle seed.
       * @param {number} [seed] unsigned 32-bit; a random one when omitted
       * @returns {number} the seed
       */
      startAttempt: guard('startAttempt', (seed) => {
        const s = Number.isInteger(seed) && seed >= 0 ? seed >>> 0 : Math.floor(Math.random() * 0x100000000) >>> 0;
        if (!running()) return s;
        data.attempt += 1;
        data.answers = {};
        data.last = null; // not handed in yet: answers kept from now on are drafts
        data.seed = s;
        changed();
        return s;
      }, 0),
      /**
       * Keep an answer of the attempt in progress for resume, without reporting it: the LMS gets interactions
       * only when the learner hands the attempt in.
       * @param {string} id question id
       * @param {number[]|boolean} value the learner's answer so far (neutral form)
       */
      draftAssessment: guard('draftAssessment', (id, value) => {
        if (!running()) return false;
        data.answers[id] = Array.isArray(value) ? value.slice() : typeof value === 'boolean' ? [value ? 0 : 1] : [];
        changed(true);
        return true;
      }, false),
      /**
       * Record an assessment answer as an interaction and keep it for resume.
       * @param {{id: string, type: string, options?: string[], targets?: string[], correct: number[]|boolean,
       *          objectiveId?: string}} question ids are the same in every language
       * @param {number[]|boolean} value the learner's answer (neutral form)
       * @param {{shownAt?: number, answeredAt?: number, description?: string}} [extra] shownAt: when the question
       *   was made available (ms since the epoch), answeredAt: the learner's first response to it, when known;
       *   description in the learner's language (2004)
       * @returns {boolean} whether the answer is correct
       */
      answerAssessment: guard('answerAssessment', (question, value, extra) => {
        const ok = CR.formats.isCorrect(question.type, value, question.correct);
        if (!running()) return ok;
        const x = extra || {};
        // Both standards: the timestamp is when the interaction was made available, the latency the time
        // from then to the learner's first response.
        const shownAt = Number.isFinite(x.shownAt) ? x.shownAt : now();
        const latency = Number.isFinite(x.answeredAt) && x.answeredAt >= shownAt ? x.answeredAt - shownAt : undefined;
        data.answers[question.id] = Array.isArray(value) ? value.slice() : typeof value === 'boolean' ? [value ? 0 : 1] : [];
        adapter.recordInteraction({
          id: question.id, type: question.type, options: question.options, targets: question.targets,
          learnerResponse: value, correctPattern: question.correct, result: ok,
          latencyMs: latency, timestamp: new Date(shownAt),
          description: x.description, lang: data.locale, objectiveId: question.objectiveId,
        });
        changed();
        return ok;
      }, false),
      /**
       * Score the attempt: keeps last and best, reports the best score (0..100) and then the status.
       * @param {number} correct number of correct answers
       * @param {number} total number of questions
       * @returns {{percent: number, best: number, passed: boolean, passingScore: number}}
       */
      scoreAssessment: guard('scoreAssessment', (correct, total) => {
        const percent = total > 0 ? Math.round((10000 * Math.max(0, Math.min(correct, total))) / total) / 100 : 0;
        if (running()) {
          data.last = percent;
          data.best = data.best === null ? percent : Math.max(data.best, percent);
          adapter.setScore(data.best, 0, 100); // score first: LMSs read the status against it
          writeStatus();
          changed();
        }
        return { percent, best: data.best, passed: passed(), passingScore: passingFraction() };
      }, () => ({ percent: 0, best: null, passed: false, passingScore: passingFraction() })),
      /** Switch language: kept in suspend data and written to the learner preference. */
      setLocale: guard('setLocale', (tag) => {
        if (!running() || locales.indexOf(tag) < 0 || tag === data.locale) return false;
        data.locale = tag;
        adapter.setLanguagePreference(tag);
        changed();
        return true;
      }, false),
      /** Commit now what is pending (the page rarely needs this; commits happen by themselves). */
      flush: guard('flush', flush),
      /** The learner's Exit control: save, confirm, have the LMS close the SCO (see exit above). */
      exit: guard('exit', exit, false),
      terminate: guard('terminate', terminate, false),
      /**
       * Be told when progress could not be saved: cb({kind, element, code, text, recovered: false}),
       * and cb({recovered: true}) once saving works again. A problem already active is reported at once.
       */
      onSaveProblem: guard('onSaveProblem', (cb) => {
        if (typeof cb !== 'function') return;
        problemListeners.push(cb);
        if (problem) {
          try { cb(problem); } catch (e) { warn('onSaveProblem handler threw', e); }
        }
      }),
      state: guard('state', snapshot, null),
    };
  }

  const tracker = { create };
  CR.tracker = tracker;
  if (typeof module !== 'undefined' && module.exports) module.exports = tracker;
})(typeof globalThis !== 'undefined' ? globalThis : this);
