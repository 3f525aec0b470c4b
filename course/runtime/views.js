// @ts-check
/*
 * CourseRuntime.views: the questions in the markup and the views made of them, in every loaded language. Reading
 * and writing a question's form controls (as the form state of CourseRuntime.logic) and its verdict, then the
 * renderers of the question views: knowledge-check verdicts, the assessment's order and missing answers, results
 * with the learner's own explanations, and the summary with the certificate. A renderer reads the page state
 * (CourseRuntime.store) and the tracker's and calls no tracker method, so a language switch only swaps the root.
 * Also the few DOM helpers every renderer uses.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));
  const { percentOf, reaches } = CR.tracker;
  const { isChoice, grade, toState, checkOrder, fill, say, oneLine, personName } = CR.logic;

  const REANNOUNCE_MS = 120; // an unchanged live-region text is cleared and set again, so it is read again
  /** The selector of one of the markup's slots (data-slot: the places the runtime writes to). @param {string} name */
  const slot = (name) => '[data-slot="' + name + '"]';
  const VERDICT = slot('verdict'); // a question's verdict, and the results'

  // -- DOM helpers.
  /** An attribute selector for any value. @param {string} name @param {unknown} value */
  const attr = (name, value) => '[' + name + '="' + String(value).replace(/["\\]/g, '\\$&') + '"]';

  /** @param {ParentNode | null | undefined} el @param {string} selector @returns {HTMLElement[]} */
  const all = (el, selector) => (el ? Array.from(el.querySelectorAll(selector)) : []);

  /** The first match in a language's part of the page. @param {CourseRuntime.Locale} loc @param {string} selector */
  const one = (loc, selector) => /** @type {HTMLElement | null} */ (loc.el.querySelector(selector));


  /** A view's section in a language. @param {CourseRuntime.Locale} loc @param {string} view */
  const section = (loc, view) => one(loc, 'section.view' + attr('data-view', view));

  /** Every match in every loaded language. @param {CourseRuntime.Store} store @param {string} selector */
  const everywhere = (store, selector) => {
    /** @type {HTMLElement[]} */
    const out = [];
    store.each((loc) => { out.push(...all(loc.el, selector)); });
    return out;
  };

  /** The last resort when the page cannot be wired: a locale's start page, shown as it is. @param {HTMLElement} el */
  const showStart = (el) => {
    const start = /** @type {HTMLElement | null} */ (el.querySelector('section.view[data-view="start"]'));
    el.hidden = false;
    if (start) start.hidden = false;
  };

  /**
   * Put the children of a list in the given order of ids (attribute name -> id).
   * @param {(Node & ParentNode) | null | undefined} list @param {string} name @param {string[] | undefined} ids
   */
  const reorder = (list, name, ids) => {
    if (!list || !ids) return;
    const byId = new Map();
    for (const child of Array.from(list.children)) byId.set(child.getAttribute(name), child);
    for (const id of ids) if (byId.has(id)) list.append(byId.get(id));

  };

  // -- Questions in the markup.
  /** @param {CourseRuntime.Locale} loc @param {string} qid @returns {HTMLFieldSetElement | null} */
  const fieldset = (loc, qid) => loc.el.querySelector('fieldset' + attr('data-question', qid));

  /** A question's stem on one line, as the learner reads it. @param {Element | null} fs */
  const stem = (fs) => {
    const legend = fs && fs.querySelector('legend');
    return oneLine(legend && legend.textContent);
  };

  /** @param {Element | null} fs @param {{type: string}} q @returns {CourseRuntime.FormState} */
  const readState = (fs, q) => {
    if (isChoice(q)) {
      return { picked: /** @type {HTMLInputElement[]} */ (all(fs, 'input:checked')).map((i) => i.value) };
    }
    /** @type {Object<string, string>} */
    const slots = {};
    for (const s of /** @type {HTMLSelectElement[]} */ (all(fs, '[data-item]'))) {
      slots[/** @type {string} */ (s.dataset.item)] = s.value;
    }
    return { slots };
  };

  /** @param {Element | null} fs @param {{type: string}} q @param {CourseRuntime.FormState} st */
  const writeState = (fs, q, st) => {
    if (!fs) return;
    if (isChoice(q)) {
      const picked = st.picked || [];
      for (const input of /** @type {HTMLInputElement[]} */ (all(fs, 'input'))) {
        input.checked = picked.includes(input.value);
      }
      return;
    }
    const slots = st.slots || {};
    for (const s of /** @type {HTMLSelectElement[]} */ (all(fs, '[data-item]'))) {
      s.value = slots[/** @type {string} */ (s.dataset.item)] || '';
    }
  };

  /** An element's result (data-result), or none. @param {HTMLElement} el @param {string | null | undefined | false} r */
  const mark = (el, r) => {
    if (r) el.dataset.result = r;
    else delete el.dataset.result;
  };

  /**
   * A question's rows and feedback as graded, or as before any grade (null).
   * @param {Element | null} fs @param {CourseRuntime.Grade | null} g
   */
  const showGrade = (fs, g) => {
    for (const row of all(fs, '[data-choice]')) mark(row, g && g.rows[/** @type {string} */ (row.dataset.choice)]);
    for (const fb of all(fs, '[data-feedback]')) {
      const id = /** @type {string} */ (fb.dataset.feedback);
      fb.hidden = !(g && g.feedback.includes(id));
      mark(fb, !fb.hidden && g && g.rows[id]);
    }
  };

  /**
   * The question views of one page.
   * @param {CourseRuntime.Page} page
   * @param {{check: EventListener, submit: EventListener, input: EventListener}} on the learner checks an answer,
   *   hands the assessment in, changes an answer in it
   */
  const create = (page, on) => {
    const { win, doc, store, state, fmt } = page;
    const { questions } = page.config;
    const ui = store.state;
    const each = store.each;

    /**
     * Set a live region's text so that it is announced even when the text is the same as before.
     * @param {HTMLElement | null} el @param {string} text @param {string} [result]
     */
    const setLive = (el, text, result) => {
      if (!el) return;
      mark(el, result);
      if (text && el.textContent === text) {
        el.textContent = '';
        win.setTimeout(() => { el.textContent = text; }, REANNOUNCE_MS);
      } else {
        el.textContent = text || '';
      }
    };

    /**
     * A language's question forms, wired: check verdicts are live regions from the start (or a change is not
     * announced) and its options show in their fixed shuffle (true/false keeps its two in place).
     * @param {CourseRuntime.Locale} loc
     */
    const prepare = (loc) => {
      for (const form of all(loc.el, '[data-check-question]')) {
        form.addEventListener('submit', on.check);
        const verdict = /** @type {HTMLElement | null} */ (form.querySelector(VERDICT));
        if (verdict) {
          verdict.hidden = false;
          verdict.setAttribute('role', 'status');
        }
        const qid = /** @type {string} */ (form.dataset.checkQuestion);
        const q = questions[qid];
        if (q && q.type !== 'true-false') reorder(form.querySelector('[data-choices]'), 'data-choice', checkOrder(qid, q));
      }
      for (const form of all(loc.el, '[data-assessment]')) {
        form.addEventListener('submit', on.submit);
        for (const type of ['change', 'input']) form.addEventListener(type, on.input);
      }
    };

    /**
     * Put answers (neutral form, by question id) into the forms of every language; with `verdicts`, knowledge-check
     * answers, also show their verdicts. @param {Object<string, unknown>} values @param {boolean} [verdicts]
     */
    const answers = (values, verdicts) => {
      for (const qid in values) {
        const q = questions[qid];
        if (q) each((loc) => writeState(fieldset(loc, qid), q, toState(q, values[qid])));
      }
      if (verdicts) checks(values);
    };

    /**
     * What the learner has in one language's forms, into another's.
     * @param {CourseRuntime.Locale} from @param {CourseRuntime.Locale} to
     */
    const copy = (from, to) => {
      for (const qid in questions) {
        const q = questions[qid];
        const a = fieldset(from, qid);
        if (a) writeState(fieldset(to, qid), q, readState(a, q));
      }
    };

    // -- Knowledge checks.
    /**
     * A check's verdict, rows and feedback: read out (checked now) or only shown (restored).
     * @param {string} qid @param {unknown} value @param {boolean} announce
     */
    const check = (qid, value, announce) => {
      const g = grade(questions[qid], value);
      each((loc) => {
        const fs = fieldset(loc, qid);
        if (!fs) return;
        showGrade(fs, g);
        const verdict = /** @type {HTMLElement | null} */ (fs.querySelector(VERDICT));
        if (announce) setLive(verdict, say(loc, g.result), g.result);
        else if (verdict) {
          verdict.textContent = say(loc, g.result);
          verdict.dataset.result = g.result;
        }
      });
    };

    /** The checks answered so far (neutral answers by question id), shown. @param {Object<string, unknown>} values */
    const checks = (values) => {
      for (const qid in values) if (questions[qid]) check(qid, values[qid], false);
    };

    /** A check asked for without an answer: what is missing, read out. @param {string} qid @param {string} error */
    const checkMissing = (qid, error) => {
      each((loc) => {
        const f = fieldset(loc, qid);
        if (!f) return;
        showGrade(f, null);
        setLive(/** @type {HTMLElement | null} */ (f.querySelector(VERDICT)), say(loc, error), 'unanswered');
      });
    };

    // -- The assessment.
    /** The attempt's order of questions and options. */
    const order = () => {
      const o = ui.attempt.order;
      if (!o) return;
      each((loc) => {
        const form = one(loc, '[data-assessment]');
        if (!form) return;
        const first = form.querySelector('[data-assessment-question]');
        reorder(first && first.parentNode, 'data-assessment-question', o.questions);
        for (const qid in o.choices) {
          const fs = fieldset(loc, qid);
          reorder(fs && fs.querySelector('[data-choices]'), 'data-choice', o.choices[qid]);
        }
      });
    };

    /** The questions left unanswered at the last submit, marked, and how many. */
    const missing = () => {
      each((loc) => {
        for (const li of all(loc.el, '[data-assessment-question]')) {
          li.toggleAttribute('data-unanswered', ui.missing.includes(/** @type {string} */ (li.dataset.assessmentQuestion)));
        }
        const err = one(loc, slot('assessment-error'));
        if (!err) return;
        const n = ui.missing.length;
        err.textContent = n ? fill(fmt.plural(loc.tag, loc.strings.unanswered, n), { num: fmt.number(loc.tag, n) }) : '';
        err.hidden = !n;
        err.tabIndex = -1;
      });
    };

    /** Read out what is missing, in the language shown (focusing again reads it again). */
    const focusMissing = () => {
      const err = one(store.shown(), slot('assessment-error'));
      if (!err) return;
      if (doc.activeElement === err) err.blur();
      err.focus();
    };

    /** A fresh attempt: its order, empty controls, nothing missing. */
    const attempt = () => {
      order();
      for (const form of /** @type {HTMLFormElement[]} */ (everywhere(store, '[data-assessment]'))) form.reset();
      missing();
    };

    // -- Results and summary.
    const results = () => {
      const a = ui.results;
      const grades = a ? a.order.questions.map((qid) => ({
        qid, g: grade(questions[qid], a.answers[qid]), shown: a.order.choices[qid] || questions[qid].choices,
      })) : [];
      const correct = grades.filter((x) => x.g.ok).length;
      const pct = percentOf(correct, grades.length);
      const st = state();
      const passingPct = (st.passingScore || 0) * 100;
      const passed = grades.length > 0 && reaches(pct, passingPct);
      // The best attempt counts (the LMS keeps it): a retake below the pass mark after a pass says so.
      const verdictKey = passed ? 'passed' : st.passed ? 'retakeBelowBest' : 'failed';
      // Every lesson of a wrong question: which pair of a matching item tests which objective is not known.
      const revisit = new Set(grades.filter((x) => !x.g.ok).flatMap((x) => questions[x.qid].lessons || []));
      each((loc) => {
        const view = section(loc, 'results');
        if (!view) return;
        const verdict = /** @type {HTMLElement | null} */ (view.querySelector(VERDICT));
        const score = view.querySelector(slot('score'));
        if (verdict) {
          /** @param {number} p */
          const pc = (p) => fmt.percent(loc.tag, p);
          verdict.textContent = grades.length ? say(loc, verdictKey, { percent: pc(pct), passing: pc(passingPct), best: pc(st.best || 0) }) : '';
          mark(verdict, grades.length > 0 && (passed || st.passed ? 'passed' : 'failed'));
        }
        if (score) score.textContent = grades.length ? say(loc, 'score', { score: fmt.number(loc.tag, correct), max: fmt.number(loc.tag, grades.length) }) : '';
        for (const li of all(view, 'li[data-revisit]')) li.hidden = !revisit.has(/** @type {string} */ (li.dataset.revisit));
        const box = /** @type {HTMLElement | null} */ (view.querySelector(slot('revisit-box')));
        if (box) box.hidden = revisit.size === 0;
        const list = view.querySelector(slot('review'));
        if (!list) return;
        list.replaceChildren(...grades.map(({ qid, g, shown }) => reviewItem(loc, qid, g, shown)));

      });
    };

    /**
     * One answer in the review: the verdict word, the stem, the explanations of the learner's own answer.
     * @param {CourseRuntime.Locale} loc @param {string} qid @param {CourseRuntime.Grade} g @param {string[]} shown
     */
    const reviewItem = (loc, qid, g, shown) => {
      /** @param {string} tag @param {string} className @param {string} text */
      const add = (tag, className, text) => {
        const el = doc.createElement(tag);
        el.className = className;
        el.textContent = text;
        return el;
      };
      const li = add('li', 'review-item', '');
      li.dataset.result = g.ok ? 'correct' : 'incorrect';
      li.dataset.question = qid;
      const fs = fieldset(loc, qid);
      li.append(
        add('p', 'review-verdict', say(loc, g.ok ? 'reviewCorrect' : 'reviewIncorrect')), add('p', 'review-stem', stem(fs)),
      );
      for (const id of shown) { // in the order that attempt showed them
        const r = g.rows[id];
        const fb = fs && fs.querySelector(attr('data-feedback', id));
        if (!fb || (r !== 'correct' && r !== 'incorrect')) continue; // the learner's own answers only
        const p = add('p', 'feedback review-feedback', oneLine(fb.textContent));
        p.dataset.result = r;
        li.append(p);
      }
      return li;
    };

    const summary = () => {
      const st = state();
      const passingPct = (st.passingScore || 0) * 100;
      const today = new Date();
      each((loc) => {
        const view = section(loc, 'summary');
        if (!view) return;
        const result = view.querySelector(slot('summary-result'));
        if (result) {
          result.textContent = st.best == null ? say(loc, 'notTaken')
            : say(loc, st.passed ? 'bestPassed' : 'bestFailed', { percent: fmt.percent(loc.tag, st.best), passing: fmt.percent(loc.tag, passingPct) });
        }
        const cert = /** @type {HTMLElement | null} */ (view.querySelector(slot('certificate')));
        const brand = one(loc, '.brand');
        const course = oneLine(brand && brand.textContent);

        if (cert) {
          const name = personName(st.learnerName);
          cert.textContent = !st.finished ? ''
            : say(loc, name ? 'certificate' : 'certificateNoName', { name, course, date: fmt.longDate(loc.tag, today) });
          cert.hidden = !st.finished;
        }
        for (const b of all(view, '[data-action="print"]')) b.hidden = !st.finished;
      });
    };

    return { prepare, answers, copy, check, checks, checkMissing, order, missing, focusMissing, attempt, results, summary };
  };

  const views = { attr, slot, all, one, section, everywhere, showStart, fieldset, stem, readState, create };
  CR.views = views;
  if (typeof module !== 'undefined' && module.exports) module.exports = views;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
