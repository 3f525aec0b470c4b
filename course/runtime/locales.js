// @ts-check
/*
 * CourseRuntime.locales: each language's part of the page. The launch page holds the package's first language;
 * every other one is a script of its own, locales/<tag>.js (written by the build), that hands its HTML over to
 * CourseRuntime.locales.add. A classic script is the one way to load it that works from file:// and under the
 * page's Content-Security-Policy (no fetch, no inline script). app.js decides when a language is needed.
 *
 * A tag can come from anywhere (the LMS preference, suspend data, a button), so only a script the build listed in
 * the page's config (`scripts`: tag -> Subresource Integrity hash of its bytes) is ever loaded, and over http(s)
 * the browser runs it only when its bytes still match. From file:// Chromium refuses every integrity check (it
 * needs CORS, which file:// has not), so there the list alone holds: no other path, but no hash either.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  /** @type {Record<string, unknown>} tag -> that language's part of the page, until load() takes it */
  const handedOver = Object.create(null);

  /**
   * Called by locales/<tag>.js: hands over the language's part of the page.
   * @param {string} tag @param {string} html
   */
  function add(tag, html) {
    handedOver[tag] = html;
  }

  /**
   * The integrity hash the build listed for a language's script, or null when it listed none.
   * @param {Document} doc @param {string} tag
   */
  function integrityOf(doc, tag) {
    try {
      const config = doc.getElementById('course-config');
      const scripts = JSON.parse((config && config.textContent) || 'null').scripts;
      const hash = Object.prototype.hasOwnProperty.call(scripts, tag) ? scripts[tag] : null;
      return typeof hash === 'string' && /^sha384-[A-Za-z0-9+/]{64}$/.test(hash) ? hash : null;
    } catch (e) {
      return null;
    }
  }

  /**
   * A language's part of the page: the one the page holds, else loaded from its script and put, hidden, at the
   * end of the body (parsed in a template first, so nothing in it loads or runs before it is in place).
   * @param {Document} doc
   * @param {string} tag
   * @returns {Promise<HTMLElement>} the language's root element (.locale[data-locale])
   */
  function load(doc, tag) {
    const inPage = Array.from(doc.querySelectorAll(/** @type {'div'} */ ('.locale[data-locale]'))).find((el) => el.getAttribute('data-locale') === tag);
    if (inPage) return Promise.resolve(inPage);
    const integrity = integrityOf(doc, tag);
    if (!integrity) return Promise.reject(new Error('no language script is listed for ' + JSON.stringify(tag)));
    const src = 'locales/' + tag + '.js';
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.onload = () => {
        const holder = doc.createElement('template');
        holder.innerHTML = typeof handedOver[tag] === 'string' ? handedOver[tag] : '';
        delete handedOver[tag];
        script.remove();
        const el = /** @type {HTMLElement | null} */ (holder.content.querySelector('.locale[data-locale]'));
        if (!el || el.getAttribute('data-locale') !== tag) return reject(new Error(src + ' handed over no page for it'));
        doc.body.appendChild(el);
        resolve(el);
      };
      script.onerror = () => {
        script.remove();
        reject(new Error(src + ' could not be loaded, or its bytes are not the ones the build listed'));
      };
      if (doc.location.protocol !== 'file:') {
        script.integrity = integrity;
        script.crossOrigin = 'anonymous'; // same origin: cookies go as before; a redirect to a CORS-enabled CDN works
      }
      delete handedOver[tag]; // only what this script hands over counts, never what another one left for this tag
      script.src = src;
      doc.head.appendChild(script);
    });
  }

  const locales = { load, add };
  CR.locales = locales;
  if (typeof module !== 'undefined' && module.exports) module.exports = locales;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
