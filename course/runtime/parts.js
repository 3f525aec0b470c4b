// @ts-check
/*
 * CourseRuntime.parts: when each language's parts of the page arrive (CourseRuntime.locales loads them), and what
 * the page does with them. A language's frame (header, menu, start view) is needed to show it: the learner's at
 * launch (the LMS's, else the browser's), else the launch page's own, which the page holds. Its other views
 * (lessons, checks, assessment, results, summary) are needed for any view but the start page: they are asked for
 * when one is, and fetched in the background once the start page shows, so that a click finds them in place. A
 * view asked for before they are in place shows as soon as they are; if they cannot be downloaded, the learner
 * stays where they are and the notice says so, with a button to try again. A switch of language brings both parts
 * of the new one when the learner may need its views. Whatever arrives is wired and brought to where the learner
 * is; the last language asked for wins.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  const { attr, all, one, showStart } = CR.views;

  const IDLE_TIMEOUT_MS = 2000; // the background fetch starts by then even on a page that is never idle

  /**
   * Every view of the course, whatever has arrived of it (locale.html holds the start view, views.html the others).
   * @param {CourseRuntime.Config} config
   */
  const viewsOf = (config) => {
    const lessons = config.lessons.flatMap((id) => ['lesson/' + id, 'check/' + id]);
    return ['start', ...lessons, 'assessment', 'results', 'summary'];
  };

  /**
   * The parts of one page.
   * @param {CourseRuntime.Page} page
   * @param {ReturnType<typeof CR.frame.create>} frame
   * @param {ReturnType<typeof CR.views.create>} views
   * @param {() => void} start what the page does once the first language has arrived and shows
   */
  const create = (page, frame, views, start) => {
    const { win, doc, config, tags, store, tracker, safe, warn, readJson } = page;
    const ui = store.state;
    const every = viewsOf(config);
    /** @type {Map<string, Promise<CourseRuntime.Locale>>} */
    const arriving = new Map(); // tag -> the promise of its frame, adopted; a failed load may be tried again
    /** @type {Map<string, Promise<CourseRuntime.Locale>>} */
    const completing = new Map(); // tag -> the promise of its other views, in place; the same
    /** @type {Set<string>} */
    const whole = new Set(); // the languages whose other views are in place
    /** @type {CourseRuntime.Locale | null} */
    let forms = null; // the language whose forms hold the learner's answers: the one shown, once it has them
    /** @type {string | null} */
    let asked = null; // the view asked for last while its part was on its way

    /** @param {string} tag */
    const arrive = (tag) => {
      if (!arriving.has(tag)) {
        arriving.set(tag, CR.locales.load(doc, tag).then(adopt, (e) => {
          arriving.delete(tag);
          throw e;
        }));
      }
      return /** @type {Promise<CourseRuntime.Locale>} */ (arriving.get(tag));
    };

    /**
     * Take a language's frame in: wire it and, mid-course, bring it to where the learner is.
     * @param {HTMLElement} el
     */
    const adopt = (el) => {
      /** @type {CourseRuntime.Locale} */
      const loc = {
        tag: /** @type {string} */ (el.dataset.locale), el, strings: readJson(el.querySelector('script.locale-strings')) || {},
      };
      store.adopt(loc, every);
      views.prepare(loc);
      const box = /** @type {HTMLDetailsElement | null} */ (el.querySelector('details.menu-toggle[data-wide]'));
      if (box) frame.menuBox(box);
      if (ui.view) frame.catchUp(loc, whole.size > 0);
      return loc;
    };

    /**
     * A language with its other views in place (its frame first): wired, its forms holding the learner's answers
     * (restored into the first language to have them, copied from those into any later one), caught up.
     * @param {string} tag
     */
    const complete = (tag) => {
      if (!completing.has(tag)) {
        const done = arrive(tag).then((loc) => CR.locales.loadViews(doc, tag).then(({ part, keys }) => {
          if (!whole.size) merge(keys);
          views.prepare(/** @type {CourseRuntime.Locale} */ ({ tag, el: /** @type {any} */ (part), strings: loc.strings }));
          CR.locales.place(loc.el, part);
          whole.add(tag);
          if (forms) views.copy(forms, loc);
          else frame.fill();
          if (!forms || loc === store.shown()) forms = loc;
          frame.catchUp(loc, true);
          return loc;
        }));
        completing.set(tag, done.catch((e) => {
          completing.delete(tag);
          throw e;
        }));
      }
      return /** @type {Promise<CourseRuntime.Locale>} */ (completing.get(tag));
    };

    /**
     * What the views need of the config (answer keys, what each question tests, the scenarios' graphs), into it,
     * where the views and the decisions read it: the same in every language, taken from the first to arrive.
     * @param {CourseRuntime.ViewKeys} keys
     */
    const merge = (keys) => {
      for (const group of /** @type {('questions' | 'decisions')[]} */ (['questions', 'decisions'])) {
        const into = /** @type {Record<string, object>} */ (config[group] || {});
        const from = /** @type {Record<string, object>} */ (keys[group] || {});
        for (const id in into) Object.assign(into[id], from[id]);
      }
    };

    /**
     * Whether a view can show now in the language shown. If its part is still to come, it is asked for: `then`
     * runs once it is in place, unless another view was asked for meanwhile; if it cannot be downloaded, the notice
     * says so and `otherwise` runs (the learner stays where they are).
     * @param {string} view @param {() => void} then @param {() => void} otherwise
     */
    const ready = (view, then, otherwise) => {
      const tag = store.shown().tag;
      if (view === 'start' || !every.includes(view) || whole.has(tag)) return true;
      asked = view;
      complete(tag).then(
        safe('views', () => {
          if (asked !== view) return;
          asked = null;
          frame.partLost(null);
          then();
        }),
        (e) => {
          warn('the views of ' + tag + ' could not be loaded', e);
          if (asked !== view) return;
          asked = null;
          frame.partLost(view);
          safe('views lost', otherwise)();
        },
      );
      return false;
    };

    /**
     * Once the page has loaded (the start page shows by then, and the page's load event does not wait for this):
     * the shown language's other views, fetched when the browser is idle.
     */
    const prefetch = () => {
      const fetch = () => {
        const tag = store.shown().tag;
        if (!whole.has(tag)) complete(tag).catch((e) => warn('the views of ' + tag + ' could not be fetched ahead', e));
      };
      const idle = () => {
        if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(fetch, { timeout: IDLE_TIMEOUT_MS });
        else win.setTimeout(fetch, 0);
      };
      if (doc.readyState === 'complete') idle();
      else win.addEventListener('load', idle, { once: true });
    };

    /**
     * Switch language, loading it first if it is new (its buttons are busy meanwhile): its frame, and its other
     * views too unless the learner is on the start page before any have arrived. If it cannot be loaded, the page
     * stays as it is and the notice says so until a switch succeeds.
     * @param {string} tag
     */
    const switchTo = (tag) => {
      if (!tags.includes(tag)) return;
      store.want(tag);
      const both = ui.view !== 'start' || whole.size > 0;
      const buttons = all(doc, 'button' + attr('data-switch-locale', tag));
      if (!store.get(tag) || (both && !whole.has(tag))) for (const b of buttons) b.setAttribute('aria-busy', 'true');
      /** @param {boolean} failed */
      const settled = (failed) => {
        for (const b of buttons) b.removeAttribute('aria-busy');
        store.languageSettled(failed);
        frame.notice();
      };
      (both ? complete(tag) : arrive(tag)).then(
        safe('language', () => {
          settled(false);
          if (ui.wanted === tag) showSwitched(tag);
        }),
        (e) => {
          warn('the language ' + tag + ' could not be loaded', e);
          settled(true);
        },
      );
    };

    /** Show a loaded language: form controls follow, everything else is already rendered in it. @param {string} tag */
    const showSwitched = (tag) => {
      if (tag === ui.locale) return;
      const from = store.shown();
      const to = /** @type {CourseRuntime.Locale} */ (store.get(tag));
      views.copy(from, to);
      if (whole.has(tag)) forms = to;
      const menuFrom = /** @type {HTMLDetailsElement | null} */ (one(from, 'details.menu-toggle'));
      const menuTo = /** @type {HTMLDetailsElement | null} */ (one(to, 'details.menu-toggle'));
      if (menuFrom && menuTo) menuTo.open = menuFrom.open;
      const y = win.scrollY || 0;
      frame.locale(tag);
      tracker.setLocale(tag);
      frame.title();
      const pressed = one(to, 'button' + attr('data-switch-locale', tag));
      if (pressed) pressed.focus({ preventScroll: true });
      try { win.scrollTo(0, y); } catch { /* fine */ }
    };

    /**
     * Open the page in the learner's language: the one kept for them, else the best match, else the launch page's.
     * @param {CourseRuntime.TrackerState} snap what the tracker restored
     */
    const open = (snap) => {
      const chosen = tags.includes(/** @type {string} */ (snap.locale)) ? snap.locale
        : CR.language.choose({ browser: win.navigator && win.navigator.languages, fallback: config.sourceLocale, available: tags });
      const own = tags[0]; // the language the launch page holds: always there
      store.want(tags.includes(/** @type {string} */ (chosen)) ? /** @type {string} */ (chosen) : own);
      arrive(/** @type {string} */ (ui.wanted))
        .catch((e) => {
          if (ui.wanted === own) throw e;
          warn('the language ' + ui.wanted + ' could not be loaded; showing ' + own, e);
          store.want(own);
          return arrive(own);
        })
        .then((loc) => {
          try {
            frame.locale(loc.tag);
            start();
            prefetch();
          } catch (e) {
            warn('the page could not be wired', e);
            showStart(loc.el);
          }
        })
        .catch((e) => warn('no language could be loaded', e));
    };

    return { open, switchTo, ready };
  };

  const parts = { create, viewsOf };
  CR.parts = parts;
  if (typeof module !== 'undefined' && module.exports) module.exports = parts;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
