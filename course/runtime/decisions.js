// @ts-check
/*
 * CourseRuntime.decisions: the lessons' decision scenarios. The markup holds every step, consequence and ending,
 * hidden (course/templates/macros.html); this shows the learner's path in the order taken, in every loaded
 * language, moves the focus to the consequence of each choice, and hands each path to the tracker, which keeps it
 * for resume and reports the choices. A path is the index of each choice taken from the first step on; one that no
 * longer fits the course is cut where it stops fitting.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  const { all, attr, one } = CR.views;

  /**
   * Where a path leads: the steps it passes (with the choice taken at each) and the step or ending it stands at.
   * @param {CourseRuntime.Decision} d @param {number[] | undefined} path
   */
  function walk(d, path) {
    /** @type {string[]} */
    const steps = [];
    /** @type {number[]} */
    const taken = [];
    let at = d.start;
    for (const i of path || []) {
      const choice = (d.steps[at] || [])[i];
      if (!choice) break;
      steps.push(at);
      taken.push(i);
      at = choice[1];
    }
    return { steps, taken, at };
  }

  /** @param {CourseRuntime.Page} page */
  function create(page) {
    const { config, store, tracker } = page;
    const scenarios = config.decisions || {};
    /** @type {Record<string, number[]>} */
    const paths = {};

    /** @param {CourseRuntime.Locale} loc @param {string} sid */
    const section = (loc, sid) => one(loc, 'section.decision' + attr('data-decision', sid));

    /**
     * Show one scenario's path in one language: its steps in the order taken, each with the consequence of the
     * choice made there, then the step the learner stands at or the ending reached.
     * @param {CourseRuntime.Locale} loc @param {string} sid
     */
    function render(loc, sid) {
      const sec = section(loc, sid);
      const box = sec && sec.querySelector('.decision-path');
      if (!sec || !box) return;
      const d = scenarios[sid];
      const w = walk(d, paths[sid]);
      for (const el of all(sec, '[data-step], [data-ending], [data-consequence]')) el.hidden = true;
      for (const el of all(sec, '.decision-choices')) el.hidden = false;
      w.steps.forEach((step, k) => {
        const el = /** @type {HTMLElement} */ (sec.querySelector('[data-step]' + attr('data-step', step)));
        const chosen = el.querySelector('[data-consequence]' + attr('data-consequence', d.steps[step][w.taken[k]][0]));
        /** @type {HTMLElement} */ (el.querySelector('.decision-choices')).hidden = true;
        if (chosen) /** @type {HTMLElement} */ (chosen).hidden = false;
      });
      for (const id of w.steps.concat(w.at)) {
        const el = /** @type {HTMLElement | null} */ (sec.querySelector(attr('data-step', id) + ',' + attr('data-ending', id)));
        if (!el) continue;
        el.hidden = false;
        box.appendChild(el); // the order taken, whatever the order of the markup
      }
      const again = /** @type {HTMLElement | null} */ (sec.querySelector('.decision-restart'));
      if (again) again.hidden = !w.taken.length;
    }

    /** Every scenario in one language (one that arrives mid-course, or all at a restore). @param {CourseRuntime.Locale} loc */
    function show(loc) {
      for (const sid of Object.keys(scenarios)) render(loc, sid);
    }

    /** @param {string} sid */
    function everywhere(sid) {
      store.each((loc) => render(loc, sid));
    }

    /** @param {CourseRuntime.TrackerState} snap the paths the tracker restored */
    function restore(snap) {
      for (const sid of Object.keys(scenarios)) paths[sid] = walk(scenarios[sid], (snap.decisions || {})[sid]).taken;
      store.each(show);
    }

    /**
     * The learner chose at the step they stand at: keep and report it, show where it led, focus its consequence.
     * A button of a step already passed (none shows) or of another path does nothing.
     * @param {Element} button
     */
    function choose(button) {
      const sec = button.closest('section.decision[data-decision]');
      const stepEl = button.closest('[data-step]');
      if (!sec || !stepEl) return;
      const sid = /** @type {string} */ (sec.getAttribute('data-decision'));
      const d = scenarios[sid];
      const step = stepEl.getAttribute('data-step');
      if (!d || walk(d, paths[sid]).at !== step) return;
      const i = d.steps[step].findIndex((c) => c[0] === button.getAttribute('data-choose'));
      if (i < 0) return;
      paths[sid] = walk(d, paths[sid]).taken.concat(i);
      const title = sec.querySelector('.decision-title');
      const prompt = stepEl.querySelector('.decision-prompt');
      tracker.decide(sid, paths[sid], {
        id: sid + '.' + step, choice: d.steps[step][i][0],
        description: (title ? title.textContent + ' – ' : '') + (prompt ? prompt.textContent : ''),
      });
      everywhere(sid);
      focus(sid, '[data-step]' + attr('data-step', step) + ' [data-consequence]' + attr('data-consequence', d.steps[step][i][0]));
    }

    /** Back to the start of a scenario, to try another path. @param {Element} button */
    function restart(button) {
      const sec = button.closest('section.decision[data-decision]');
      const sid = sec && sec.getAttribute('data-decision');
      if (!sid || !scenarios[sid]) return;
      paths[sid] = [];
      tracker.decide(sid, [], null);
      everywhere(sid);
      focus(sid, '[data-step]' + attr('data-step', scenarios[sid].start) + ' .decision-prompt');
    }

    /** @param {string} sid @param {string} selector within the scenario, in the language shown */
    function focus(sid, selector) {
      const sec = section(store.shown(), sid);
      const el = /** @type {HTMLElement | null} */ (sec && sec.querySelector(selector));
      if (el) el.focus();
    }

    return { show, restore, choose, restart };
  }

  const decisions = { create, walk };
  CR.decisions = decisions;
  if (typeof module !== 'undefined' && module.exports) module.exports = decisions;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
