// @ts-check
/*
 * CourseRuntime.suspend: pure codec between the learner's course state and cmi.suspend_data.
 *
 * Layout (ASCII, "~"-separated, 14 fields, version first):
 *   2~fingerprint~view~seen~checks~answers~attempt~best~last~locale~seed~paths~tried~check
 * fingerprint  FNV-1a of the course shape, base 36: a changed course never misreads old indexes
 * seen         lessons seen as a bitset, 5 lessons per character (0-9a-v)
 * checks       knowledge-check answers, one group per question in source order, "." between groups,
 *              one base-36 character per chosen index (empty group: not answered)
 * answers      assessment answers, same form
 * attempt      assessment attempt number, base 36; best/last: percent with up to 2 decimals or empty
 * seed         assessment shuffle seed, unsigned 32-bit, base 36
 * paths        each decision scenario's path in the form of answers: one group per scenario, one character per
 *              choice taken (its index at its step)
 * tried        the scenarios the learner has gone back to the start of, as a bitset like seen
 * check        FNV-1a of everything before it: an LMS that truncates or mangles the value is caught
 *
 * Anything that does not decode exactly, or does not fit the shape, decodes to null: the caller
 * starts fresh. decode() never throws.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /** A question of the shape, its counts as numbers. @typedef {{id: string, options: number, length: number}} Item */
  /** A decision scenario is an Item too: as many indexes as choices on its longest path, each below CHOICES. */
  /** @typedef {{lessons: string[], checks: Item[], assessment: Item[], decisions: Item[]}} NormShape */

  const VERSION = '2';
  const FIELDS = 14;
  const CHOICES = 3; // the most choices at a step (course/decisions.py)
  const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
  const MAX_LOCALE = 35;
  const MAX_ATTEMPT = 36 * 36 - 1; // two base-36 characters
  const MAX_SEED = 0xffffffff;
  const VIEW = /^[A-Za-z0-9_.:/-]{0,64}$/;
  const LOCALE = /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}$/;
  const SCORE = /^(?:0|[1-9]\d{0,2})(?:\.\d?[1-9])?$/; // canonical: no leading or trailing zeros
  const BASE36 = /^(?:0|[1-9a-z][0-9a-z]*)$/;

  /**
   * Shape with option counts as numbers, clamped to what one base-36 character can hold.
   * @param {Partial<CourseRuntime.Shape>|null|undefined} shape
   * @returns {NormShape}
   */
  const normShape = (shape) => {
    const s = shape || {};
    /** @param {CourseRuntime.ShapeItem[]|undefined} list */
    const q = (list) => (Array.isArray(list) ? list : []).map((item) => {
      const n = Array.isArray(item.options) ? item.options.length : Number(item.options) || 0;
      const options = Math.max(1, Math.min(36, n));
      const length = Math.max(1, Math.min(36, Number(item.length) || options));
      return { id: String(item.id), options, length };
    });
    const lessons = (Array.isArray(s.lessons) ? s.lessons : []).map(String);
    const decisions = q((Array.isArray(s.decisions) ? s.decisions : []).map((d) => ({ id: d.id, options: CHOICES, length: d.depth })));
    return { lessons, checks: q(s.checks), assessment: q(s.assessment), decisions };
  };

  /**
   * FNV-1a 32-bit over UTF-16 code units: the record's check field, and the page's fixed shuffle seeds (logic.js).
   * @param {string} text
   */
  const hash32 = (text) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  };

  /** The hash in base 36 (at most 7 characters). @param {string} text */
  const hash = (text) => hash32(text).toString(36);

  /** The shape's hash, so a course with other lessons or questions starts fresh. @param {NormShape} shape */
  const fingerprint = (shape) => {
    /** @type {(string|Item)[][]} */
    const parts = [shape.lessons, shape.checks, shape.assessment, shape.decisions];
    return hash(JSON.stringify(parts.map((l) =>
      l.map((x) => (typeof x === 'string' ? x : [x.id, x.options, x.length])))));
  };

  /** A fresh state: nothing seen, nothing answered, no attempt yet. @returns {CourseRuntime.SuspendState} */
  const emptyState = () => ({
    view: '', seen: [], checks: {}, answers: {}, attempt: 0, best: null, last: null, locale: '', seed: 0, decisions: {}, tried: [],
  });

  /** @param {unknown} seen @param {string[]} lessons */
  const encodeSeen = (seen, lessons) => {
    const set = new Set(Array.isArray(seen) ? seen : []);
    let out = '';
    for (let i = 0; i < lessons.length; i += 5) {
      let bits = 0;
      for (let b = 0; b < 5 && i + b < lessons.length; b++) if (set.has(lessons[i + b])) bits |= 1 << b;
      out += DIGITS[bits];
    }
    return out;
  };

  /** @param {string} text @param {string[]} lessons */
  const decodeSeen = (text, lessons) => {
    if (text.length !== Math.ceil(lessons.length / 5)) return null;
    /** @type {string[]} */
    const seen = [];
    for (let c = 0; c < text.length; c++) {
      const bits = DIGITS.indexOf(text[c]);
      if (bits < 0 || bits > 31) return null;
      for (let b = 0; b < 5; b++) {
        if (!(bits & (1 << b))) continue;
        if (c * 5 + b >= lessons.length) return null; // a bit for a lesson the course does not have
        seen.push(lessons[c * 5 + b]);
      }
    }
    return seen;
  };

  /** @param {unknown} answers @param {Item[]} questions */
  const encodeAnswers = (answers, questions) => {
    /** @type {Record<string, unknown>} */
    const map = answers && typeof answers === 'object' ? /** @type {Record<string, unknown>} */ (answers) : {};
    return questions.map((q) => {
      const given = map[q.id];
      const value = Array.isArray(given) ? given : [];
      return value.filter((i) => Number.isInteger(i) && i >= 0 && i < q.options)
        .slice(0, q.length).map((i) => DIGITS[i]).join('');
    }).join('.');
  };

  /** @param {string} text @param {Item[]} questions */
  const decodeAnswers = (text, questions) => {
    const groups = questions.length ? text.split('.') : (text ? [text] : []); // no questions: text must be empty
    if (groups.length !== questions.length) return null;
    /** @type {Record<string, number[]>} */
    const out = {};
    for (let n = 0; n < groups.length; n++) {
      const q = questions[n];
      if (groups[n].length > q.length) return null;
      const value = [];
      for (const ch of groups[n]) {
        const i = DIGITS.indexOf(ch);
        if (i < 0 || i >= q.options) return null;
        value.push(i);
      }
      if (value.length) out[q.id] = value;
    }
    return out;
  };

  /** @param {unknown} x */
  const encodeScore = (x) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) return '';
    return String(Math.round(Math.min(100, Math.max(0, x)) * 100) / 100);
  };

  /** @param {string} text @returns {number|null|undefined} undefined: not a score */
  const decodeScore = (text) => {
    if (text === '') return null;
    if (!SCORE.test(text)) return undefined;
    const n = Number(text);
    return n <= 100 ? n : undefined;
  };

  /** @param {string} text @param {number} max @returns {number|undefined} undefined: not a number up to max */
  const decodeInt = (text, max) => {
    if (!BASE36.test(text)) return undefined;
    const n = parseInt(text, 36);
    return n <= max ? n : undefined;
  };

  /**
   * Encode a state for cmi.suspend_data. Values that do not fit the shape are left out, never thrown.
   * @param {Partial<CourseRuntime.SuspendState>|null|undefined} state
   * @param {CourseRuntime.Shape} shape for matching pass options = target count, length = source count
   * @returns {string}
   */
  const encode = (state, shape) => {
    const s = Object.assign(emptyState(), state || {});
    const sh = normShape(shape);
    const view = typeof s.view === 'string' && VIEW.test(s.view) ? s.view : '';
    const locale = typeof s.locale === 'string' && s.locale.length <= MAX_LOCALE && LOCALE.test(s.locale)
      ? s.locale : '';
    const attempt = Math.max(0, Math.min(MAX_ATTEMPT, Math.floor(Number(s.attempt)) || 0));
    const seed = Math.max(0, Math.min(MAX_SEED, Math.floor(Number(s.seed)) || 0));
    const body = [
      VERSION, fingerprint(sh), view, encodeSeen(s.seen, sh.lessons),
      encodeAnswers(s.checks, sh.checks), encodeAnswers(s.answers, sh.assessment),
      attempt.toString(36), encodeScore(s.best), encodeScore(s.last), locale, seed.toString(36),
      encodeAnswers(s.decisions, sh.decisions), encodeSeen(s.tried, sh.decisions.map((d) => d.id)),
    ].join('~');
    return body + '~' + hash(body);
  };

  /**
   * Decode cmi.suspend_data written by encode() for the same course shape.
   * @param {unknown} text
   * @param {CourseRuntime.Shape} shape as for encode()
   * @returns {CourseRuntime.SuspendState|null} null for anything unknown, old, corrupt or not fitting the shape
   */
  const decode = (text, shape) => {
    try {
      if (typeof text !== 'string' || text.length > 64000) return null;
      const f = text.split('~');
      if (f.length !== FIELDS || f[0] !== VERSION) return null;
      if (f[13] !== hash(text.slice(0, text.lastIndexOf('~')))) return null;
      const sh = normShape(shape);
      if (f[1] !== fingerprint(sh)) return null;
      const seen = decodeSeen(f[3], sh.lessons);
      const checks = decodeAnswers(f[4], sh.checks);
      const answers = decodeAnswers(f[5], sh.assessment);
      const attempt = decodeInt(f[6], MAX_ATTEMPT);
      const best = decodeScore(f[7]);
      const last = decodeScore(f[8]);
      const seed = decodeInt(f[10], MAX_SEED);
      const decisions = decodeAnswers(f[11], sh.decisions);
      const tried = decodeSeen(f[12], sh.decisions.map((d) => d.id));
      const localeOk = f[9] === '' || (f[9].length <= MAX_LOCALE && LOCALE.test(f[9]));
      if (!VIEW.test(f[2]) || !seen || !checks || !answers || attempt === undefined ||
          best === undefined || last === undefined || !localeOk || seed === undefined || !decisions || !tried) return null;
      return { view: f[2], seen, checks, answers, attempt, best, last, locale: f[9], seed, decisions, tried };
    } catch {
      return null; // belt and braces: a launch must never break on stored data
    }
  };

  const suspend = { encode, decode, emptyState, hash32, MAX_ATTEMPT };
  CR.suspend = /** @type {typeof import('./suspend.js')} with worstCaseLength in node only */ (suspend);
  // In node only: the build's mirror of this (course/limits.py) is checked against it and the tests ask it; the page
  // never does, so the package's script leaves this last block out (course/minify.py).
  if (typeof module !== 'undefined' && module.exports) {
    const MAX_VIEW = 64; // VIEW's bound
    const WIDTH = { hash: 7, attempt: 2, score: 5, seed: 7 }; // the worst-case widths of the fixed fields
    /**
     * The longest string encode() can produce for this shape (compare with 4,096 for SCORM 1.2).
     * @param {CourseRuntime.Shape} shape as for encode()
     * @returns {number}
     */
    const worstCaseLength = (shape) => {
      const sh = normShape(shape);
      const answers = (/** @type {Item[]} */ qs) => qs.reduce((sum, q) => sum + q.length, 0) + Math.max(0, qs.length - 1);
      return VERSION.length + WIDTH.hash + MAX_VIEW + Math.ceil(sh.lessons.length / 5) +
        answers(sh.checks) + answers(sh.assessment) + WIDTH.attempt + 2 * WIDTH.score + MAX_LOCALE +
        WIDTH.seed + answers(sh.decisions) + Math.ceil(sh.decisions.length / 5) + WIDTH.hash + (FIELDS - 1);
    };
    module.exports = Object.assign(suspend, { worstCaseLength });
  }
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
