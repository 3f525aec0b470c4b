// @ts-check
/*
 * CourseRuntime.logic: the page's logic that needs no DOM, tested in node.
 * Questions: the order of an attempt (seeded shuffles, so a resumed attempt looks the same), answers between form
 * state and the neutral form of formats.js, grading, and the questions and shape as the tracker takes them; ids are
 * the same in every language. Texts as the learner reads them: messages with {name} placeholders and CLDR plural
 * forms (the words come from each locale's strings JSON), the learner's name, and numbers, percentages and dates
 * formatted by Intl with Latin digits everywhere, as the server-rendered numbers have.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const { sortedSet, sameInts, oneLine } = CR.formats;

  const CHOICE_TYPES = ['single', 'multiple', 'true-false'];
  /** Whether the learner answers by picking options (else by placing items in slots). @param {{type: string}} q */
  const isChoice = (q) => CHOICE_TYPES.includes(q.type);

  // -- Questions.
  /**
   * Mulberry32: a small seeded PRNG; the same seed gives the same sequence in every browser.
   * @param {number} seed
   * @returns {() => number} numbers in [0, 1)
   */
  const prng = (seed) => {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  };

  /** Fisher-Yates on a copy. @template T @param {T[]} list @param {() => number} rand @returns {T[]} */
  const shuffle = (list, rand) => {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const x = out[i];
      out[i] = out[j];
      out[j] = x;
    }
    return out;
  };

  /**
   * A question's options shuffled. An ordering question lists its items in the right order in the markup: its
   * shuffle never shows that order.
   * @param {{type: string, choices: string[]}} q
   * @param {() => number} rand
   */
  const shuffled = (q, rand) => {
    const order = shuffle(q.choices, rand);
    if (q.type !== 'sequencing' || order.length < 2 || order.some((id, i) => id !== q.choices[i])) return order;
    return order.slice(1).concat(order.slice(0, 1));
  };

  /**
   * The order of one assessment attempt: questions, and the options of each question (true/false keeps
   * its natural order). Deterministic for a seed, so a resumed attempt looks the same.
   * @param {number} seed
   * @param {string[]} questionIds the assessment in source order
   * @param {Object<string, {type: string, choices: string[]}>} questions
   * @returns {CourseRuntime.Order}
   */
  const attemptOrder = (seed, questionIds, questions) => {
    const rand = prng(seed);
    /** @type {CourseRuntime.Order} */
    const order = { questions: shuffle(questionIds, rand), choices: {} };
    for (const qid of questionIds) {
      const q = questions[qid];
      if (!q || q.type === 'true-false') continue;
      order.choices[qid] = shuffled(q, rand);
    }
    return order;
  };

  /**
   * The options' order in a knowledge check (not scored, not per attempt): shuffled as the assessment's are, so
   * the source's order (the key often first) gives nothing away; an ordering question is never shown in order.
   * Fixed by the question id, so it is the same on every visit, after a resume and in every language.
   * @param {string} qid
   * @param {{type: string, choices: string[]}} q
   */
  const checkOrder = (qid, q) => shuffled(q, prng(CR.suspend.hash32(qid)));


  /** The tracker's type for a question type. @param {string} type */
  const trackerType = (type) => (type === 'single' || type === 'multiple' ? 'choice' : type);

  /**
   * The correct answer in the neutral form (source-order indexes, see formats.js).
   * @param {CourseRuntime.Question} q
   * @returns {number[]}
   */
  const correctValue = (q) => {
    /** @param {string} id */
    const idx = (id) => q.choices.indexOf(id);
    if (q.type === 'matching') return q.choices.map(idx); // each premise's target has its id
    if (q.type === 'sequencing') return q.correct.map(idx);
    return q.correct.map(idx).filter((i) => i >= 0).sort((a, b) => a - b);
  };

  /**
   * Form state -> neutral answer, or the name of the message that says what is missing.
   * @param {{type: string, choices: string[]}} q
   * @param {CourseRuntime.FormState} [state] picked: checked choice ids;
   *   slots: select value per item (sequencing: position "1".."n"; matching: target id)
   * @returns {CourseRuntime.Answer}
   */
  const toValue = (q, state) => {
    const s = state || {};
    if (isChoice(q)) {
      const picked = (s.picked || []).map((id) => q.choices.indexOf(id)).filter((i) => i >= 0);
      if (!picked.length) return { error: 'needAnswer' };
      if (q.type !== 'multiple') return { value: [picked[0]] };
      return { value: sortedSet(picked) };
    }
    const slots = s.slots || {};
    const n = q.choices.length;
    if (q.type === 'sequencing') {
      const positions = q.choices.map((id) => Number(slots[id]));
      const ok = positions.every((p) => Number.isInteger(p) && p >= 1 && p <= n) && new Set(positions).size === n;
      if (!ok) return { error: 'needPositions' };
      return { value: q.choices.map((_, i) => i).sort((a, b) => positions[a] - positions[b]) };
    }
    if (q.type === 'matching') {
      const targets = q.choices.map((id) => q.choices.indexOf(slots[id]));
      if (targets.some((t) => t < 0)) return { error: 'needMatches' };
      return { value: targets };
    }
    return { error: 'needAnswer' };
  };

  /**
   * Neutral answer -> form state (the inverse of toValue), for restoring answers.
   * @param {{type: string, choices: string[]}} q
   * @param {unknown} value
   * @returns {CourseRuntime.FormState}
   */
  const toState = (q, value) => {
    const v = Array.isArray(value) ? value : [];
    if (isChoice(q)) return { picked: v.map((i) => q.choices[i]).filter(Boolean) };
    /** @type {Object<string, string>} */
    const slots = {};
    if (q.type === 'sequencing') v.forEach((item, pos) => { if (q.choices[item]) slots[q.choices[item]] = String(pos + 1); });
    if (q.type === 'matching') v.forEach((t, src) => { if (q.choices[src] && q.choices[t]) slots[q.choices[src]] = q.choices[t]; });
    return { slots };
  };

  /**
   * Grade a neutral answer: the verdict, each row's result and the feedback to reveal.
   * Choice questions: the chosen rows ("correct"/"incorrect"), and in multiple response also the
   * correct rows not chosen ("missed"); ordering and matching: every item.
   * @param {CourseRuntime.Question} q
   * @param {unknown} value
   * @returns {CourseRuntime.Grade}
   */
  const grade = (q, value) => {
    /** @type {number[]} */
    const v = Array.isArray(value) ? value : [];
    const correct = correctValue(q);
    /** @type {Object<string, string>} */
    const rows = {};
    let right = 0;
    if (isChoice(q)) {
      const chosen = sortedSet(v);
      q.choices.forEach((id, i) => {
        const isChosen = chosen.includes(i);
        const isCorrect = correct.includes(i);
        if (isChosen) rows[id] = isCorrect ? 'correct' : 'incorrect';
        else if (isCorrect && q.type === 'multiple') rows[id] = 'missed';
        if (isChosen && isCorrect) right++;
      });
      const ok = sameInts(chosen, correct);
      const partly = !ok && q.type === 'multiple' && right > 0;
      return { ok, result: ok ? 'correct' : partly ? 'partly' : 'incorrect', rows, feedback: Object.keys(rows) };
    }
    q.choices.forEach((id, i) => {
      // sequencing: the item at each position; matching: the target of each premise
      const good = q.type === 'sequencing' ? v.includes(i) && v.indexOf(i) === correct.indexOf(i) : v[i] === correct[i];
      rows[id] = good ? 'correct' : 'incorrect';
      if (good) right++;
    });
    const ok = sameInts(v, correct);
    return { ok, result: ok ? 'correct' : right > 0 ? 'partly' : 'incorrect', rows, feedback: q.choices.slice() };
  };

  /**
   * The question as tracker.answerAssessment takes it: ids are the same in every language.
   * @param {string} qid
   * @param {CourseRuntime.Question} q
   */
  const trackerQuestion = (qid, q) => {
    /**
     * @type {{id: string, type: string, correct: number[], objectives: string[], options?: string[], targets?: string[]}}
     */
    const out = { id: qid, type: trackerType(q.type), correct: correctValue(q), objectives: (q.objectives || []).slice() };
    if (q.type !== 'true-false') out.options = q.choices.slice();
    if (q.type === 'matching') out.targets = q.choices.slice();
    return out;
  };

  /**
   * The tracker's shape: lessons, check questions in lesson order, assessment, with option counts.
   * @param {{questions: Object<string, {choices: string[]}>, lessons?: string[], checks?: Object<string, string[]>,
   *          assessment?: string[], decisions?: Object<string, {depth: number}>}} config
   */
  const shapeOf = (config) => {
    /** @param {string} qid */
    const item = (qid) => {
      const q = config.questions[qid] || { choices: [] };
      return { id: qid, options: q.choices.length };
    };
    const lessons = config.lessons || [];
    const checks = [];
    for (const lesson of lessons) for (const qid of (config.checks || {})[lesson] || []) checks.push(item(qid));
    const decisions = Object.keys(config.decisions || {}).map((id) => ({ id, depth: (config.decisions || {})[id].depth }));
    return { lessons: lessons.slice(), checks, assessment: (config.assessment || []).map(item), decisions };
  };

  // -- Texts.
  /** Numbers with Latin digits in every language, and at most two decimals. */
  const LATIN = /** @type {const} */ ({ numberingSystem: 'latn', maximumFractionDigits: 2 });
  /** The Intl objects the page formats with, by kind; `locale` undefined means the browser's default. */
  const INTL = {
    /** @param {string} [locale] */
    number: (locale) => new Intl.NumberFormat(locale, LATIN),
    /** @param {string} [locale] */
    percent: (locale) => new Intl.NumberFormat(locale, { style: 'percent', ...LATIN }),
    /** @param {string} [locale] */
    date: (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', numberingSystem: 'latn' }),
    /** @param {string} [locale] */
    plural: (locale) => new Intl.PluralRules(locale),
  };

  /**
   * Fill {name} placeholders; unknown ones stay as they are.
   * @param {unknown} template
   * @param {Object<string, unknown>} [values]
   */
  const fill = (template, values) => String(template == null ? '' : template).replace(/\{(\w+)\}/g, (m, key) =>
      (values && values[key] != null ? String(values[key]) : m));

  /**
   * A message in a language, its placeholders filled.
   * @param {{strings: Object<string, unknown>}} loc
   * @param {string} key
   * @param {Object<string, unknown>} [values]
   */
  const say = (loc, key, values) => fill(loc.strings[key], values);

  /**
   * The plural form for a CLDR category, falling back to "other", then to any form.
   * @param {any} forms a text, or texts by category (from the page's JSON)
   * @param {string} category
   * @returns {string}
   */
  const pluralForm = (forms, category) => {
    if (typeof forms === 'string') return forms;
    if (!forms || typeof forms !== 'object') return '';
    if (typeof forms[category] === 'string') return forms[category];
    if (typeof forms.other === 'string') return forms.other;
    const any = Object.keys(forms)[0];
    return any ? String(forms[any]) : '';
  };

  /**
   * A learner's name the way a person reads it: SCORM 1.2 LMSs send "Last, First" (by the standard's
   * convention; scorm-again's test learner is "Tester, Acceptance"), some 2004 LMSs do too. One comma between
   * two parts is read as that order; anything else is shown as the LMS sent it.
   * @param {unknown} raw
   * @returns {string}
   */
  const personName = (raw) => {
    const name = oneLine(raw);
    const parts = name.split(',');
    if (parts.length !== 2) return name;
    const last = parts[0].trim();
    const first = parts[1].trim();
    return first && last ? first + ' ' + last : (first || last);
  };

  /**
   * Locale-aware formatting, with one Intl object per locale and kind, made when first needed (the first one costs
   * the browser its Intl start-up); without Intl for a locale, plain fallbacks.
   */
  const formatters = () => {
    /** @type {Map<string, any>} */
    const made = new Map();
    /** @template {keyof INTL} K @param {string} tag @param {K} kind @returns {ReturnType<typeof INTL[K]> | null} */
    const formatter = (tag, kind) => {
      const key = tag + ' ' + kind;
      if (!made.has(key)) {
        let one = null;
        try {
          one = INTL[kind](Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : undefined);
        } catch { /* no Intl for it: the plain fallbacks below */ }
        made.set(key, one);
      }
      return made.get(key);
    };
    return {
      /** @param {string} tag @param {number} n */
      number(tag, n) {
        const f = formatter(tag, 'number');
        return f ? f.format(n) : String(n);
      },
      /** @param {string} tag @param {number} p a percentage, 0..100 */
      percent(tag, p) {
        const f = formatter(tag, 'percent');
        return f ? f.format(p / 100) : String(p);
      },
      /** @param {string} tag @param {Date} d */
      longDate(tag, d) {
        const f = formatter(tag, 'date');
        return f ? f.format(d) : d.toISOString().slice(0, 10);
      },
      /**
       * The form of a message for n: {one: …, other: …} by the locale's plural rules.
       * @param {string} tag @param {unknown} forms @param {number} n
       */
      plural(tag, forms, n) {
        const f = formatter(tag, 'plural');
        return pluralForm(forms, f ? f.select(n) : 'other');
      },
    };
  };

  const logic = {
    isChoice, prng, shuffle, attemptOrder, checkOrder, trackerType, correctValue, toValue, toState, grade,
    trackerQuestion, shapeOf, fill, say, pluralForm, personName, oneLine, formatters,
  };
  CR.logic = logic;
  if (typeof module !== 'undefined' && module.exports) module.exports = logic;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
