// @ts-check
/*
 * CourseRuntime.api: find the LMS's SCORM API object the way the ADL algorithm does: a bounded
 * walk up window.parent, then the opener (of the top window, else of this one) and its parents.
 * Frames from another origin throw on access; they are skipped, never allowed to break the launch.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /** @typedef {'2004'|'1.2'} Version */

  const MAX_DEPTH = 500; // ADL's bound: a broken frame chain must not loop forever
  /** @type {Record<string, string>} */
  const NAMES = { '2004': 'API_1484_11', '1.2': 'API' };
  /** @type {Record<string, string>} */
  const PROBE = { '2004': 'Initialize', '1.2': 'LMSInitialize' };

  /**
   * Read a property of a window that may belong to another origin; undefined when it throws.
   * @param {object} win
   * @param {string} key
   * @returns {unknown}
   */
  const peek = (win, key) => {
    try {
      return /** @type {Record<string, unknown>} */ (win)[key];
    } catch {
      return undefined;
    }
  };

  /**
   * The API of one version in win, if it is there and looks like one.
   * @param {object} win
   * @param {Version} version
   * @returns {object|null}
   */
  const apiIn = (win, version) => {
    const api = /** @type {Record<string, unknown>|undefined} */ (peek(win, NAMES[version]));
    try {
      return api && typeof api[PROBE[version]] === 'function' ? api : null;
    } catch {
      return null;
    }
  };

  /**
   * Walk from win up through its parents; returns the first API of that version found.
   * @param {object} win
   * @param {Version} version
   */
  const walk = (win, version) => {
    let w = win;
    for (let depth = 0; w && depth <= MAX_DEPTH; depth++) {
      const api = apiIn(w, version);
      if (api) return api;
      const parent = peek(w, 'parent');
      if (!parent || parent === w) return null;
      w = /** @type {object} */ (parent);
    }
    return null;
  };

  /**
   * The windows to search, in ADL order: this window's chain, then the opener's chain.
   * @param {object} win
   */
  const starts = (win) => {
    const list = [win];
    const top = peek(win, 'top');
    const opener = (top && peek(top, 'opener')) || peek(win, 'opener');
    if (opener && opener !== win) list.push(/** @type {object} */ (opener));
    return list;
  };

  /**
   * Find the LMS API. Every version is searched for across all windows before the next one, so a
   * 2004 API further away still wins over a nearer 1.2 one (unless `prefer` says otherwise).
   * @param {object} win the course window (globalThis in a browser)
   * @param {{prefer?: Version[]}} [opts] version order; default ['2004', '1.2']
   * @returns {CourseRuntime.FoundApi|null}
   */
  const find = (win, opts) => {
    try {
      /** @type {Version[]} */
      const order = (opts && opts.prefer) || ['2004', '1.2'];
      const windows = starts(win);
      for (const version of order) {
        if (!NAMES[version]) continue;
        for (const w of windows) {
          const api = walk(w, version);
          // apiIn saw the version's probe call: the rest of that version's API is the LMS's promise.
          if (api) return /** @type {CourseRuntime.FoundApi} */ ({ version, api });
        }
      }
    } catch {
      // A hostile or half-closed window chain: run without an LMS rather than fail.
    }
    return null;
  };

  const apiNs = { find, MAX_DEPTH };
  CR.api = apiNs;
  if (typeof module !== 'undefined' && module.exports) module.exports = apiNs;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
