// @ts-check
/*
 * CourseRuntime.formats: what every standard's value formats share (padding, centiseconds, neutral answers, numbers
 * believed only within their range) and whether an answer is correct, with the page's clock and a logger that never
 * throws. Each adapter writes its own standard's times, durations, responses and results from these. No DOM, no
 * LMS, no learner-visible text.
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

  /** A number in two digits at least (times and dates). @param {number} n */
  const pad = (n) => String(n).padStart(2, '0');

  /** Milliseconds to whole centiseconds; NaN, negative and non-numbers become 0. @param {unknown} ms */
  const centis = (ms) => {
    const n = Number(ms);
    return Number.isFinite(n) && n > 0 ? Math.round(n / 10) : 0;
  };

  /** @param {Date|number} d @returns {Date|null} */
  const validDate = (d) => {
    const date = d instanceof Date ? d : new Date(d);
    return Number.isNaN(date.getTime()) ? null : date;
  };

  /**
   * Normalise an answer to an array of integers (true-false may arrive as a boolean).
   * @param {string} type
   * @param {number[]|boolean} value
   * @returns {number[]}
   */
  const ints = (type, value) => {
    if (type === 'true-false' && typeof value === 'boolean') return [value ? 0 : 1];
    if (!Array.isArray(value)) return [];
    // Matching is positional (index = source), so an unmatched source stays in place as -1.
    if (type === 'matching') return value.map((x) => (Number.isInteger(x) ? x : -1));
    return value.filter(Number.isInteger);
  };

  /** @param {string} chars @param {number} i */
  const char12 = (chars, i) => (i >= 0 && i < chars.length ? chars[i] : '');

  /** The distinct integers of a list in ascending order, as a choice answer compares. @param {number[]} list */
  const sortedSet = (list) => Array.from(new Set(list)).sort((x, y) => x - y);

  /** Whether two answers are the same non-empty list. @param {number[]} a @param {number[]} b */
  const sameInts = (a, b) => a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);

  /**
   * Whether a neutral answer equals the correct one: choice compares as a set, the others in order.
   * @param {string} type
   * @param {number[]|boolean} value
   * @param {number[]|boolean} correct
   * @returns {boolean}
   */
  const isCorrect = (type, value, correct) => {
    const a = ints(type, value);
    const b = ints(type, correct);
    return type === 'choice' ? sameInts(sortedSet(a), sortedSet(b)) : sameInts(a, b);
  };

  /** The page's own clock, looked up at each call (a test may replace it). @type {CourseRuntime.Timers} */
  const TIMERS = {
    setTimeout: (f, ms) => root.setTimeout(f, ms),
    clearTimeout: (t) => root.clearTimeout(/** @type {number} the handle setTimeout gave */ (t)),
  };

  /**
   * A warn(message, error?) that says on the logger what went wrong, with the error's stack when there is one, and
   * never throws (no console: stay silent).
   * @param {CourseRuntime.Logger} logger
   * @returns {(message: string, e?: unknown) => void}
   */
  const warner = (logger) => (message, e) => {
    try {
      const stack = e && /** @type {{stack?: unknown}} */ (e).stack;
      logger.warn('[course-runtime] ' + message + (e ? ': ' + (stack || e) : ''));
    } catch { /* silent */ }
  };

  /**
   * A decimal number the LMS answered, kept only within [lo, hi]; null for anything else ("NaN", "1e309", "0x50").
   * @param {string|null} text
   * @param {number} lo
   * @param {number} hi
   * @returns {number|null}
   */
  const number = (text, lo, hi) => {
    const n = text !== null && /^-?(\d{1,9}(\.\d*)?|\.\d+)$/.test(text) ? Number(text) : NaN;
    return n >= lo && n <= hi ? n : null;
  };

  // The helpers both adapters build their own standard's formats from (scorm12.js, scorm2004.js; a package
  // carries its own standard's formats only), and the page's grading (logic.js).
  /** A text on one line, as a title or an LMS description wants it (logic.js and the adapters). @param {unknown} text */
  const oneLine = (text) => String(text || '').replace(/\s+/g, ' ').trim();

  const formats = {
    isCorrect, sortedSet, sameInts, ints, char12, pad, centis, validDate, CHARS_12, number, warner, TIMERS, oneLine,
  };
  CR.formats = formats;
  if (typeof module !== 'undefined' && module.exports) module.exports = formats;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
