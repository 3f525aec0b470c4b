// @ts-check
/*
 * CourseRuntime.tracker: the learner's session. Opens it through CourseRuntime.launch (the LMS's adapter for its
 * version, or the local one), restores state from suspend data, turns course events into adapter calls,
 * commits after each meaningful change (when: CourseRuntime.commits), and terminates exactly once.
 * Session states follow scorm-again: not-initialized -> running -> terminated.
 * No public method throws: a failing LMS degrades tracking, never the course.
 *
 * What the LMS holds is never made worse: in review and browse mode nothing is written at all (the standards
 * launch them "without the intent of updating" / "of recording" the learner's record), and in normal mode no
 * status, score or objective is written lower than the one the LMS held for this attempt when it launched.
 *
 * The LMS's objectives are the course's learning objectives: one is completed when its lesson has been seen, and
 * each hand-in gives it the share of right answers among the questions that test it, passed or failed against the
 * pass mark in force. As for the course, the best result counts: a passed objective is never failed again.
 *
 * A decision scenario's path is kept for resume; its choices are reported as interactions (never scored) on the
 * learner's first path through it, so a report shows what people choose before they explore the other paths.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /**
   * A score in percent (0..100, two decimals) for `correct` answers out of `total`.
   * @param {number} correct @param {number} total
   */
  const percentOf = (correct, total) =>
    total > 0 ? Math.round((10000 * Math.max(0, Math.min(correct, total))) / total) / 100 : 0;

  /**
   * Whether a score reaches the pass mark, both in percent: with a hair of tolerance, as 0.55 * 100 is
   * 55.00000000000001 in floating point.
   * @param {number} percent @param {number} passingPercent
   */
  const reaches = (percent, passingPercent) => percent + 1e-9 >= passingPercent;

  /**
   * An answer in the neutral form (see formats.js) as suspend data keeps it: true-false as [0] or [1].
   * @param {unknown} value
   * @returns {number[]}
   */
  const neutral = (value) => (Array.isArray(value) ? value.slice() : typeof value === 'boolean' ? [value ? 0 : 1] : []);

  /** A deep copy of answers or paths, which the snapshot hands out. @template T @param {T} x @returns {T} */
  const copy = (x) => JSON.parse(JSON.stringify(x));

  /**
   * Create a tracker; nothing happens until start().
   * @param {CourseRuntime.TrackerOptions} opts
   * @returns {CourseRuntime.Tracker}
   */
  const create = (opts) => {
    const o = opts || /** @type {CourseRuntime.TrackerOptions} */ ({});
    const win = o.win || root;
    const logger = o.logger || root.console;
    const now = o.now || (() => Date.now());
    const timers = o.timers || CR.formats.TIMERS;
    const shape = o.shape || { lessons: [], checks: [], assessment: [] };
    const lessons = (shape.lessons || []).map(String);
    const questions = (shape.assessment || []).length;
    const locales = o.locales || [];
    const packagePassing = Number(o.passingScore) > 1 ? Number(o.passingScore) / 100 : Number(o.passingScore) || 0;
    const quietMs = Number.isFinite(o.quietMs) ? /** @type {number} */ (o.quietMs) : 3000;
    const objectives = o.objectives || [];
    const scenarios = shape.decisions || [];
    /** Each objective as reported in this session, from what the LMS held (read when first needed). */
    const reported = /** @type {Record<string, CourseRuntime.HeldRecord>} */ ({});
    /** The pass mark in force, as a fraction: the LMS's mastery score, else the package's. */
    function passingFraction() {
      return info.mastery !== null ? info.mastery : packagePassing;
    }
    /** [right, asked] by objective of the answers recorded since the attempt began: scored at the hand-in. */
    let tally = /** @type {Record<string, number[]>} */ ({});

    /** @type {'not-initialized' | 'running' | 'terminating' | 'terminated'} */
    let phase = 'not-initialized';
    /** @type {CourseRuntime.SessionAdapter | null} */
    let adapter = null;
    let data = CR.suspend.emptyState();
    let info = { resumed: false, entry: '', bookmark: '', learnerName: '', mastery: /** @type {number | null} */ (null), lmsMode: 'normal', credit: 'credit', recording: true };
    /** What the LMS held for this attempt at launch: nothing lower is written over it. */
    let held = /** @type {CourseRuntime.HeldRecord} */ ({ completed: false, success: null, score: null });
    let startedAt = 0;
    /** @type {string | null} */
    let lastSuspend = null;
    /** @type {string | null} */
    let lastBookmark = null;
    let commits = 0;
    /** @type {CourseRuntime.SaveProblem | null} */
    let problem = null;
    let exited = false; // the learner left by the Exit control
    /** @type {((p: CourseRuntime.SaveProblem) => void)[]} */
    const problemListeners = [];
    const unloadEvents = ['pagehide', 'beforeunload'];

    const warn = CR.formats.warner(logger);

    /**
     * Run a public method so that nothing it does can throw at the page.
     * @template {unknown[]} A @template R
     * @param {string} name @param {(...args: A) => R} fn @param {R | (() => R)} fallback
     * @returns {(...args: A) => R}
     */
    const guard = (name, fn, fallback) => (...args) => {
      try {
        return fn(...args);
      } catch (e) {
        warn(name + ' failed', e);
        return typeof fallback === 'function' ? /** @type {() => R} */ (fallback)() : fallback;
      }
    };

    /** @param {CourseRuntime.SaveProblem} p */
    const emit = (p) => {
      problem = p && !p.recovered ? p : null;
      for (const cb of problemListeners.slice()) tell(cb, p);
    };

    /** A listener that throws is logged and does not stop the others. @param {(p: CourseRuntime.SaveProblem) => void} cb @param {CourseRuntime.SaveProblem} p */
    const tell = (cb, p) => {
      try { cb(p); } catch (e) { warn('onSaveProblem handler threw', e); }
    };

    /** The adapter of a started session (start() sets it before anything can write). */
    const lms = () => /** @type {CourseRuntime.SessionAdapter} */ (adapter);
    const allSeen = () => lessons.length > 0 && lessons.every((id) => data.seen.includes(id));
    /** Passed in this attempt: the best score reaches the pass mark, or the LMS already holds "passed". */
    const passed = () =>
      held.success === 'passed' || (data.best !== null && reaches(data.best, passingFraction() * 100));
    const finished = () => allSeen() && (questions === 0 || passed());
    const running = () => phase === 'running';

    /**
     * Report an objective: its lesson seen, and/or an attempt's score for it (percent); never below what it had.
     * @param {string} id @param {boolean} seen @param {number | null} percent
     */
    const reportObjective = (id, seen, percent) => {
      const r = (reported[id] = reported[id] || Object.assign({ completed: false, success: null, score: null }, lms().readObjective(id)));
      const before = JSON.stringify(r);
      if (seen) r.completed = true;
      if (percent !== null) {
        r.score = r.score === null ? percent : Math.max(r.score, percent);
        r.success = r.success === 'passed' || reaches(r.score, passingFraction() * 100) ? 'passed' : 'failed';
      }
      if (JSON.stringify(r) !== before) lms().recordObjective(id, Object.assign({}, o.describe && o.describe(id), r));
    };

    /** Write suspend data and bookmark when they changed since the last write. */
    const save = () => {
      const text = CR.suspend.encode(data, shape);
      if (text !== lastSuspend && lms().setSuspendData(text) !== false) lastSuspend = text;
      if (data.view !== lastBookmark && data.view) {
        if (lms().setBookmark(data.view) !== false) lastBookmark = data.view;
      }
    };

    /** Completion and success as the course knows them, never below what the LMS held. */
    const writeStatus = () => {
      const success = questions && data.best !== null ? (passed() ? 'passed' : 'failed') : held.success;
      lms().setCompletionAndSuccess(allSeen() || held.completed, success);
    };

    /** Suspend data, bookmark and commit follow a change (see commits.js); terminate writes what is pending. */
    const pending = CR.commits.create({
      timers, quietMs,
      ready: running,
      write() {
        save();
        commits++;
        lms().commit();
      },
    });
    const changed = pending.changed;
    const flush = pending.flush;


    const onHidden = () => {
      try { if (win.document && win.document.visibilityState === 'hidden') flush(); } catch { /* ignore */ }
    };

    /** @param {boolean} add */
    const listen = (add) => {
      try {
        const method = add ? 'addEventListener' : 'removeEventListener';
        if (typeof win[method] !== 'function') return;
        for (const ev of unloadEvents) win[method](ev, terminate);
        // Mobile browsers may discard a hidden page without pagehide: save what is pending.
        if (win.document && typeof win.document[method] === 'function') win.document[method]('visibilitychange', onHidden);
      } catch { /* no events, no harm: exit() and terminate() still end the session */ }
    };

    /** @returns {CourseRuntime.TrackerState} */
    const snapshot = () => ({
      phase, mode: adapter ? (adapter.mode ? adapter.mode() : 'lms') : 'memory', // the browser store can fall back to memory
      version: adapter ? adapter.version : null,
      resumed: info.resumed, entry: info.entry, bookmark: info.bookmark, learnerName: info.learnerName,
      lmsMode: info.lmsMode, credit: info.credit, recording: info.recording, exited,
      view: data.view, locale: data.locale, seen: data.seen.slice(),
      checks: copy(data.checks), answers: copy(data.answers),
      attempt: data.attempt, best: data.best, last: data.last, seed: data.seed, decisions: copy(data.decisions),
      passingScore: passingFraction(), completed: allSeen(), passed: passed(), finished: finished(),
      commits, problem,
    });

    /**
     * Connect (LMS, else browser storage, else memory), restore and return the state to show.
     * Calling it again returns the current snapshot.
     */
    const start = () => {
      if (phase !== 'not-initialized') return snapshot();
      startedAt = now();
      adapter = CR.launch.connect({
        win, logger, timers, retryDelays: o.retryDelays, standard: o.standard, courseId: o.courseId, packageId: o.packageId,
        // The course writes its learning objectives (2004 manifests add the primary one) and one interaction per
        // assessment answer, in at most 1,296 attempts (what suspend data counts): an LMS claiming more is not believed.
        // Decisions add at most one interaction per choice on each scenario's first path.
        most: {
          objectives: objectives.length + 1,
          interactions: questions * (CR.suspend.MAX_ATTEMPT + 1) + scenarios.reduce((n, d) => n + d.depth, 0),
        },
        emit, warn,
      });
      phase = 'running';
      const launch = CR.launch.read(adapter, shape);
      if (launch.restored) {
        data = launch.restored;
        lastBookmark = launch.bookmark;
      }
      held = launch.held;
      if (held.score !== null && (data.best === null || held.score > data.best)) data.best = held.score;
      info = Object.assign({ resumed: !!launch.restored }, launch); // entry, bookmark, learnerName, mastery, lmsMode…
      if (!info.recording) adapter = CR.launch.readOnly(adapter);
      data.locale = CR.launch.language({ fromLms: launch.language, kept: data.locale, locales, fallback: o.defaultLocale, win });
      if (!launch.started) adapter.setIncomplete(); // never downgrade a finished status
      adapter.setExit('suspend'); // until the course is finished, leaving keeps the attempt resumable
      listen(true);
      changed();
      return snapshot();
    };

    /** The values a session ends with: what is pending, session time, exit ("normal" when finished). */
    const setFinalValues = () => {
      pending.cancel();
      save();
      lms().setSessionTime(now() - startedAt);
      const kind = finished() ? 'normal' : 'suspend';
      lms().setExit(kind);
      return kind;
    };

    const end = () => {
      phase = 'terminated';
      listen(false);
      commits++;
      lms().terminate(exited); // cmi5 then goes back to the LMS's returnURL when the learner left by Exit
    };

    /**
     * Terminate once, as at page dismissal (pagehide / beforeunload run it): the final values, then Terminate
     * alone, which stores them. No Commit: during dismissal browsers refuse the synchronous request most LMSs
     * make for one, and everything that matters was committed when it happened. Later calls do nothing.
     * @returns {boolean} whether this call terminated the session
     */
    const terminate = () => {
      if (phase !== 'running') return false;
      phase = 'terminating'; // first, so a re-entrant unload event cannot terminate twice
      try {
        setFinalValues();
      } catch (e) {
        warn('terminate failed', e);
      }
      end();
      return true;
    };

    /**
     * The learner's Exit, while the page is alive: the final values, Commit, then (2004) the navigation request
     * that has the LMS close the SCO, and Terminate. When the Commit fails the session stays open (the channel
     * retries it) and this returns false, so the page can say so and the learner can try again.
     * @returns {boolean} whether the session is saved and terminated
     */
    const exit = () => {
      if (phase !== 'running') return phase === 'terminated' && exited;
      const kind = setFinalValues();
      commits++;
      if (!lms().commit()) return false;
      lms().setNavRequest(kind);
      exited = true;
      end();
      return true;
    };

    /**
     * A method that changes what suspend data keeps: before start() and after the end it does nothing, nor when
     * `change` answers false (nothing to keep); else a commit follows (minor: after a quiet moment, see commits.js).
     * @template {unknown[]} A @param {(...args: A) => boolean | void} change @param {boolean} [minor]
     * @returns {(...args: A) => boolean} whether it kept the change
     */
    const keeping = (change, minor) => (...args) => {
      if (!running() || change(...args) === false) return false;
      changed(minor);
      return true;
    };

    /** @type {CourseRuntime.Tracker} */
    const methods = {
      start,
      /** Bookmark a view (page) id; ids longer than 64 characters or with "~" are not kept in suspend data. */
      visit: keeping((viewId) => {
        if (typeof viewId !== 'string' || viewId === data.view) return false;
        data.view = viewId;
      }, true),
      /** Mark a lesson seen: its objectives, progress and (when it is the last one) completion. */
      lessonSeen: keeping((lessonId) => {
        if (!lessons.includes(lessonId) || data.seen.includes(lessonId)) return false;
        data.seen.push(lessonId);
        for (const x of objectives) if (x.lesson === lessonId) reportObjective(x.id, true, null);
        lms().setProgress(data.seen.length / lessons.length);
        if (allSeen()) writeStatus();
      }),
      /** Keep a knowledge-check answer (neutral form, see formats.js) for resume. */
      answerCheck: keeping((questionId, value) => {
        data.checks[questionId] = neutral(value);
      }),
      /** Begin an assessment attempt: clears its answers, counts the attempt, keeps the shuffle seed. */
      startAttempt(seed) {
        const s = Number.isInteger(seed) && /** @type {number} */ (seed) >= 0 ? /** @type {number} */ (seed) >>> 0
          : Math.floor(Math.random() * 2 ** 32) >>> 0;
        if (!running()) return s;
        data.attempt += 1;
        data.answers = {};
        data.last = null; // not handed in yet: answers kept from now on are drafts
        data.seed = s;
        tally = {};
        changed();
        return s;
      },
      /**
       * Keep an answer of the attempt in progress for resume, without reporting it: the LMS gets interactions
       * only when the learner hands the attempt in.
       */
      draftAssessment: keeping((id, value) => {
        data.answers[id] = neutral(value);
      }, true),
      /** Record an assessment answer as an interaction and keep it for resume; returns whether it is correct. */
      answerAssessment(question, value, extra) {
        const ok = CR.formats.isCorrect(question.type, value, question.correct);
        if (!running()) return ok;
        const x = extra || {};
        // Both standards: the timestamp is when the interaction was made available, the latency the time
        // from then to the learner's first response.
        const shownAt = Number.isFinite(x.shownAt) ? /** @type {number} */ (x.shownAt) : now();
        const answeredAt = /** @type {number} where Number.isFinite says so */ (x.answeredAt);
        const latency = Number.isFinite(answeredAt) && answeredAt >= shownAt ? answeredAt - shownAt : undefined;
        data.answers[question.id] = neutral(value);
        for (const id of question.objectives || []) {
          const t = (tally[id] = tally[id] || [0, 0]);
          t[0] += +ok;
          t[1]++;
        }
        lms().recordInteraction({
          id: question.id, type: question.type, options: question.options, targets: question.targets,
          learnerResponse: value, correctPattern: question.correct, result: ok,
          latencyMs: latency, timestamp: new Date(shownAt),
          description: x.description, lang: data.locale, objectives: question.objectives,
        });
        changed();
        return ok;
      },
      /**
       * Score the attempt: keeps last and best, reports each objective's result on the answers recorded for it,
       * the best score (0..100) and then the status.
       */
      scoreAssessment(correct, total) {
        const percent = percentOf(correct, total);
        if (running()) {
          data.last = percent;
          data.best = data.best === null ? percent : Math.max(data.best, percent);
          for (const x of objectives) {
            const t = tally[x.id];
            if (t) reportObjective(x.id, data.seen.includes(x.lesson), percentOf(t[0], t[1]));
          }
          lms().setScore(data.best, 0, 100); // score first: LMSs read the status against it
          writeStatus();
          changed();
        }
        return { percent, best: data.best, passed: passed(), passingScore: passingFraction() };
      },
      /**
       * Keep a decision scenario's path for resume. Back at the start (an empty path after a longer one), the
       * learner explores: from then on `made`, the choice just taken, is no longer reported.
       */
      decide: keeping((sid, path, made) => { // a scenario the course does not have is not kept (suspend.js)
        const first = !data.tried.includes(sid);
        if (first && !path.length && (data.decisions[sid] || []).length) data.tried.push(sid);
        data.decisions[sid] = path.slice();
        if (made && first && o.reportDecisions !== false) {
          lms().recordInteraction({
            id: made.id, type: 'decision', learnerResponse: made.choice, description: made.description,
            lang: data.locale, timestamp: new Date(now()),
          });
        }
      }),
      /** Switch language: kept in suspend data and written to the learner preference. */
      setLocale: keeping((tag) => {
        if (!locales.includes(tag) || tag === data.locale) return false;
        data.locale = tag;
        lms().setLanguagePreference(tag);
      }),

      /** Commit now what is pending (the page rarely needs this; commits happen by themselves). */
      flush,
      /** The learner's Exit control: save, confirm, have the LMS close the SCO (see exit above). */
      exit,
      terminate,
      /**
       * Be told when progress could not be saved: cb({kind, element, code, text, recovered: false}),
       * and cb({recovered: true}) once saving works again. A problem already active is reported at once.
       */
      onSaveProblem(cb) {
        if (typeof cb !== 'function') return;
        problemListeners.push(cb);
        if (problem) tell(cb, problem);
      },
      state: snapshot,
    };
    // Every public method runs under guard(): what it answers when it throws, false unless named here.
    const fallbacks = /** @type {Record<string, unknown>} */ ({
      start: snapshot, startAttempt: 0, flush: undefined, onSaveProblem: undefined, state: null,
      scoreAssessment: () => ({ percent: 0, best: null, passed: false, passingScore: passingFraction() }),
    });
    const guarded = /** @type {Record<string, (...args: unknown[]) => unknown>} */ (/** @type {unknown} */ (methods));
    for (const name in guarded) guarded[name] = guard(name, guarded[name], name in fallbacks ? fallbacks[name] : false);
    return methods;
  };

  const tracker = { create, percentOf, reaches };
  CR.tracker = tracker;
  if (typeof module !== 'undefined' && module.exports) module.exports = tracker;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
