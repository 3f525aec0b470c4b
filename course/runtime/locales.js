/*
 * CourseRuntime.locales: each language's part of the page. The launch page holds the package's first language;
 * every other one is a script of its own, locales/<tag>.js (written by the build), that hands its HTML over to
 * CourseRuntime.addLocale. A classic script is the one way to load it that works from file:// and under the
 * page's Content-Security-Policy (no fetch, no inline script). app.js decides when a language is needed.
 */
(function (root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || {});
  const handedOver = {}; // tag -> that language's part of the page, from its script, until load() takes it

  /** Called by locales/<tag>.js: hands over the language's part of the page. */
  function addLocale(tag, html) {
    handedOver[tag] = html;
  }

  /**
   * A language's part of the page: the one the page holds, else loaded from its script and put, hidden, at the
   * end of the body (parsed in a template first, so nothing in it loads or runs before it is in place).
   * @param {Document} doc
   * @param {string} tag
   * @returns {Promise<Element>} the language's root element (.locale[data-locale])
   */
  function load(doc, tag) {
    const inPage = Array.from(doc.querySelectorAll('.locale[data-locale]')).find((el) => el.getAttribute('data-locale') === tag);
    if (inPage) return Promise.resolve(inPage);
    const src = 'locales/' + tag + '.js';
    return new Promise((resolve, reject) => {
      const script = doc.createElement('script');
      script.onload = () => {
        const holder = doc.createElement('template');
        holder.innerHTML = typeof handedOver[tag] === 'string' ? handedOver[tag] : '';
        delete handedOver[tag];
        script.remove();
        const el = holder.content.querySelector('.locale[data-locale]');
        if (!el) return reject(new Error(src + ' handed over no page'));
        doc.body.appendChild(el);
        resolve(el);
      };
      script.onerror = () => {
        script.remove();
        reject(new Error(src + ' could not be loaded'));
      };
      script.src = src;
      doc.head.appendChild(script);
    });
  }

  CR.addLocale = addLocale;
  CR.locales = { load };
})(typeof globalThis !== 'undefined' ? globalThis : this);
