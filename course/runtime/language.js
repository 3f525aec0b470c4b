// @ts-check
/*
 * CourseRuntime.language: pure BCP 47 matching of a learner's language preferences against the
 * locales the package ships ("sv-SE" -> sv, "FI" -> fi, "en_GB" -> en, "swe" -> sv).
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /**
   * A learner's language preferences as the LMS or the browser gives them; anything but a string is skipped.
   * @typedef {string|readonly (string|null|undefined)[]|null|undefined} Preferences
   */

  /**
   * LMSs fill the 1.2 preference (free text) with ISO 639-2 codes or legacy tags now and then;
   * map the common ones to the two-letter code a package ships under.
   * @type {Record<string, string>}
   */
  const ALIASES = {
    swe: 'sv', fin: 'fi', ara: 'ar', eng: 'en', dan: 'da', nor: 'no', nob: 'nb', nno: 'nn',
    deu: 'de', ger: 'de', fra: 'fr', fre: 'fr', spa: 'es', ita: 'it', nld: 'nl', dut: 'nl',
    pol: 'pl', por: 'pt', rus: 'ru', est: 'et', isl: 'is', ice: 'is', tur: 'tr', som: 'so',
    fas: 'fa', per: 'fa', ukr: 'uk', iw: 'he', in: 'id', ji: 'yi',
  };
  const TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/;

  /**
   * Split preferences into normalised tags, best first: accepts a string with comma, semicolon or
   * space separators (Accept-Language q-values are ignored), an array of such strings, or nothing.
   * @param {Preferences} prefs
   * @returns {string[]} lower-case tags with "-" separators
   */
  const parse = (prefs) => {
    const list = Array.isArray(prefs) ? prefs : [prefs];
    const out = [];
    for (const item of list) {
      if (typeof item !== 'string') continue;
      for (const raw of item.split(/[,;\s]+/)) {
        const tag = raw.trim().replace(/_/g, '-').toLowerCase();
        if (!TAG.test(tag)) continue; // drops q-values ("q=0.8") and junk
        const parts = tag.split('-');
        parts[0] = ALIASES[parts[0]] || parts[0];
        out.push(parts.join('-'));
      }
    }
    return out;
  };

  /**
   * The shipped locale that best serves the preferences, or null. Each preference is tried in turn,
   * with its own fallbacks (exact, then shorter prefixes, then any shipped region of the same
   * language) before the next one, so the learner's first language wins over a later exact match.
   * @param {Preferences} prefs
   * @param {readonly string[]} available shipped locales, e.g. ["sv", "en", "fi", "ar"]
   * @returns {string|null} the entry of `available` as spelled there
   */
  const match = (prefs, available) => {
    const shipped = new Map();
    for (const loc of available || []) {
      if (typeof loc === 'string') shipped.set(loc.replace(/_/g, '-').toLowerCase(), loc);
    }
    for (const tag of parse(prefs)) {
      const parts = tag.split('-');
      for (let n = parts.length; n > 0; n--) {
        const hit = shipped.get(parts.slice(0, n).join('-'));
        if (hit) return hit;
      }
      for (const [key, loc] of shipped) {
        if (key.split('-')[0] === parts[0]) return loc;
      }
    }
    return null;
  };

  /**
   * Pick the course language: the LMS learner preference, else the browser's languages, else the
   * default, else the first shipped locale.
   * @param {{lms?: string|null, browser?: Preferences, fallback?: string, available: readonly string[]}} o
   * @returns {string|null}
   */
  const choose = (o) => {
    const available = (o && o.available) || [];
    return match(o && o.lms, available) ||
      match(o && o.browser, available) ||
      match(o && o.fallback, available) ||
      available[0] || null;
  };

  const language = { match, choose };
  CR.language = language;
  if (typeof module !== 'undefined' && module.exports) module.exports = language;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
