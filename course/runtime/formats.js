// @ts-check
/*
 * CourseRuntime.formats: pure value formatting for SCORM 1.2 and SCORM 2004 (times, durations,
 * interaction responses and results). No DOM, no LMS, no learner-visible text.
 *
 * Answers travel through the runtime in one neutral form, an array of small integers (source-order
 * indexes), so the suspend codec and both standards share it:
 *   choice      chosen option indexes, e.g. [1, 3]
 *   true-false  [0] for true, [1] for false (a boolean is accepted too)
 *   sequencing  item indexes in the learner's order, e.g. [2, 0, 1]
 *   matching    value[sourceIndex] = targetIndex, e.g. [1, 0, 2]
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /** 1.2 allows single characters 0-9 a-z; options and targets use letters first ("a" is the first). */
  const CHARS_12 = 'abcdefghijklmnopqrstuvwxyz0123456789';
  /** Matching sources read as numbers in the 1.2 examples ("1.a,2.b"), so the first source is "1". */
  const SOURCE_CHARS_12 = '1234567890abcdefghijklmnopqrstuvwxyz';
  /**
   * A 2004 response token as every LMS accepts it: SCORM allows more in a short_identifier_type, but Moodle
   * checks each token against its CMIShortIdentifier, letters, digits, "_" and "." only.
   */
  const TOKEN_2004 = /^[\w.]{1,250}$/;
  const MAX_CENTIS_12 = (((9999 * 60 + 59) * 60 + 59) * 100) + 99;

  /** @param {number} n @param {number} width */
  function pad(n, width) {
    return String(n).padStart(width, '0');
  }

  /** Milliseconds to whole centiseconds; NaN, negative and non-numbers become 0. @param {unknown} ms */
  function centis(ms) {
    const n = Number(ms);
    return Number.isFinite(n) && n > 0 ? Math.round(n / 10) : 0;
  }

  /**
   * SCORM 1.2 CMITimespan "HHHH:MM:SS.SS" (hours 2 to 4 digits), clamped at 9999:59:59.99.
   * @param {number} ms
   * @returns {string}
   */
  function timespan12(ms) {
    const cs = Math.min(centis(ms), MAX_CENTIS_12);
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const s = Math.floor(cs / 100) % 60;
    return pad(h, 2) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }

  /**
   * SCORM 2004 timeinterval (ISO 8601 duration), e.g. "PT1H2M3.4S"; zero is "PT0S".
   * Hours are not folded into days: "PT150H" is valid and reads unambiguously.
   * @param {number} ms
   * @returns {string}
   */
  function duration2004(ms) {
    const cs = centis(ms);
    const h = Math.floor(cs / 360000);
    const m = Math.floor(cs / 6000) % 60;
    const sc = cs % 6000; // seconds in centiseconds, at most two decimals as scorm-again requires
    let out = 'PT';
    if (h) out += h + 'H';
    if (m) out += m + 'M';
    if (sc || out === 'PT') {
      const whole = Math.floor(sc / 100);
      const frac = pad(sc % 100, 2).replace(/0+$/, '');
      out += whole + (frac ? '.' + frac : '') + 'S';
    }
    return out;
  }

  /** @param {Date|number} d @returns {Date|null} */
  function validDate(d) {
    const date = d instanceof Date ? d : new Date(d);
    return Number.isNaN(date.getTime()) ? null : date;
  }

  /**
   * SCORM 1.2 CMITime "HH:MM:SS" (local time of day), or "" for an invalid date.
   * @param {Date|number} d
   * @returns {string}
   */
  function time12(d) {
    const date = validDate(d);
    if (!date) return '';
    return pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }

  /**
   * SCORM 2004 time(second,10,0) "YYYY-MM-DDThh:mm:ss" in local time (no zone designator,
   * which the standard reads as local), or "" for an invalid or pre-1970 date (scorm-again rejects those).
   * @param {Date|number} d
   * @returns {string}
   */
  function timestamp2004(d) {
    const date = validDate(d);
    if (!date || date.getFullYear() < 1970 || date.getFullYear() > 9999) return '';
    return date.getFullYear() + '-' + pad(date.getMonth() + 1, 2) + '-' + pad(date.getDate(), 2) +
      'T' + pad(date.getHours(), 2) + ':' + pad(date.getMinutes(), 2) + ':' + pad(date.getSeconds(), 2);
  }

  /**
   * Normalise an answer to an array of integers (true-false may arrive as a boolean).
   * @param {string} type
   * @param {number[]|boolean} value
   * @returns {number[]}
   */
  function ints(type, value) {
    if (type === 'true-false' && typeof value === 'boolean') return [value ? 0 : 1];
    if (!Array.isArray(value)) return [];
    // Matching is positional (index = source), so an unmatched source stays in place as -1.
    if (type === 'matching') return value.map((x) => (Number.isInteger(x) ? x : -1));
    return value.filter(Number.isInteger);
  }

  /** @param {string} chars @param {number} i */
  function char12(chars, i) {
    return i >= 0 && i < chars.length ? chars[i] : '';
  }

  /**
   * A content id as a 2004 response token: the id with each "-" written "_" ("examine-own-part" ->
   * "examine_own_part"). Content ids are slugs of a-z, 0-9 and "-", so a report reader maps a token back to
   * its option by turning "_" into "-"; an id that would still not qualify falls back to its 1.2 letter.
   * @param {readonly string[]|null|undefined} ids
   * @param {number} i
   * @returns {string}
   */
  function token2004(ids, i) {
    const id = ids && ids[i] != null ? String(ids[i]).replace(/-/g, '_') : '';
    return TOKEN_2004.test(id) ? id : char12(CHARS_12, i);
  }

  /**
   * Learner response or correct-response pattern for SCORM 1.2 (single characters 0-9 a-z):
   * choice "a,c", sequencing "c,a,b", matching "1.b,2.a", true-false "t" / "f".
   * Choice indexes are written in source order, since a choice response is a set.
   * @param {string} type choice | true-false | sequencing | matching
   * @param {number[]|boolean} value neutral answer (see the file header)
   * @returns {string}
   */
  function response12(type, value) {
    const v = ints(type, value);
    if (type === 'true-false') return v[0] === 0 ? 't' : v[0] === 1 ? 'f' : '';
    if (type === 'choice') {
      return Array.from(new Set(v)).sort((a, b) => a - b).map((i) => char12(CHARS_12, i)).filter(Boolean).join(',');
    }
    if (type === 'sequencing') return v.map((i) => char12(CHARS_12, i)).filter(Boolean).join(',');
    if (type === 'matching') {
      /** @type {string[]} */
      const pairs = [];
      v.forEach((t, s) => {
        const src = char12(SOURCE_CHARS_12, s);
        const tgt = char12(CHARS_12, t);
        if (src && tgt) pairs.push(src + '.' + tgt);
      });
      return pairs.join(',');
    }
    return '';
  }

  /**
   * Learner response or correct-response pattern for SCORM 2004, built from the content ids (see token2004):
   * choice "b[,]d", sequencing "c[,]a[,]b", matching "s1[.]t2[,]s2[.]t1", true-false "true" / "false".
   * @param {string} type choice | true-false | sequencing | matching
   * @param {number[]|boolean} value neutral answer (see the file header)
   * @param {{options?: string[], targets?: string[]}} ids option ids (matching: source ids) and target ids
   * @returns {string}
   */
  function response2004(type, value, ids) {
    const v = ints(type, value);
    const options = (ids && ids.options) || [];
    if (type === 'true-false') return v[0] === 0 ? 'true' : v[0] === 1 ? 'false' : '';
    if (type === 'choice') {
      return Array.from(new Set(v)).sort((a, b) => a - b).map((i) => token2004(options, i)).filter(Boolean).join('[,]');
    }
    if (type === 'sequencing') return v.map((i) => token2004(options, i)).filter(Boolean).join('[,]');
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
  }

  /** @param {boolean} ok @returns {'correct'|'wrong'} */
  function result12(ok) {
    return ok ? 'correct' : 'wrong';
  }

  /** @param {boolean} ok @returns {'correct'|'incorrect'} */
  function result2004(ok) {
    return ok ? 'correct' : 'incorrect';
  }

  /**
   * Whether a neutral answer equals the correct one: choice compares as a set, the others in order.
   * @param {string} type
   * @param {number[]|boolean} value
   * @param {number[]|boolean} correct
   * @returns {boolean}
   */
  function isCorrect(type, value, correct) {
    let a = ints(type, value);
    let b = ints(type, correct);
    if (type === 'choice') {
      a = Array.from(new Set(a)).sort((x, y) => x - y);
      b = Array.from(new Set(b)).sort((x, y) => x - y);
    }
    return a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);
  }

  const formats = {
    timespan12, duration2004, time12, timestamp2004,
    response12, response2004, result12, result2004, isCorrect, token2004,
  };
  CR.formats = formats;
  if (typeof module !== 'undefined' && module.exports) module.exports = formats;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
