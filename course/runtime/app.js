// @ts-check
/*
 * CourseRuntime.app: the composition root. Reads the course config from the page, starts the tracker, makes the
 * page state (CourseRuntime.store), the renderers (CourseRuntime.frame and CourseRuntime.views) and the loader of
 * the page's parts (CourseRuntime.parts: the languages, and each one's views beyond the start page), and turns the learner's actions into tracker calls, transitions and renders: hash
 * navigation, knowledge checks, the final assessment (shuffled per attempt), results, summary, Exit.
 * Holds no learner-visible text. Nothing here may throw at the learner: every handler is guarded.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  const { toValue, grade, trackerQuestion, shapeOf } = CR.logic;
  const { one, attr, fieldset, stem, readState, showStart } = CR.views;
  const { viewFromHash, resumeTarget, resumedAt, menuEntry } = CR.store;

  const NOTICE_FADE_MS = 20000; // the calm "no LMS" notice leaves after a while; problems stay

  /**
   * Wire the page. Returns a small handle for diagnostics; never throws.
   * @param {CourseRuntime.Win} [w] the window (globalThis)
   */
  const boot = (w) => {
    const win = w || root;
    const doc = win.document;
    const warn = CR.formats.warner(win.console);

    /**
     * Wrap a handler so that nothing it does reaches the learner as an error.
     * @template {any[]} A @param {string} name @param {(...args: A) => unknown} fn @returns {(...args: A) => any}
     */
    const safe = (name, fn) => /** @this {unknown} */ function () {
      try {
        return fn.apply(this, /** @type {any} */ (arguments));
      } catch (e) {
        warn(name + ' failed', e);
      }
    };


    /** @param {Element | null} el */
    const readJson = (el) => {
      try { return el ? JSON.parse(/** @type {string} */ (el.textContent)) : null; } catch (e) { warn('unreadable JSON in the page', e); return null; }
    };

    /** @type {CourseRuntime.Config} */
    const config = readJson(doc.getElementById('course-config')) || {};
    config.questions = config.questions || {};
    const { questions } = config;
    config.lessons = config.lessons || [];
    config.assessment = (config.assessment || []).filter((qid) => questions[qid]);
    const tags = (config.locales || []).filter((tag) => typeof tag === 'string');
    if (!tags.length) return null;
    const store = CR.store.create(config);
    const ui = store.state;
    const tracker = CR.tracker.create({
      courseId: config.id || 'course',
      packageId: config.package,
      shape: shapeOf(config),
      passingScore: (Number(config.passingScore) || 0) / 100,
      locales: tags,
      defaultLocale: config.sourceLocale || tags[0],
      objectives: config.objectives || [],
      reportDecisions: config.reportDecisions !== false,
      // The objective's text in the lesson as shown: the LMS's description, in the learner's language.
      describe: safe('describe', (id) => {
        const loc = store.shown();
        const el = one(loc, attr('data-objective', id));
        return el && { description: el.textContent, lang: loc.tag }; // the adapter puts it on one line
      }),
    });
    /** @type {CourseRuntime.Page} */
    const page = {
      win, doc, config, tags, store, tracker, safe, warn, readJson, fmt: CR.logic.formatters(), state: () => tracker.state() || snap,
    };

    // -- Knowledge checks and the final assessment (the views are made with these handlers, below).
    const onCheck = safe('check', /** @param {Event} event */ (event) => {
      event.preventDefault();
      const form = /** @type {HTMLFormElement} */ (event.currentTarget);
      const qid = /** @type {string} */ (form.dataset.checkQuestion);
      const q = questions[qid];
      const fs = form.querySelector('fieldset');
      if (!q || !fs) return;
      const r = toValue(q, readState(fs, q));
      if (r.error) return views.checkMissing(qid, r.error);
      tracker.answerCheck(qid, r.value);
      views.check(qid, r.value, true);
    });

    /** A fresh attempt in the form: new shuffle, empty controls; begun in the tracker now or at the first answer. */
    function prepareAttempt() {
      store.newAttempt();
      views.attempt();
    }

    function beginAttempt() {
      if (store.begin()) tracker.startAttempt(ui.attempt.seed);
    }

    const onAssessmentInput = safe('assessment input', /** @param {Event} event */ (event) => {
      const t = /** @type {Element | null} */ (event.target);
      const li = t && t.closest && /** @type {HTMLElement | null} */ (t.closest('li[data-assessment-question]'));
      if (!li) return;
      const qid = /** @type {string} */ (li.dataset.assessmentQuestion);
      const q = questions[qid];
      beginAttempt();
      store.answering(qid);
      const answer = toValue(q, readState(li.querySelector('fieldset'), q));
      if (answer.error) return;
      tracker.draftAssessment(qid, answer.value); // kept if the learner leaves before handing in
      if (store.answered(qid)) views.missing();
    });

    const onAssessment = safe('assessment', /** @param {Event} event */ (event) => {
      event.preventDefault();
      const loc = store.shown();
      const order = ui.attempt.order;
      if (!order || ui.view !== 'assessment') return;
      /** @type {Object<string, number[]>} */
      const values = {};
      const missing = [];
      for (const qid of order.questions) {
        const q = questions[qid];
        const fs = fieldset(loc, qid);
        const r = fs ? toValue(q, readState(fs, q)) : /** @type {CourseRuntime.Answer} */ ({ error: 'needAnswer' });
        if (r.error) missing.push(qid);
        else values[qid] = r.value;
      }
      store.unanswered(missing);
      views.missing();
      if (missing.length) return views.focusMissing();
      beginAttempt();
      const shownAt = ui.attempt.shownAt || Date.now(); // every question of the attempt is shown at once
      let correct = 0;
      for (const qid of order.questions) {
        const q = questions[qid];
        tracker.answerAssessment(trackerQuestion(qid, q), values[qid], {
          shownAt, answeredAt: ui.attempt.first[qid], description: stem(fieldset(loc, qid)),
        });
        if (grade(q, values[qid]).ok) correct++;
      }
      tracker.scoreAssessment(correct, order.questions.length);
      store.handIn(order, values);
      views.results();
      prepareAttempt(); // handed in: the form is ready for the next attempt
      navigate('results');
    });

    const views = CR.views.create(page, { check: onCheck, submit: onAssessment, input: onAssessmentInput });
    const decisions = CR.decisions.create(page);
    const hash = CR.store.hash(win, store.views);
    const frame = CR.frame.create(page, views, decisions);
    const parts = CR.parts.create(page, frame, views, start);
    /** @type {string | null} */
    let lost = null; // the view whose part could not be downloaded, which "try again" asks for again
    tracker.onSaveProblem(safe('save problem', (p) => {
      store.saveProblem(p);
      frame.notice();
    }));
    /** @type {CourseRuntime.TrackerState} */
    const snap = tracker.start() || {};
    if (store.startedIn(snap.mode)) {
      win.setTimeout(safe('notice', () => {
        store.faded();
        frame.notice();
      }), NOTICE_FADE_MS);
    }

    // -- Views and navigation.
    /**
     * Show a view: bookmark it, mark its lesson seen, render it everywhere. A view whose part has not arrived yet
     * shows once it has; if it cannot be downloaded, the learner stays where they are (the start page, at launch).
     * @param {string} requested @param {boolean} [initial] the first view, which keeps the focus where it is
     */
    function go(requested, initial) {
      if (ui.exited) return;
      if (!parts.ready(requested, () => go(requested, initial), () => stay(requested, initial))) return;
      const view = store.showView(requested);
      hash.replace(view);
      tracker.visit(view);
      if (view.startsWith('lesson/')) tracker.lessonSeen(view.slice(7));
      frame.show(initial);
    }

    /** @param {string} requested a view whose part could not be downloaded @param {boolean} [initial] */
    function stay(requested, initial) {
      lost = requested;
      if (ui.view) hash.replace(ui.view);
      else go('start', initial);
    }

    /** @param {string} view go there now, with a history entry (so Back works) */
    function navigate(view) {
      hash.push(view);
      go(view);
    }

    const onHash = safe('hashchange', () => {
      const view = hash.named();
      if (view && view !== ui.view) go(view);
    });

    const onClick = safe('click', /** @param {Event} event */ (event) => {
      const t = event.target && /** @type {Element} */ (event.target).closest ? /** @type {Element} */ (event.target) : null;
      if (!t) return;
      /** The element clicked, or its nearest ancestor, that matches. @param {string} selector */
      const near = (selector) => /** @type {HTMLElement | null} */ (t.closest(selector));
      const lang = near('button[data-switch-locale]');
      if (lang) return parts.switchTo(/** @type {string} */ (lang.dataset.switchLocale));
      const choice = near('button[data-choose]');
      if (choice) return decisions.choose(choice);
      const action = near('[data-action]');
      const name = action && action.dataset.action;
      if (name === 'restart-decision') return decisions.restart(/** @type {Element} */ (action));
      if (['retake', 'print', 'exit', 'retry'].includes(/** @type {string} */ (name))) event.preventDefault();
      if (name === 'retake') {
        prepareAttempt();
        beginAttempt();
        return navigate('assessment');
      }
      if (name === 'print') return win.print();
      if (name === 'retry') return lost && navigate(lost);
      if (name === 'exit') return exitCourse();
      const link = near('a[data-nav]');
      // A link to the view already shown: refocus its heading as navigation would.
      if (link && link.dataset.nav === ui.view) {

        event.preventDefault();
        go(/** @type {string} */ (ui.view));
      }
    });

    /**
     * The learner's Exit: save and close while the page is alive. Saved, the views give way to a closing panel
     * (in SCORM 2004 the LMS closes the SCO itself); not confirmed, the notice says so and the course goes on.
     */
    function exitCourse() {
      if (ui.exited) return;
      if (!tracker.exit()) {
        store.exitFailed();
        return frame.notice();
      }
      store.exit();
      frame.notice();
      frame.exited();
      const panel = one(store.shown(), '[data-slot="exited"] h1');
      if (panel) panel.focus({ preventScroll: true });
    }

    /** The first language has arrived and shows: restore the learner's answers into it and show where they were. */
    function start() {
      doc.addEventListener('click', onClick);
      win.addEventListener('hashchange', onHash);
      frame.restore(snap);
      go(hash.named() || resumedAt(snap, store.views()) || 'start', true);
    }

    parts.open(snap);
    return { tracker, ui, go, switchLocale: parts.switchTo, config };
  };

  /** Boot once the page is parsed; if wiring fails, at least show the start page. @param {CourseRuntime.Win} win */
  const autoBoot = (win) => {
    const run = () => {
      try {
        /** @type {any} */ (app).page = boot(win);
      } catch (e) {
        CR.formats.warner(win.console)('the page could not be wired', e);
        try {
          const own = /** @type {HTMLElement | null} */ (win.document.querySelector('.locale[data-locale]'));
          if (own) showStart(own);
        } catch { /* nothing more to do */ }
      }
    };
    // A cmi5 launch opens its session first (CourseRuntime.launch.prepare); the page shows meanwhile.
    const wired = () => {
      const session = CR.launch.prepare(win);
      session ? session.then(run) : run();
    };
    if (win.document.readyState === 'loading') win.document.addEventListener('DOMContentLoaded', wired);
    else wired();
  };

  // The pure helpers stay CourseRuntime.app's too, as before the page wiring was split.
  const app = Object.assign({ boot, viewFromHash, resumeTarget, menuEntry }, CR.logic);
  CR.app = app;
  if (typeof module !== 'undefined' && module.exports) module.exports = app;
  else if (root.document && /** @type {Partial<Document>} */ (root.document).querySelector) autoBoot(root);
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
