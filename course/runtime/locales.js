// @ts-check
/*
 * CourseRuntime.locales: each language's parts of the page. A language ships in two: its frame (its root with the
 * strings, header, menu, footer and the start view) and the rest of its views (lessons, checks, assessment,
 * results, summary). The launch page holds the package's first language's frame; every other frame is a script of
 * its own, locales/<tag>.js, and every language's other views are views/<tag>.js (written by the build), each
 * handing its HTML over to CourseRuntime.locales.add or addViews. What the views need of the config beyond what the
 * launch needs (the answer keys, what each question tests, the scenarios' graphs) is the same in every language, so
 * it comes once, in views/course.js (addKeys), with the first views. A classic script is the one way to load them
 * that works from file:// and under the page's Content-Security-Policy (no fetch, no inline script). parts.js
 * decides when a part is needed.
 *
 * A tag can come from anywhere (the LMS preference, suspend data, a button), so only a script the build listed in
 * the page's config (`scripts` for the frames, `views` for the rest, `keys` for views/course.js: tag -> Subresource
 * Integrity hash of its bytes) is ever loaded, and over http(s) the browser runs it only when its bytes still
 * match. From file:// Chromium refuses every integrity check (it needs CORS, which file:// has not), so there the
 * list alone holds: no other path, but no hash either.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  /** @type {Record<string, Record<string, unknown>>} part -> tag -> what its script handed over, until a load takes it */
  const handedOver = { frame: Object.create(null), views: Object.create(null), keys: Object.create(null) };
  /** Each part's script and its list in the config. */
  const PARTS = {
    frame: { dir: 'locales/', list: 'scripts', what: 'language' },
    views: { dir: 'views/', list: 'views', what: 'views' },
    keys: { dir: 'views/', list: 'keys', what: 'keys' },
  };
  const KEYS = 'course'; // views/course.js
  /** @type {Promise<CourseRuntime.ViewKeys> | null} */
  let keys = null; // once asked for; a failed load may be tried again

  /**
   * What a part's script calls to hand it over: locales/<tag>.js the language's frame (add), views/<tag>.js its
   * other views (addViews), views/course.js what the views need of the config (addKeys).
   * @param {'frame' | 'views' | 'keys'} part
   * @returns {(tag: string, value: unknown) => void}
   */
  const handing = (part) => (tag, value) => {
    handedOver[part][tag] = value;
  };
  const add = handing('frame');
  const addViews = handing('views');
  const addKeys = handing('keys');


  /**
   * The integrity hash the build listed for a script, or null when it listed none.
   * @param {Document} doc @param {string} list the config's list ("scripts" or "views") @param {string} tag
   */
  const integrityOf = (doc, list, tag) => {
    try {
      const config = doc.getElementById('course-config');
      const scripts = JSON.parse((config && config.textContent) || 'null')[list];
      const hash = scripts[tag]; // what Object.prototype holds (`__proto__`, `constructor`) is never a string
      return typeof hash === 'string' && /^sha384-[A-Za-z0-9+/]{64}$/.test(hash) ? hash : null;
    } catch {
      return null;
    }
  };

  /**
   * Run a listed script for one part. Resolves with what `take` makes of what it handed over.
   * @template T
   * @param {Document} doc @param {'frame' | 'views' | 'keys'} part @param {string} tag
   * @param {(value: unknown, src: string) => T} take throws when the value is not that part
   * @returns {Promise<T>}
   */
  const run = (doc, part, tag, take) => {
    const { dir, list, what } = PARTS[part];
    const integrity = integrityOf(doc, list, tag);
    if (!integrity) return Promise.reject(new Error('no ' + what + ' script is listed for ' + JSON.stringify(tag)));
    const src = dir + tag + '.js';
    const given = handedOver[part];
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.onload = () => {
        const value = given[tag];
        delete given[tag];
        script.remove();
        try {
          resolve(take(value, src));
        } catch (e) {
          reject(e);
        }
      };
      script.onerror = () => {
        script.remove();
        reject(new Error(src + ' could not be loaded or failed its integrity check'));
      };
      if (doc.location.protocol !== 'file:') {
        script.integrity = integrity;
        script.crossOrigin = 'anonymous'; // same origin: cookies go as before; a redirect to a CORS-enabled CDN works
      }
      delete given[tag]; // only what this script hands over counts, never what another one left for this tag
      script.src = src;
      doc.head.appendChild(script);
    });
  };

  /**
   * HTML handed over, parsed in a template: nothing in it loads or runs before it is in place.
   * @param {Document} doc @param {unknown} html
   */
  const parsed = (doc, html) => {
    const holder = doc.createElement('template');
    holder.innerHTML = typeof html === 'string' ? html : '';
    return holder.content;
  };

  /**
   * A language's frame: the one the page holds, else loaded from its script and put, hidden, at the end of the body.
   * @param {Document} doc
   * @param {string} tag
   * @returns {Promise<HTMLElement>} the language's root element (.locale[data-locale])
   */
  const load = (doc, tag) => {
    const inPage = Array.from(doc.querySelectorAll(/** @type {'div'} */ ('.locale[data-locale]'))).find((el) => el.getAttribute('data-locale') === tag);
    if (inPage) return Promise.resolve(inPage);
    return run(doc, 'frame', tag, (html, src) => {
      const el = /** @type {HTMLElement | null} */ (parsed(doc, html).querySelector('.locale[data-locale]'));
      if (!el || el.getAttribute('data-locale') !== tag) throw new Error(src + ' handed over no page for it');
      doc.body.appendChild(el);
      return el;
    });
  };

  /**
   * A language's other views, from views/<tag>.js: its sections, not yet in the page (the caller wires them, then
   * puts them in place with `place`), and what they need of the config.
   * @param {Document} doc
   * @param {string} tag
   * @returns {Promise<{part: DocumentFragment, keys: CourseRuntime.ViewKeys}>}
   */
  const loadViews = (doc, tag) => {
    const part = run(doc, 'views', tag, (html, src) => {
      const content = parsed(doc, html);
      const sections = Array.from(content.children);
      if (!sections.length || sections.some((el) => !el.matches('section.view[data-view]'))) {
        throw new Error(src + ' handed over no views');
      }
      return content;
    });
    if (!keys && integrityOf(doc, 'views', tag)) { // with the first views listed, not for a tag that names none
      keys = run(doc, 'keys', KEYS, (value, src) => {
        if (!value || typeof value !== 'object') throw new Error(src + ' handed over nothing');
        return /** @type {CourseRuntime.ViewKeys} */ (value);
      });
      keys.catch(() => { keys = null; });
    }
    const shared = /** @type {Promise<CourseRuntime.ViewKeys>} */ (keys); // null only when `part` is refused
    return Promise.all([part, shared]).then(([content, value]) => ({ part: content, keys: value }));
  };

  /**
   * Put a language's other views into its main, after its start view, where the launch page once held them.
   * @param {HTMLElement} el the language's root @param {DocumentFragment} views
   */
  const place = (el, views) => {
    const start = el.querySelector('section.view[data-view="start"]');
    if (start && start.parentNode) start.parentNode.insertBefore(views, start.nextSibling);
  };

  const locales = { load, loadViews, place, add, addViews, addKeys };
  CR.locales = locales;
  if (typeof module !== 'undefined' && module.exports) module.exports = locales;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
