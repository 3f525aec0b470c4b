// @ts-check
/*
 * CourseRuntime.store: the page's state in one place, and the routes between its views. The state: the languages
 * loaded so far and what the learner sees (the language, the view, the notice, the attempt in the form, the last
 * results); everything else reads `state`, only the named transitions change it. What the LMS keeps is the
 * tracker's, not this. The routes: which view a location hash names (kept in step with the view shown), where a
 * request, a relaunch and "continue" lead, which menu entry stands for a view. Every locale has the same views.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  // -- Routes.
  /**
   * The view a location hash names, or null ("#sv-main" from the skip link is not a view).
   * @param {unknown} hash
   * @param {string[]} views
   */
  const viewFromHash = (hash, views) => {
    let id = String(hash || '').replace(/^#/, '');
    try { id = decodeURIComponent(id); } catch { /* keep it raw */ }
    return views.includes(id) ? id : null;
  };

  /**
   * Where "continue where you left off" leads: the bookmark unless it is the start page, else the
   * first unseen lesson, else the assessment while not passed, else the summary; null without progress.
   * @param {{view?: string | null, seen?: string[], attempt?: number, passed?: boolean}} state
   * @param {string[]} lessons
   * @param {string[]} views
   */
  const resumeTarget = (state, lessons, views) => {
    const s = state || {};
    const seen = s.seen || [];
    if (s.view && s.view !== 'start' && views.includes(s.view)) return s.view;
    if (!seen.length && !s.attempt) return null;
    const next = lessons.find((id) => !seen.includes(id));
    if (next) return 'lesson/' + next;
    return s.passed ? 'summary' : 'assessment';
  };

  /**
   * The menu entry that stands for a view, and how (a check belongs to its lesson, results to the assessment).
   * @param {string} view
   */
  const menuEntry = (view) => {
    if (view.indexOf('check/') === 0) return { nav: 'lesson/' + view.slice(6), current: 'true' };
    if (view === 'results') return { nav: 'assessment', current: 'true' };
    return { nav: view, current: 'page' };
  };

  /**
   * The view a relaunch resumes at, if the tracker resumed the attempt: the bookmark it kept, else the LMS's.
   * @param {{resumed?: boolean, view?: string | null, bookmark?: string}} snap
   * @param {string[]} views
   */
  const resumedAt = (snap, views) => snap.resumed && views.includes(/** @type {string} */ (snap.view)) ? snap.view
    : snap.resumed && views.includes(/** @type {string} */ (snap.bookmark)) ? snap.bookmark : null;

  /**
   * The view to show for a requested one: there are no results before an attempt is handed in.
   * @param {string} view
   * @param {string[]} views
   * @param {boolean} handedIn
   */
  const resolve = (view, views, handedIn) => {
    if (view === 'results' && !handedIn) return 'assessment';
    return views.includes(view) ? view : 'start';
  };

  /**
   * The location hash of a window, kept naming the view shown.
   * @param {CourseRuntime.Win} win
   * @param {() => string[]} views the views of the page (known once the first locale has arrived)
   */
  const hash = (win, views) => {
    const named = () => viewFromHash(win.location.hash, views());
    return {
      /** The view the hash names, or null. */
      named,
      /** Name a view with no history entry (the first view, a redirect). @param {string} view */
      replace(view) {
        if (named() === view) return;
        try {
          win.history.replaceState(win.history.state, '', '#' + view);
        } catch {
          try { win.location.replace('#' + view); } catch { /* the view shows anyway */ }
        }
      },
      /**
       * Name a view with a history entry, so Back works; the hashchange that follows finds it shown.
       * @param {string} view
       */
      push(view) {
        if (named() !== view) win.location.hash = '#' + view;
      },
    };
  };

  // -- The state.
  /**
   * The state of one page, with nothing shown yet.
   * @param {{assessment: string[], questions: Object<string, CourseRuntime.Question>}} config
   */
  const create = (config) => {
    /** @type {CourseRuntime.PageState} */
    const state = {
      locale: null, // the language shown
      wanted: null, // the language asked for last; a switch to any other that arrives late is dropped
      view: null,
      resume: null, // where "continue where you left off" leads
      notice: { base: null, problem: null }, // a problem outranks the standing line (base)
      // The attempt the form shows. It is begun in the tracker (which clears the last attempt's answers)
      // only when the learner starts answering or asks for a retake, so a visit does not cost a result.
      attempt: { seed: 0, order: null, started: false, shownAt: 0, first: {} },
      results: null, // the last handed-in attempt: {order, answers}
      missing: [], // assessment questions left unanswered at the last submit
      exited: false, // the learner left by the Exit control: the closing panel shows
    };
    const { notice } = state;
    /** @type {CourseRuntime.Locale[]} */
    const roots = []; // the loaded languages, in the order they arrived; every render goes to each
    /** @type {string[]} */
    let views = []; // every locale has the same views: read from the first to arrive

    /** The order of the attempt a seed shuffles (the same for the same seed). @param {number} seed */
    const orderOf = (seed) => CR.logic.attemptOrder(seed, config.assessment, config.questions);
    /** A loaded language, or undefined. @param {string | null} tag */
    const get = (tag) => roots.find((loc) => loc.tag === tag);

    /**
     * A fresh attempt: a new shuffle (the same for the same seed), nothing missing.
     * @param {number} [seed] @param {boolean} [started]
     */
    const newAttempt = (seed, started) => {
      const s = Number.isInteger(seed) ? /** @type {number} */ (seed) >>> 0 : Math.floor(Math.random() * 2 ** 32) >>> 0;
      state.attempt = {
        seed: s, order: orderOf(s), started: !!started, shownAt: 0, first: {},
      };
      state.missing = [];
    };

    return {
      /** Read it; change it through the transitions only. */
      state: /** @type {CourseRuntime.Frozen<CourseRuntime.PageState>} */ (state),

      // -- The languages.
      /**
       * A language has arrived; the first one names the views.
       * @param {CourseRuntime.Locale} loc @param {string[]} itsViews
       */
      adopt(loc, itsViews) {
        roots.push(loc);
        if (!views.length) views = itsViews;
      },
      get,
      /** The language shown. */
      shown: () => /** @type {CourseRuntime.Locale} */ (get(state.locale)),
      /**
       * Do something in every loaded language, in the order they arrived.
       * @param {(loc: CourseRuntime.Locale) => void} fn
       */
      each(fn) {
        for (const loc of roots) fn(loc);
      },
      views: () => views,
      /** @param {string} tag the language asked for last */
      want(tag) { state.wanted = tag; },
      /** @param {string} tag */
      showLocale(tag) { state.locale = tag; },

      // -- Views.
      /**
       * Show the view asked for, or the one it leads to (the start page for an unknown one, the assessment for the
       * results before any are handed in): "continue" leads there from now on, and the assessment's questions are
       * shown from the first time it is. The result is the view shown.
       * @param {string} requested
       */
      showView(requested) {
        const view = resolve(requested, views, !!state.results);
        if (view === 'assessment' && !state.attempt.shownAt) state.attempt.shownAt = Date.now();
        state.view = view;
        if (view !== 'start') state.resume = view;
        return view;
      },
      /** @param {string | null} target where "continue" leads before any view is shown */
      resumeAt(target) { state.resume = target; },
      /** The learner has left by the Exit control, and saving it was confirmed. */
      exit() {
        state.exited = true;
        if (notice.problem === 'exitFailed') notice.problem = null;
      },

      // -- The notice: the message key to show, or null.
      notice: () => notice.problem || notice.base,
      /**
       * The tracker's save problems: a failed start or browser store stays, others until saving works.
       * @param {CourseRuntime.SaveProblem} p
       */
      saveProblem(p) {
        if (p && p.recovered) notice.problem = null;
        else if (p && p.kind === 'initialize') notice.base = 'lmsFailed';
        else if (p && p.kind === 'storage') notice.base = notice.base === 'lmsFailed' ? 'lmsFailed' : 'noStorage';
        else if (p && p.kind !== 'terminate') notice.problem = 'saveProblem';
      },
      /**
       * Where the tracker keeps progress: nowhere (said for good), or the browser without an LMS (a calm line
       * that fades: the result is true when it should). @param {string} [mode]
       */
      startedIn(mode) {
        if (mode === 'memory' && notice.base !== 'lmsFailed') notice.base = 'noStorage';
        if (mode !== 'local' || notice.base) return false;
        notice.base = 'noLms';
        return true;
      },
      faded() { if (notice.base === 'noLms') notice.base = null; },
      /** @param {boolean} failed whether the language asked for could not be loaded (said until one can) */
      languageSettled(failed) {
        if (failed) notice.problem = 'languageFailed';
        else if (notice.problem === 'languageFailed') notice.problem = null;
      },
      exitFailed() { notice.problem = 'exitFailed'; },

      // -- The attempt in the form.
      newAttempt,
      /**
       * The attempts as the tracker restored them: the last one handed in shows its results (and the form a fresh
       * attempt), one begun shows again as it was. The result is the answers to put back into the form, if any.
       * @param {CourseRuntime.TrackerState} snap
       */
      resume(snap) {
        const answers = snap.answers || {};
        const seed = /** @type {number} */ (snap.seed) >>> 0;
        const handedIn = snap.last != null;
        const begun = /** @type {number} */ (snap.attempt) > 0;
        if (begun && handedIn && Object.keys(answers).length) {
          state.results = { order: orderOf(seed), answers };
          newAttempt();
          return null;
        }
        newAttempt(begun ? seed : undefined, begun); // begun before the learner left: the same order
        return begun ? answers : null;
      },
      /** The attempt is begun: the result is true the first time, when the tracker must begin it too. */
      begin() {
        if (state.attempt.started) return false;
        state.attempt.started = true;
        return true;
      },
      /** @param {string} qid the learner responds to a question: the first time counts (latency) */
      answering(qid) {
        if (!state.attempt.first[qid]) state.attempt.first[qid] = Date.now();
      },
      /** @param {string[]} qids the questions left unanswered at a submit */
      unanswered(qids) { state.missing = qids; },
      /** A question left unanswered now has an answer: the result is true if it was missing. @param {string} qid */
      answered(qid) {
        const at = state.missing.indexOf(qid);
        if (at < 0) return false;
        state.missing.splice(at, 1);
        return true;
      },
      /**
       * An attempt is handed in: its results show.
       * @param {CourseRuntime.Order} order @param {Object<string, number[]>} answers
       */
      handIn(order, answers) { state.results = { order, answers }; },
    };
  };

  const store = { viewFromHash, resumeTarget, resumedAt, menuEntry, hash, create };
  CR.store = store;
  if (typeof module !== 'undefined' && module.exports) module.exports = store;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
