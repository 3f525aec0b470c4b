// @ts-check
/*
 * CourseRuntime.frame: what surrounds the views, in every loaded language: the notice, the review/browse line,
 * progress, the menu (and its box on narrow screens), "continue", the pass mark, the title, which view shows, the
 * closing panel after Exit, and the language shown. Every render goes to every loaded language, so a switch only
 * copies the form controls and swaps the root, and a language (or a language's other views) that arrives
 * mid-course catches up with the others (CourseRuntime.parts loads and adopts them). A renderer reads the page
 * state (CourseRuntime.store) and the tracker's, and calls no tracker method.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  const { attr, slot, all, one, section, everywhere } = CR.views;
  const { say, oneLine } = CR.logic;
  const { menuEntry, resumeTarget } = CR.store;

  /**
   * The frame of one page, around its question views.
   * @param {CourseRuntime.Page} page
   * @param {ReturnType<typeof CR.views.create>} views
   * @param {ReturnType<typeof CR.decisions.create>} decisions the decision scenarios' renderer
   */
  const create = (page, views, decisions) => {
    const { win, doc, config, store, state, safe, fmt } = page;
    const ui = store.state;
    const each = store.each;
    /** @param {string} selector */
    const find = (selector) => everywhere(store, selector);
    /** @type {MediaQueryList | null} */
    let wide = null; // the stylesheet's breakpoint for the side menu, as a media query list
    /** @type {{snap: CourseRuntime.TrackerState, drafts: Object<string, unknown> | null} | null} */
    let restored = null; // what the tracker restored, for the forms, which come with a language's other views
    /** @type {string | null} */
    let lost = null; // a view whose part could not be downloaded: the notice says so, with a button to try again

    /** The notice, and under it the button to try again while a view could not be downloaded. */
    const notice = () => {
      const key = lost ? 'viewsFailed' : store.notice();
      each((loc) => {
        const el = one(loc, slot('notice'));
        for (const retry of all(loc.el, slot('retry'))) retry.hidden = !lost;
        if (!el) return;
        el.textContent = key ? say(loc, key) : '';
        if (key) el.dataset.kind = key;
        else delete el.dataset.kind;
      });
    };

    /**
     * The part of the course a view is in could not be downloaded (the learner stays where they are), or it has
     * arrived (null): said calmly until it has. @param {string | null} view
     */
    const partLost = (view) => {
      lost = view;
      notice();
    };

    /** In review or browse mode the learner is told, calmly and for the whole visit, that nothing is recorded. */
    const mode = () => {
      const { lmsMode } = state();
      const key = lmsMode === 'review' ? 'modeReview' : lmsMode === 'browse' ? 'modeBrowse' : null;
      each((loc) => {
        const el = one(loc, slot('mode'));
        if (!el) return;
        el.textContent = key ? say(loc, key) : '';
        el.hidden = !key;
      });
    };

    const progress = () => {
      const seen = state().seen || [];
      const total = config.lessons.length || 1;
      for (const li of find('[data-menu-lesson]')) {
        const isSeen = seen.includes(/** @type {string} */ (li.dataset.menuLesson));
        for (const s of all(li, '.menu-state[data-state]')) s.hidden = s.dataset.state !== (isSeen ? 'seen' : 'new');
      }
      for (const bar of find('.progress-bar')) {
        bar.setAttribute('aria-valuenow', String(seen.length));
        bar.style.setProperty('--progress', String(Math.min(1, seen.length / total)));
      }
    };

    const menu = () => {
      const entry = ui.view ? menuEntry(ui.view) : null;
      for (const a of find('.menu a[data-nav]')) {
        if (entry && a.dataset.nav === entry.nav) a.setAttribute('aria-current', entry.current);
        else a.removeAttribute('aria-current');
      }
    };

    const resume = () => {
      const target = ui.resume;
      for (const a of find('[data-resume]')) {
        a.hidden = !target;
        if (target) {
          a.setAttribute('href', '#' + target);
          a.dataset.nav = target;
        }
      }
      for (const el of find('[data-resume-hide]')) el.hidden = !!target;
    };

    /** The pages show the package's passing score, formatted at build time; an LMS mastery score replaces it. */
    const passing = () => {
      const pct = (state().passingScore || 0) * 100;
      // Left alone when it is the same: the first number formatted costs the browser its Intl start-up (30-60 ms).
      if (Math.abs(pct - Number(config.passingScore)) < 1e-9) return;
      each((loc) => { for (const el of all(loc.el, slot('passing'))) el.textContent = fmt.percent(loc.tag, pct); });
    };

    /** The document's title: the view's heading and the course, in the language shown. */
    const title = () => {
      const loc = store.shown();
      const brand = one(loc, '.brand');
      const course = oneLine(brand && brand.textContent);
      const view = ui.view && section(loc, ui.view);
      const h1 = view && view.querySelector('h1');
      const heading = oneLine(h1 && h1.textContent);
      doc.title = !heading || heading === course ? course || doc.title : say(loc, 'pageTitle', { page: heading, course });
    };

    /**
     * Show a loaded language's part of the page (the page's own too, if not adopted) and press its buttons.
     * @param {string} tag
     */
    const locale = (tag) => {
      store.showLocale(tag);
      const loc = store.shown();
      for (const el of all(doc, '.locale[data-locale]')) el.hidden = el !== loc.el;
      doc.documentElement.lang = loc.el.lang || loc.tag;
      doc.documentElement.dir = loc.el.dir || 'ltr';
      for (const b of find('button[data-switch-locale]')) {
        b.setAttribute('aria-pressed', String(b.dataset.switchLocale === loc.tag));
      }
    };

    /** Show the view's section, in one language or all. @param {CourseRuntime.Locale} [only] */
    const view = (only) => {
      for (const s of only ? all(only.el, 'section.view[data-view]') : find('section.view[data-view]')) {
        s.hidden = s.dataset.view !== ui.view;
      }
    };

    /** Focus the heading of a view in the language shown, at the top of the page. @param {string} shown */
    const focus = (shown) => {
      const h1 = one(store.shown(), 'section.view' + attr('data-view', shown) + ' h1');
      if (h1) {
        if (!h1.hasAttribute('tabindex')) h1.tabIndex = -1;

        h1.focus({ preventScroll: true });
      }
      try { win.scrollTo(0, 0); } catch { /* not scrollable: fine */ }
    };

    /**
     * Show the view the tracker has just been told of: its section in every language, its results or summary,
     * progress, menu, "continue", title, and the focus on its heading (the first view keeps the focus where it is).
     * @param {boolean} [initial]
     */
    const show = (initial) => {
      const shown = /** @type {string} */ (ui.view);
      view();
      if (shown === 'results') views.results();
      if (shown === 'summary') views.summary();
      progress();
      menu();
      resume();
      title();
      if (!initial || shown !== 'start') focus(shown);
    };

    /**
     * What the tracker restored: the last results or the attempt in progress, where "continue" leads, the notice
     * and the pass mark; the forms get the answers when the first language's other views arrive (fill).
     * @param {CourseRuntime.TrackerState} snap
     */
    const restore = (snap) => {
      restored = { snap, drafts: store.resume(snap) };
      store.resumeAt(resumeTarget(snap, config.lessons, store.views()));
      notice();
      mode();
      passing();
      progress();
    };

    /**
     * What the tracker restored, in the first language to have its views (any later one copies the forms of one
     * that has): the checks with their verdicts, the scenarios' paths, the attempt in progress.
     */
    const fill = () => {
      if (!restored) return;
      views.answers(restored.snap.checks || {}, true);
      decisions.restore(restored.snap);
      views.attempt();
      if (restored.drafts) views.answers(restored.drafts);
    };

    /** Saved by the Exit control: the views give way to the closing panel. */
    const exited = () => {
      if (!ui.exited) return;
      // The views and the Exit control go, in every language; the closing panel shows.
      for (const el of find('section.view[data-view],[data-slot="exited"],[data-action="exit"]')) {
        el.hidden = !el.matches(slot('exited'));
      }
    };

    /**
     * The lesson menu is a column beside the content on wide screens and a closed box above it on narrow ones.
     * The width comes from the markup (data-wide, the stylesheet's breakpoint), so the two cannot drift apart
     * silently; on a narrow screen, following a menu link closes the box again.
     * @param {HTMLDetailsElement} box
     */
    const menuBox = (box) => {
      if (typeof win.matchMedia !== 'function') return;
      const first = !wide;
      const query = wide || (wide = win.matchMedia(/** @type {string} */ (box.dataset.wide)));

      if (first && typeof query.addEventListener === 'function') {
        query.addEventListener('change', safe('menu', () => {
          for (const m of /** @type {HTMLDetailsElement[]} */ (find('details.menu-toggle'))) m.open = query.matches;
        }));
      }
      box.open = query.matches;
      box.addEventListener('click', safe('menu-link', (event) => {
        const t = /** @type {Element} */ (event.target);
        if (!query.matches && t.closest && t.closest('a[data-nav]')) box.open = false;
      }));
    };

    /**
     * A language that arrives mid-course shows what the others show: the view, and once its other views are in
     * place (and the config has what they need), verdicts, attempt, results.
     * @param {CourseRuntime.Locale} loc @param {boolean} withViews
     */
    const catchUp = (loc, withViews) => {
      view(loc);
      if (withViews) {
        views.checks(state().checks || {});
        decisions.show(loc);
        views.order();
        views.missing();
        if (ui.results) views.results();
        views.summary();
      }
      notice();
      mode();
      passing();
      progress();
      menu();
      resume();
      exited();
    };

    return { notice, partLost, show, restore, fill, exited, catchUp, locale, title, menuBox };
  };

  const frame = { create };
  CR.frame = frame;
  if (typeof module !== 'undefined' && module.exports) module.exports = frame;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
