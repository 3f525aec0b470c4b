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
  const walk = (d, path) => {
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
  };

  /** @param {CourseRuntime.Page} page */
  const create = (page) => {
    const { config, store, tracker } = page;
    const scenarios = config.decisions || {};
    /** @type {Record<string, number[]>} */
    const paths = {};
    /** @param {Element} el @param {string} name @param {string} id */
    const find = (el, name, id) => /** @type {HTMLElement | null} */ (el.querySelector(attr(name, id)));

    /**
     * Show one scenario's path in one language: its steps in the order taken, each with the consequence of the
     * choice made there, then the step the learner stands at or the ending reached.
     * @param {CourseRuntime.Locale} loc @param {string} sid
     */
    const render = (loc, sid) => {
      const sec = one(loc, attr('data-decision', sid));
      if (!sec) return;
      const d = scenarios[sid];
      const w = walk(d, paths[sid]);
      // Everything hidden but the lists of choices (and any list in the text, which never hides).
      for (const el of all(sec, '[data-step],[data-ending],[data-consequence],.decision-restart,ul')) el.hidden = el.localName != 'ul';
      w.steps.concat(w.at).forEach((id, k) => {
        const el = find(sec, 'data-step', id) || find(sec, 'data-ending', id);
        if (!el) return;
        el.hidden = false;
        /** @type {HTMLElement} */ (el.parentNode).append(el); // the order taken, whatever the order of the markup
        if (k === w.steps.length) return; // where the learner stands: its choices show
        const cid = d.steps[id][w.taken[k]][0];
        /** @type {HTMLElement} */ (el.querySelector('ul')).hidden = true;
        /** @type {HTMLElement} */ (sec.querySelector('.decision-restart')).hidden = false;
        const chosen = find(el, 'data-consequence', cid);
        if (!chosen) return;
        chosen.hidden = false;
        // The consequence names the choice made after its label, in the words of the choice's own button: the
        // markup holds each choice's text once.
        const said = chosen.querySelector('.decision-chosen');
        const button = find(el, 'data-choose', cid);
        if (said && button) said.replaceChildren(/** @type {Node} the label */ (said.firstChild), ' ' + button.textContent);
      });
    };

    /** Every scenario in one language (one that arrives mid-course, or all at a restore). @param {CourseRuntime.Locale} loc */
    const show = (loc) => {
      for (const sid in scenarios) render(loc, sid);
    };

    /** @param {CourseRuntime.TrackerState} snap the paths the tracker restored */
    const restore = (snap) => {
      for (const sid in scenarios) paths[sid] = walk(scenarios[sid], (snap.decisions || {})[sid]).taken;
      store.each(show);
    };

    /**
     * Keep a scenario's new path, show it everywhere and focus what it led to in the language shown.
     * @param {string} sid @param {number[]} path @param {string} selector @param {{id: string, choice: string, description: string} | null} made
     */
    const follow = (sid, path, selector, made) => {
      paths[sid] = path;
      tracker.decide(sid, path, made);
      store.each((loc) => render(loc, sid));
      const el = /** @type {HTMLElement | null} */ (one(store.shown(), attr('data-decision', sid) + ' ' + selector));
      if (!el) return;
      el.tabIndex = -1; // focusable by the script only (the markup does not say so on every step and consequence)
      el.focus();
    };

    /**
     * The learner chose at the step they stand at: its consequence gets the focus. A button of a step passed (none
     * shows) does nothing.
     * @param {Element} button
     */
    const choose = (button) => {
      const sec = /** @type {HTMLElement} */ (button.closest('[data-decision]'));
      const stepEl = /** @type {HTMLElement} */ (button.closest('[data-step]'));
      const sid = /** @type {string} */ (sec.dataset.decision);
      const step = /** @type {string} */ (stepEl.dataset.step);
      const cid = /** @type {string} */ (/** @type {HTMLElement} */ (button).dataset.choose);
      const d = scenarios[sid];
      const w = d && walk(d, paths[sid]);
      const i = w && w.at === step ? d.steps[step].findIndex((c) => c[0] === cid) : -1;
      if (i < 0) return;
      const text = (/** @type {Element | null} */ el) => (el ? el.textContent : '');
      follow(sid, w.taken.concat(i), attr('data-step', step) + ' ' + attr('data-consequence', cid), {
        id: sid + '.' + step, choice: cid, description: text(sec.querySelector('.decision-title')) + ' – ' + text(stepEl.querySelector('h3')),
      });
    };

    /** Back to the start of a scenario, to try another path. @param {Element} button */
    const restart = (button) => {
      const sid = /** @type {string} */ (/** @type {HTMLElement} */ (button.closest('[data-decision]')).dataset.decision);
      if (scenarios[sid]) follow(sid, [], attr('data-step', scenarios[sid].start) + ' h3', null);
    };

    return { show, restore, choose, restart };
  };

  const decisions = { create, walk };
  CR.decisions = decisions;
  if (typeof module !== 'undefined' && module.exports) module.exports = decisions;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
