// @ts-check
/*
 * CourseRuntime.patterns: the SCORM 2004 formats that xAPI took over for cmi.interaction activities, shared by the
 * SCORM 2004 and cmi5 adapters (scorm2004.js, cmi5.js): ISO 8601 durations and response patterns built from the
 * content ids, so that a report names the same options in either standard and in every language.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { pad, centis, ints, char12, sortedSet, CHARS_12 } = CR.formats;

  /**
   * A 2004 response token as every LMS accepts it: SCORM allows more in a short_identifier_type, but Moodle
   * checks each token against its CMIShortIdentifier, letters, digits, "_" and "." only.
   */
  const TOKEN_2004 = /^[\w.]{1,250}$/;

  /**
   * SCORM 2004 timeinterval (ISO 8601 duration), e.g. "PT1H2M3.4S"; zero is "PT0S".
   * Hours are not folded into days: "PT150H" is valid and reads unambiguously.
   * @param {number} ms
   * @returns {string}
   */
  const duration2004 = (ms) => {
    const cs = centis(ms);
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const sc = cs % 6000; // seconds in centiseconds, at most two decimals as scorm-again requires
    let out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    if (sc || out === 'PT') {
      const whole = Math.floor(sc / 100);
      const frac = pad(sc % 100).replace(/0+$/, '');
      out += whole + (frac ? '.' + frac : '') + 'S';
    }
    return out;
  };

  /**
   * A content id as a 2004 response token: the id with each "-" written "_" ("examine-own-part" ->
   * "examine_own_part"). Content ids are slugs of a-z, 0-9 and "-", so a report reader maps a token back to
   * its option by turning "_" into "-"; an id that would still not qualify falls back to its 1.2 letter.
   * @param {readonly string[]|null|undefined} ids
   * @param {number} i
   * @returns {string}
   */
  const token2004 = (ids, i) => {
    const id = ids && ids[i] != null ? String(ids[i]).replace(/-/g, '_') : '';
    return TOKEN_2004.test(id) ? id : char12(CHARS_12, i);
  };

  /**
   * Learner response or correct-response pattern for SCORM 2004, built from the content ids (see token2004):
   * choice "b[,]d", sequencing "c[,]a[,]b", matching "s1[.]t2[,]s2[.]t1", true-false "true" / "false".
   * @param {string} type choice | true-false | sequencing | matching
   * @param {number[]|boolean} value neutral answer (see the file header)
   * @param {{options?: string[], targets?: string[]}} ids option ids (matching: source ids) and target ids
   * @returns {string}
   */
  const response2004 = (type, value, ids) => {
    const v = ints(type, value);
    const options = (ids && ids.options) || [];
    if (type === 'true-false') return v[0] === 0 ? 'true' : v[0] === 1 ? 'false' : '';
    if (type === 'choice' || type === 'sequencing') {
      return (type === 'choice' ? sortedSet(v) : v).map((i) => token2004(options, i)).filter(Boolean).join('[,]');
    }

    if (type === 'matching') {
      const targets = (ids && ids.targets) || [];
      /** @type {string[]} */
      const pairs = [];
      v.forEach((t, s) => {
        const src = token2004(options, s);
        const tgt = token2004(targets, t);
        if (src && tgt && t >= 0) pairs.push(src + '[.]' + tgt);
      });
      return pairs.join('[,]');
    }
    return '';
  };

  const patterns = { duration2004, response2004, token2004 };
  CR.patterns = patterns;
  if (typeof module !== 'undefined' && module.exports) module.exports = patterns;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
