/*
 * CourseRuntime.app: the page wiring. Reads the course config from the page, starts the tracker, picks the
 * learner's language (the page holds the package's first one; CourseRuntime.locales loads any other when first
 * needed) and makes the views work: language, hash navigation, knowledge checks, the final assessment
 * (shuffled per attempt), results, summary. Every render goes to every loaded language, so a language switch
 * only copies the form controls and swaps the root; a language loaded mid-course catches up with the others.
 * Holds no learner-visible text: words come from each locale's strings JSON, numbers and dates from Intl.
 * Nothing here may throw at the learner: every handler is guarded.
 */
(function (root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || {});

  const CHOICE_TYPES = ['single', 'multiple', 'true-false'];
  const NOTICE_FADE_MS = 20000; // the calm "no LMS" notice leaves after a while; problems stay
  const REANNOUNCE_MS = 120; // an unchanged live-region text is cleared and set again, so it is read again
  /** The Intl objects the page formats with, by kind; `locale` undefined means the browser's default. */
  const INTL = {
    number: (locale) => new Intl.NumberFormat(locale, { numberingSystem: 'latn', maximumFractionDigits: 2 }),
    percent: (locale) => new Intl.NumberFormat(locale, { style: 'percent', numberingSystem: 'latn', maximumFractionDigits: 2 }),
    date: (locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'long', numberingSystem: 'latn' }),
    plural: (locale) => new Intl.PluralRules(locale),
  };

  // ------------------------------------------------------------------------------------------------
  // Pure helpers (no DOM), exported for tests/js/app.test.js.

  /** Mulberry32: a small seeded PRNG; the same seed gives the same sequence in every browser. */
  function prng(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  /** Fisher-Yates on a copy. */
  function shuffle(list, rand) {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const x = out[i];
      out[i] = out[j];
      out[j] = x;
    }
    return out;
  }

  /** FNV-1a 32-bit: a fixed shuffle seed from a question id. */
  function hash32(text) {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  }

  /** An ordering question lists its items in the right order in the markup: never show that order. */
  function notInOrder(order, source) {
    if (order.length < 2 || order.some((id, i) => id !== source[i])) return order;
    return order.slice(1).concat(order.slice(0, 1));
  }

  /**
   * The order of one assessment attempt: questions, and the options of each question (true/false keeps
   * its natural order). Deterministic for a seed, so a resumed attempt looks the same.
   * @param {number} seed
   * @param {string[]} questionIds the assessment in source order
   * @param {Object<string, {type: string, choices: string[]}>} questions
   * @returns {{questions: string[], choices: Object<string, string[]>}}
   */
  function attemptOrder(seed, questionIds, questions) {
    const rand = prng(seed);
    const order = { questions: shuffle(questionIds, rand), choices: {} };
    for (const qid of questionIds) {
      const q = questions[qid];
      if (!q || q.type === 'true-false') continue;
      const choices = shuffle(q.choices, rand);
      order.choices[qid] = q.type === 'sequencing' ? notInOrder(choices, q.choices) : choices;
    }
    return order;
  }

  /** The fixed item order of an ordering question in a knowledge check (not scored, not per attempt). */
  function checkOrder(qid, q) {
    return notInOrder(shuffle(q.choices, prng(hash32(qid))), q.choices);
  }

  /** The tracker's type for a question type. */
  function trackerType(type) {
    return type === 'single' || type === 'multiple' ? 'choice' : type;
  }

  /** The correct answer in the neutral form (source-order indexes, see formats.js). */
  function correctValue(q) {
    const idx = (id) => q.choices.indexOf(id);
    if (q.type === 'matching') return q.choices.map((id) => q.choices.indexOf(id)); // each premise's target has its id
    if (q.type === 'sequencing') return q.correct.map(idx);
    return q.correct.map(idx).filter((i) => i >= 0).sort((a, b) => a - b);
  }

  /**
   * Form state -> neutral answer, or the name of the message that says what is missing.
   * @param {{type: string, choices: string[]}} q
   * @param {{picked?: string[], slots?: Object<string, string>}} state picked: checked choice ids;
   *   slots: select value per item (sequencing: position "1".."n"; matching: target id)
   * @returns {{value: number[]}|{error: 'needAnswer'|'needPositions'|'needMatches'}}
   */
  function toValue(q, state) {
    const s = state || {};
    if (CHOICE_TYPES.indexOf(q.type) >= 0) {
      const picked = (s.picked || []).map((id) => q.choices.indexOf(id)).filter((i) => i >= 0);
      if (!picked.length) return { error: 'needAnswer' };
      if (q.type !== 'multiple') return { value: [picked[0]] };
      return { value: Array.from(new Set(picked)).sort((a, b) => a - b) };
    }
    const slots = s.slots || {};
    const n = q.choices.length;
    if (q.type === 'sequencing') {
      const positions = q.choices.map((id) => Number(slots[id]));
      const ok = positions.every((p) => Number.isInteger(p) && p >= 1 && p <= n) && new Set(positions).size === n;
      if (!ok) return { error: 'needPositions' };
      return { value: q.choices.map((id, i) => i).sort((a, b) => positions[a] - positions[b]) };
    }
    if (q.type === 'matching') {
      const targets = q.choices.map((id) => q.choices.indexOf(slots[id]));
      if (targets.some((t) => t < 0)) return { error: 'needMatches' };
      return { value: targets };
    }
    return { error: 'needAnswer' };
  }

  /** Neutral answer -> form state (the inverse of toValue), for restoring answers. */
  function toState(q, value) {
    const v = Array.isArray(value) ? value : [];
    if (CHOICE_TYPES.indexOf(q.type) >= 0) return { picked: v.map((i) => q.choices[i]).filter(Boolean) };
    const slots = {};
    if (q.type === 'sequencing') v.forEach((item, pos) => { if (q.choices[item]) slots[q.choices[item]] = String(pos + 1); });
    if (q.type === 'matching') v.forEach((t, src) => { if (q.choices[src] && q.choices[t]) slots[q.choices[src]] = q.choices[t]; });
    return { slots };
  }

  function sameInts(a, b) {
    return a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);
  }

  /**
   * Grade a neutral answer: the verdict, each row's result and the feedback to reveal.
   * Choice questions: the chosen rows ("correct"/"incorrect"), and in multiple response also the
   * correct rows not chosen ("missed"); ordering and matching: every item.
   * @returns {{ok: boolean, result: 'correct'|'incorrect'|'partly', rows: Object<string, string>, feedback: string[]}}
   */
  function grade(q, value) {
    const v = Array.isArray(value) ? value : [];
    const correct = correctValue(q);
    const rows = {};
    let right = 0;
    if (CHOICE_TYPES.indexOf(q.type) >= 0) {
      const chosen = Array.from(new Set(v)).sort((a, b) => a - b);
      q.choices.forEach((id, i) => {
        const isChosen = chosen.indexOf(i) >= 0;
        const isCorrect = correct.indexOf(i) >= 0;
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
      const good = q.type === 'sequencing' ? v.indexOf(i) >= 0 && v.indexOf(i) === correct.indexOf(i) : v[i] === correct[i];
      rows[id] = good ? 'correct' : 'incorrect';
      if (good) right++;
    });
    const ok = sameInts(v, correct);
    return { ok, result: ok ? 'correct' : right > 0 ? 'partly' : 'incorrect', rows, feedback: q.choices.slice() };
  }

  /** The question as tracker.answerAssessment takes it: ids are the same in every language. */
  function trackerQuestion(qid, q) {
    const out = { id: qid, type: trackerType(q.type), correct: correctValue(q), objectiveId: q.lesson || undefined };
    if (q.type !== 'true-false') out.options = q.choices.slice();
    if (q.type === 'matching') out.targets = q.choices.slice();
    return out;
  }

  /** The tracker's shape: lessons, check questions in lesson order, assessment, with option counts. */
  function shapeOf(config) {
    const item = (qid) => {
      const q = config.questions[qid] || { choices: [] };
      return { id: qid, options: q.choices.length };
    };
    const lessons = config.lessons || [];
    const checks = [];
    for (const lesson of lessons) for (const qid of (config.checks || {})[lesson] || []) checks.push(item(qid));
    return { lessons: lessons.slice(), checks, assessment: (config.assessment || []).map(item) };
  }

  /** Percent with two decimals at most, the same rounding as tracker.scoreAssessment. */
  function percentOf(correct, total) {
    return total > 0 ? Math.round((10000 * Math.max(0, Math.min(correct, total))) / total) / 100 : 0;
  }

  /** Fill {name} placeholders; unknown ones stay as they are. */
  function fill(template, values) {
    return String(template == null ? '' : template).replace(/\{(\w+)\}/g, (m, key) =>
      (values && values[key] != null ? String(values[key]) : m));
  }

  /** The plural form for a CLDR category, falling back to "other", then to any form. */
  function pluralForm(forms, category) {
    if (typeof forms === 'string') return forms;
    if (!forms || typeof forms !== 'object') return '';
    if (typeof forms[category] === 'string') return forms[category];
    if (typeof forms.other === 'string') return forms.other;
    const any = Object.keys(forms)[0];
    return any ? String(forms[any]) : '';
  }

  /**
   * A learner's name the way a person reads it: SCORM 1.2 LMSs send "Last, First" (by the standard's
   * convention; scorm-again's test learner is "Tester, Acceptance"), some 2004 LMSs do too. One comma between
   * two parts is read as that order; anything else is shown as the LMS sent it.
   * @param {string} raw
   * @returns {string}
   */
  function personName(raw) {
    const name = String(raw || '').replace(/\s+/g, ' ').trim();
    const parts = name.split(',');
    if (parts.length !== 2) return name;
    const last = parts[0].trim();
    const first = parts[1].trim();
    return first && last ? first + ' ' + last : (first || last);
  }

  /** The view a location hash names, or null ("#sv-main" from the skip link is not a view). */
  function viewFromHash(hash, views) {
    let id = String(hash || '').replace(/^#/, '');
    try { id = decodeURIComponent(id); } catch (e) { /* keep it raw */ }
    return views.indexOf(id) >= 0 ? id : null;
  }

  /**
   * Where "continue where you left off" leads: the bookmark unless it is the start page, else the
   * first unseen lesson, else the assessment while not passed, else the summary; null without progress.
   */
  function resumeTarget(state, lessons, views) {
    const s = state || {};
    const seen = s.seen || [];
    if (s.view && s.view !== 'start' && views.indexOf(s.view) >= 0) return s.view;
    if (!seen.length && !s.attempt) return null;
    const next = lessons.find((id) => seen.indexOf(id) < 0);
    if (next) return 'lesson/' + next;
    return s.passed ? 'summary' : 'assessment';
  }

  /** The menu entry that stands for a view, and how (a check belongs to its lesson, results to the assessment). */
  function menuEntry(view) {
    if (view.indexOf('check/') === 0) return { nav: 'lesson/' + view.slice(6), current: 'true' };
    if (view === 'results') return { nav: 'assessment', current: 'true' };
    return { nav: view, current: 'page' };
  }

  // ------------------------------------------------------------------------------------------------
  // The page.

  /** The last resort when the page cannot be wired: a locale's start page, shown as it is. */
  function showStart(el) {
    const start = el.querySelector('section.view[data-view="start"]');
    el.hidden = false;
    if (start) start.hidden = false;
  }

  function attr(name, value) {
    return '[' + name + '="' + String(value).replace(/["\\]/g, '\\$&') + '"]';
  }

  function all(el, selector) {
    return el ? Array.prototype.slice.call(el.querySelectorAll(selector)) : [];
  }

  function oneLine(text) {
    return String(text || '').replace(/\s+/g, ' ').trim();
  }

  /**
   * Wire the page. Returns a small handle for diagnostics; never throws.
   * @param {Window} [w] the window (globalThis)
   */
  function boot(w) {
    const win = w || root;
    const doc = win.document;
    const logger = win.console;

    function warn(message, e) {
      try { logger.warn('[course-runtime] ' + message + (e ? ': ' + ((e && e.stack) || e) : '')); } catch (x) { /* silent */ }
    }

    /** Wrap a handler so that nothing it does reaches the learner as an error. */
    function safe(name, fn) {
      return function () {
        try {
          return fn.apply(this, arguments);
        } catch (e) {
          warn(name + ' failed', e);
          return undefined;
        }
      };
    }

    function readJson(el) {
      try { return el ? JSON.parse(el.textContent) : null; } catch (e) { warn('unreadable JSON in the page', e); return null; }
    }

    const config = readJson(doc.getElementById('course-config')) || {};
    config.questions = config.questions || {};
    config.lessons = config.lessons || [];
    config.assessment = (config.assessment || []).filter((qid) => config.questions[qid]);
    const tags = (config.locales || []).filter((tag) => typeof tag === 'string');
    if (!tags.length) return null;
    const locales = new Map(); // the loaded languages: tag -> {tag, el, strings}
    const roots = []; // the same, in the order they arrived; every render goes to each
    let views = []; // every locale has the same views: read from the first to arrive

    const ui = {
      locale: null, // the language shown
      wanted: null, // the language asked for last; a switch to any other that arrives late is dropped
      view: null,
      resume: null,
      notice: { base: null, problem: null, timer: null },
      // The attempt the form shows. It is begun in the tracker (which clears the last attempt's answers)
      // only when the learner starts answering or asks for a retake, so a visit does not cost a result.
      attempt: { seed: 0, order: null, started: false, shownAt: 0, first: {} },
      results: null, // the last handed-in attempt: {order, answers}
      missing: [], // assessment questions left unanswered at the last submit
      exited: false, // the learner left by the Exit control: the closing panel shows
    };

    // -- Locale-aware formatting (Latin digits everywhere, as the server-rendered numbers have), with one Intl object
    // per locale and kind, made when first needed.
    const formatters = new Map();
    function formatter(tag, kind) {
      const key = tag + ' ' + kind;
      if (!formatters.has(key)) {
        let made = null;
        try {
          made = INTL[kind](Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : undefined);
        } catch (e) { /* no Intl for it: the plain fallbacks below */ }
        formatters.set(key, made);
      }
      return formatters.get(key);
    }
    function number(tag, n) {
      const f = formatter(tag, 'number');
      return f ? f.format(n) : String(n);
    }
    function percent(tag, p) {
      const f = formatter(tag, 'percent');
      return f ? f.format(p / 100) : String(p);
    }
    function longDate(tag, d) {
      const f = formatter(tag, 'date');
      return f ? f.format(d) : d.toISOString().slice(0, 10);
    }
    function plural(tag, forms, n) {
      const f = formatter(tag, 'plural');
      return pluralForm(forms, f ? f.select(n) : 'other');
    }
    const say = (loc, key, values) => fill(loc.strings[key], values);

    /** Set a live region's text so that it is announced even when the text is the same as before. */
    function setLive(el, text, result) {
      if (!el) return;
      if (result) el.setAttribute('data-result', result);
      else el.removeAttribute('data-result');
      if (text && el.textContent === text) {
        el.textContent = '';
        win.setTimeout(() => { el.textContent = text; }, REANNOUNCE_MS);
      } else {
        el.textContent = text || '';
      }
    }

    // -- Tracker.
    const tracker = CR.tracker.create({
      courseId: config.id || 'course',
      packageId: config.package,
      shape: shapeOf(config),
      passingScore: (Number(config.passingScore) || 0) / 100,
      locales: tags,
      defaultLocale: config.sourceLocale || tags[0],
    });
    tracker.onSaveProblem(safe('save problem', (p) => {
      if (p && p.recovered) ui.notice.problem = null;
      else if (p && p.kind === 'initialize') ui.notice.base = 'lmsFailed';
      else if (p && p.kind === 'storage') ui.notice.base = ui.notice.base === 'lmsFailed' ? 'lmsFailed' : 'noStorage';
      else if (p && p.kind !== 'terminate') ui.notice.problem = 'saveProblem';
      renderNotice();
    }));
    const snap = tracker.start() || {};
    if (snap.mode === 'memory' && ui.notice.base !== 'lmsFailed') ui.notice.base = 'noStorage';
    if (snap.mode === 'local' && !ui.notice.base) {
      ui.notice.base = 'noLms';
      ui.notice.timer = win.setTimeout(safe('notice', () => {
        if (ui.notice.base === 'noLms') ui.notice.base = null;
        renderNotice();
      }), NOTICE_FADE_MS);
    }

    function state() {
      return tracker.state() || snap;
    }

    function renderNotice() {
      const key = ui.notice.problem || ui.notice.base;
      for (const loc of roots) {
        const el = loc.el.querySelector('[data-slot="notice"]');
        if (!el) continue;
        el.textContent = key ? say(loc, key) : '';
        if (key) el.setAttribute('data-kind', key);
        else el.removeAttribute('data-kind');
      }
    }

    /** In review or browse mode the learner is told, calmly and for the whole visit, that nothing is recorded. */
    function renderMode() {
      const mode = snap.lmsMode === 'review' ? 'modeReview' : snap.lmsMode === 'browse' ? 'modeBrowse' : null;
      for (const loc of roots) {
        const el = loc.el.querySelector('[data-slot="mode"]');
        if (!el) continue;
        el.textContent = mode ? say(loc, mode) : '';
        el.hidden = !mode;
      }
    }

    // -- Questions in the markup.
    function fieldset(loc, qid) {
      return loc.el.querySelector('fieldset' + attr('data-question', qid));
    }

    function readState(fs, q) {
      if (CHOICE_TYPES.indexOf(q.type) >= 0) return { picked: all(fs, 'input:checked').map((i) => i.value) };
      const slots = {};
      for (const s of all(fs, 'select[data-item]')) slots[s.getAttribute('data-item')] = s.value;
      return { slots };
    }

    function writeState(fs, q, st) {
      if (!fs) return;
      if (CHOICE_TYPES.indexOf(q.type) >= 0) {
        const picked = st.picked || [];
        for (const input of all(fs, 'input')) input.checked = picked.indexOf(input.value) >= 0;
        return;
      }
      const slots = st.slots || {};
      for (const s of all(fs, 'select[data-item]')) s.value = slots[s.getAttribute('data-item')] || '';
    }

    function clearGrade(fs) {
      for (const row of all(fs, '[data-choice]')) row.removeAttribute('data-result');
      for (const fb of all(fs, '[data-feedback]')) {
        fb.hidden = true;
        fb.removeAttribute('data-result');
      }
    }

    function showGrade(fs, g) {
      clearGrade(fs);
      for (const row of all(fs, '[data-choice]')) {
        const r = g.rows[row.getAttribute('data-choice')];
        if (r) row.setAttribute('data-result', r);
      }
      for (const fb of all(fs, '[data-feedback]')) {
        const id = fb.getAttribute('data-feedback');
        if (g.feedback.indexOf(id) >= 0) {
          fb.hidden = false;
          if (g.rows[id]) fb.setAttribute('data-result', g.rows[id]);
        }
      }
    }

    /** Put the children of a list in the given order of ids (attribute name -> id). */
    function reorder(list, name, ids) {
      if (!list || !ids) return;
      const byId = new Map();
      for (const child of Array.prototype.slice.call(list.children)) byId.set(child.getAttribute(name), child);
      for (const id of ids) if (byId.has(id)) list.appendChild(byId.get(id));
    }

    // -- Progress, menu, resume button.
    function renderProgress() {
      const st = state();
      const seen = st.seen || [];
      const total = config.lessons.length || 1;
      for (const loc of roots) {
        for (const li of all(loc.el, '[data-menu-lesson]')) {
          const isSeen = seen.indexOf(li.getAttribute('data-menu-lesson')) >= 0;
          for (const s of all(li, '.menu-state[data-state]')) s.hidden = s.getAttribute('data-state') !== (isSeen ? 'seen' : 'new');
        }
        for (const bar of all(loc.el, '.progress-bar')) {
          bar.setAttribute('aria-valuenow', String(seen.length));
          bar.style.setProperty('--progress', String(Math.min(1, seen.length / total)));
        }
      }
    }

    function renderMenu() {
      const entry = ui.view ? menuEntry(ui.view) : null;
      for (const loc of roots) {
        for (const a of all(loc.el, '.menu a[data-nav]')) {
          if (entry && a.getAttribute('data-nav') === entry.nav) a.setAttribute('aria-current', entry.current);
          else a.removeAttribute('aria-current');
        }
      }
    }

    function renderResume() {
      const target = ui.resume;
      for (const loc of roots) {
        for (const a of all(loc.el, '[data-resume]')) {
          a.hidden = !target;
          if (target) {
            a.setAttribute('href', '#' + target);
            a.setAttribute('data-nav', target);
          }
        }
        for (const el of all(loc.el, '[data-resume-hide]')) el.hidden = !!target;
      }
    }

    /** The pages show the package's passing score, formatted at build time; an LMS mastery score replaces it. */
    function renderPassing() {
      const passing = (state().passingScore || 0) * 100;
      // Left alone when it is the same: the first number formatted costs the browser its Intl start-up (30-60 ms).
      if (Math.abs(passing - Number(config.passingScore)) < 1e-9) return;
      for (const loc of roots) for (const el of all(loc.el, '[data-slot="passing"]')) el.textContent = percent(loc.tag, passing);
    }

    // -- Knowledge checks.
    function renderCheck(qid, value, announce) {
      const q = config.questions[qid];
      const g = grade(q, value);
      for (const loc of roots) {
        const fs = fieldset(loc, qid);
        if (!fs) continue;
        showGrade(fs, g);
        const verdict = fs.querySelector('[data-slot="verdict"]');
        if (announce) setLive(verdict, say(loc, g.result), g.result);
        else if (verdict) {
          verdict.textContent = say(loc, g.result);
          verdict.setAttribute('data-result', g.result);
        }
      }
    }

    const onCheck = safe('check', function (event) {
      event.preventDefault();
      const form = event.currentTarget;
      const qid = form.getAttribute('data-check-question');
      const q = config.questions[qid];
      const fs = form.querySelector('fieldset');
      if (!q || !fs) return;
      const r = toValue(q, readState(fs, q));
      if (r.error) {
        for (const loc of roots) {
          const f = fieldset(loc, qid);
          if (!f) continue;
          clearGrade(f);
          setLive(f.querySelector('[data-slot="verdict"]'), say(loc, r.error), 'unanswered');
        }
        return;
      }
      tracker.answerCheck(qid, r.value);
      renderCheck(qid, r.value, true);
    });

    // -- Final assessment.
    function applyOrder() {
      const order = ui.attempt.order;
      if (!order) return;
      for (const loc of roots) {
        const form = loc.el.querySelector('form[data-assessment]');
        if (!form) continue;
        const first = form.querySelector('li[data-assessment-question]');
        reorder(first && first.parentNode, 'data-assessment-question', order.questions);
        for (const qid of Object.keys(order.choices)) {
          const fs = fieldset(loc, qid);
          reorder(fs && fs.querySelector('[data-choices]'), 'data-choice', order.choices[qid]);
        }
      }
    }

    function renderMissing() {
      for (const loc of roots) {
        for (const li of all(loc.el, 'li[data-assessment-question]')) {
          if (ui.missing.indexOf(li.getAttribute('data-assessment-question')) >= 0) li.setAttribute('data-unanswered', '');
          else li.removeAttribute('data-unanswered');
        }
        const err = loc.el.querySelector('[data-slot="assessment-error"]');
        if (!err) continue;
        const n = ui.missing.length;
        err.textContent = n ? fill(plural(loc.tag, loc.strings.unanswered, n), { num: number(loc.tag, n) }) : '';
        err.hidden = !n;
        err.setAttribute('tabindex', '-1');
      }
    }

    function resetAssessment() {
      ui.missing = [];
      for (const loc of roots) {
        const form = loc.el.querySelector('form[data-assessment]');
        if (form) form.reset();
      }
      renderMissing();
    }

    /** A fresh attempt in the form: new shuffle, empty controls; begun in the tracker now or at the first answer. */
    function prepareAttempt(seed, started) {
      const s = Number.isInteger(seed) ? seed >>> 0 : Math.floor(Math.random() * 0x100000000) >>> 0;
      ui.attempt = { seed: s, order: attemptOrder(s, config.assessment, config.questions), started: !!started, shownAt: 0, first: {} };
      applyOrder();
      resetAssessment();
    }

    function beginAttempt() {
      if (ui.attempt.started) return;
      ui.attempt.started = true;
      tracker.startAttempt(ui.attempt.seed);
    }

    const onAssessmentInput = safe('assessment input', function (event) {
      const li = event.target && event.target.closest && event.target.closest('li[data-assessment-question]');
      if (!li) return;
      const qid = li.getAttribute('data-assessment-question');
      const q = config.questions[qid];
      beginAttempt();
      if (!ui.attempt.first[qid]) ui.attempt.first[qid] = Date.now();
      const answer = toValue(q, readState(li.querySelector('fieldset'), q));
      if (!answer.error) tracker.draftAssessment(qid, answer.value); // kept if the learner leaves before handing in
      const at = ui.missing.indexOf(qid);
      if (at >= 0 && !answer.error) {
        ui.missing.splice(at, 1);
        renderMissing();
      }
    });

    const onAssessment = safe('assessment', function (event) {
      event.preventDefault();
      const loc = locales.get(ui.locale);
      const order = ui.attempt.order;
      if (!order || ui.view !== 'assessment') return;
      const values = {};
      const missing = [];
      for (const qid of order.questions) {
        const q = config.questions[qid];
        const fs = fieldset(loc, qid);
        const r = fs ? toValue(q, readState(fs, q)) : { error: 'needAnswer' };
        if (r.error) missing.push(qid);
        else values[qid] = r.value;
      }
      ui.missing = missing;
      renderMissing();
      if (missing.length) {
        const err = loc.el.querySelector('[data-slot="assessment-error"]');
        if (err) {
          if (doc.activeElement === err) err.blur(); // focusing again reads it again
          err.focus();
        }
        return;
      }
      beginAttempt();
      const shownAt = ui.attempt.shownAt || Date.now(); // every question of the attempt is shown at once
      let correct = 0;
      for (const qid of order.questions) {
        const q = config.questions[qid];
        const fs = fieldset(loc, qid);
        const legend = fs && fs.querySelector('legend');
        tracker.answerAssessment(trackerQuestion(qid, q), values[qid], {
          shownAt, answeredAt: ui.attempt.first[qid], description: oneLine(legend && legend.textContent),
        });
        if (grade(q, values[qid]).ok) correct++;
      }
      tracker.scoreAssessment(correct, order.questions.length);
      ui.results = { order, answers: values };
      renderResults();
      prepareAttempt(); // handed in: the form is ready for the next attempt
      navigate('results');
    });

    // -- Results and summary.
    function renderResults() {
      const a = ui.results;
      const grades = a ? a.order.questions.map((qid) => ({ qid, g: grade(config.questions[qid], a.answers[qid]) })) : [];
      const correct = grades.filter((x) => x.g.ok).length;
      const pct = percentOf(correct, grades.length);
      const st = state();
      const passingPct = (st.passingScore || 0) * 100;
      const passed = grades.length > 0 && pct + 1e-9 >= passingPct;
      // The best attempt counts (the LMS keeps it): a retake below the pass mark after a pass says so.
      const verdictKey = passed ? 'passed' : st.passed ? 'retakeBelowBest' : 'failed';
      const revisit = new Set(grades.filter((x) => !x.g.ok).map((x) => config.questions[x.qid].lesson));
      for (const loc of roots) {
        const view = loc.el.querySelector('section[data-view="results"]');
        if (!view) continue;
        const verdict = view.querySelector('[data-slot="verdict"]');
        const score = view.querySelector('[data-slot="score"]');
        if (verdict) {
          verdict.textContent = grades.length ? say(loc, verdictKey, {
            percent: percent(loc.tag, pct), passing: percent(loc.tag, passingPct), best: percent(loc.tag, st.best || 0),
          }) : '';
          if (grades.length) verdict.setAttribute('data-result', passed || st.passed ? 'passed' : 'failed');
          else verdict.removeAttribute('data-result');
        }
        if (score) score.textContent = grades.length ? say(loc, 'score', { score: number(loc.tag, correct), max: number(loc.tag, grades.length) }) : '';
        for (const li of all(view, 'li[data-revisit]')) li.hidden = !revisit.has(li.getAttribute('data-revisit'));
        const box = view.querySelector('[data-slot="revisit-box"]');
        if (box) box.hidden = revisit.size === 0;
        const list = view.querySelector('[data-slot="review"]');
        if (!list) continue;
        while (list.firstChild) list.removeChild(list.firstChild);
        for (const { qid, g } of grades) list.appendChild(reviewItem(loc, qid, g, a.order.choices[qid] || config.questions[qid].choices));
      }
    }

    /** One answer in the review: the verdict word, the stem, the explanations of the learner's own answer. */
    function reviewItem(loc, qid, g, choiceOrder) {
      const li = doc.createElement('li');
      li.className = 'review-item';
      li.setAttribute('data-result', g.ok ? 'correct' : 'incorrect');
      li.setAttribute('data-question', qid);
      const verdict = doc.createElement('p');
      verdict.className = 'review-verdict';
      verdict.textContent = say(loc, g.ok ? 'reviewCorrect' : 'reviewIncorrect');
      li.appendChild(verdict);
      const fs = fieldset(loc, qid);
      const legend = fs && fs.querySelector('legend');
      const stem = doc.createElement('p');
      stem.className = 'review-stem';
      stem.textContent = oneLine(legend && legend.textContent);
      li.appendChild(stem);
      for (const id of choiceOrder) { // in the order that attempt showed them
        const r = g.rows[id];
        const fb = fs && fs.querySelector(attr('data-feedback', id));
        if (!fb || (r !== 'correct' && r !== 'incorrect')) continue; // the learner's own answers only
        const p = doc.createElement('p');
        p.className = 'feedback review-feedback';
        p.setAttribute('data-result', r);
        p.textContent = oneLine(fb.textContent);
        li.appendChild(p);
      }
      return li;
    }

    function renderSummary() {
      const st = state();
      const passingPct = (st.passingScore || 0) * 100;
      const today = new Date();
      for (const loc of roots) {
        const view = loc.el.querySelector('section[data-view="summary"]');
        if (!view) continue;
        const result = view.querySelector('[data-slot="summary-result"]');
        if (result) {
          const best = st.best;
          result.textContent = best === null || best === undefined ? say(loc, 'notTaken')
            : say(loc, st.passed ? 'bestPassed' : 'bestFailed', { percent: percent(loc.tag, best), passing: percent(loc.tag, passingPct) });
        }
        const cert = view.querySelector('[data-slot="certificate"]');
        const brand = loc.el.querySelector('.brand');
        const course = oneLine(brand ? brand.textContent : '');
        if (cert) {
          const name = personName(st.learnerName);
          cert.textContent = !st.finished ? ''
            : say(loc, name ? 'certificate' : 'certificateNoName', { name, course, date: longDate(loc.tag, today) });
          cert.hidden = !st.finished;
        }
        for (const b of all(view, '[data-action="print"]')) b.hidden = !st.finished;
      }
    }

    // -- Views and navigation.
    function setTitle() {
      const loc = locales.get(ui.locale);
      const brand = loc.el.querySelector('.brand');
      const course = oneLine(brand && brand.textContent);
      const view = ui.view && loc.el.querySelector('section.view' + attr('data-view', ui.view));
      const h1 = view && view.querySelector('h1');
      const page = oneLine(h1 && h1.textContent);
      doc.title = !page || page === course ? course || doc.title : say(loc, 'pageTitle', { page, course });
    }

    /** The view to show for a requested one: there are no results before an attempt is handed in. */
    function resolve(view) {
      if (view === 'results' && !ui.results) return 'assessment';
      return views.indexOf(view) >= 0 ? view : 'start';
    }

    function replaceHash(view) {
      try {
        win.history.replaceState(win.history.state, '', '#' + view);
      } catch (e) {
        try { win.location.replace('#' + view); } catch (x) { /* the view shows anyway */ }
      }
    }

    /** Show a view: every locale, menu, title, bookmark, lesson seen, focus on its heading. */
    function go(requested, opts) {
      if (ui.exited) return;
      const o = opts || {};
      const view = resolve(requested);
      if (viewFromHash(win.location.hash, views) !== view) replaceHash(view);
      if (view === 'assessment' && !ui.attempt.shownAt) ui.attempt.shownAt = Date.now();
      ui.view = view;
      for (const loc of roots) {
        for (const s of all(loc.el, 'section.view[data-view]')) s.hidden = s.getAttribute('data-view') !== view;
      }
      tracker.visit(view);
      if (view.indexOf('lesson/') === 0) tracker.lessonSeen(view.slice(7));
      if (view !== 'start') ui.resume = view;
      if (view === 'results') renderResults();
      if (view === 'summary') renderSummary();
      renderProgress();
      renderMenu();
      renderResume();
      setTitle();
      if (o.initial && view === 'start') return;
      const loc = locales.get(ui.locale);
      const h1 = loc.el.querySelector('section.view' + attr('data-view', view) + ' h1');
      if (h1) {
        if (!h1.hasAttribute('tabindex')) h1.setAttribute('tabindex', '-1');
        h1.focus({ preventScroll: true });
      }
      try { win.scrollTo(0, 0); } catch (e) { /* not scrollable: fine */ }
    }

    /** Go to a view now, with a history entry (so Back works); the hashchange that follows finds it shown. */
    function navigate(view) {
      if (viewFromHash(win.location.hash, views) !== view) win.location.hash = '#' + view;
      go(view);
    }

    const onHash = safe('hashchange', () => {
      const view = viewFromHash(win.location.hash, views);
      if (view && view !== ui.view) go(view);
    });

    const onClick = safe('click', function (event) {
      const t = event.target && event.target.closest ? event.target : null;
      if (!t) return;
      const lang = t.closest('button[data-switch-locale]');
      if (lang) return switchLocale(lang.getAttribute('data-switch-locale'));
      const action = t.closest('[data-action]');
      if (action && action.getAttribute('data-action') === 'retake') {
        event.preventDefault();
        prepareAttempt(undefined, false);
        beginAttempt();
        return navigate('assessment');
      }
      if (action && action.getAttribute('data-action') === 'print') {
        event.preventDefault();
        return win.print();
      }
      if (action && action.getAttribute('data-action') === 'exit') {
        event.preventDefault();
        return exitCourse();
      }
      const link = t.closest('a[data-nav]');
      // A link to the view already shown: refocus its heading as navigation would.
      if (link && link.getAttribute('data-nav') === ui.view) {
        event.preventDefault();
        go(ui.view);
      }
    });

    /**
     * The learner's Exit: save and close while the page is alive. Saved, the views give way to a closing panel
     * (in SCORM 2004 the LMS closes the SCO itself); not confirmed, the notice says so and the course goes on.
     */
    function exitCourse() {
      if (ui.exited) return;
      if (!tracker.exit()) {
        ui.notice.problem = 'exitFailed';
        renderNotice();
        return;
      }
      ui.exited = true;
      if (ui.notice.problem === 'exitFailed') ui.notice.problem = null;
      renderNotice();
      renderExited();
      const panel = locales.get(ui.locale).el.querySelector('[data-slot="exited"] h1');
      if (panel) panel.focus({ preventScroll: true });
    }

    function renderExited() {
      if (!ui.exited) return;
      for (const loc of roots) {
        for (const s of all(loc.el, 'section.view[data-view]')) s.hidden = true;
        for (const el of all(loc.el, '[data-slot="exited"]')) el.hidden = false;
        for (const b of all(loc.el, '[data-action="exit"]')) b.hidden = true;
      }
    }

    // -- Language.
    function showLocale(tag) {
      const loc = locales.get(tag);
      ui.locale = tag;
      for (const el of all(doc, '.locale[data-locale]')) el.hidden = el !== loc.el; // the page's own too, if not adopted
      doc.documentElement.setAttribute('lang', loc.el.getAttribute('lang') || tag);
      doc.documentElement.setAttribute('dir', loc.el.getAttribute('dir') || 'ltr');
      for (const other of roots) {
        for (const b of all(other.el, 'button[data-switch-locale]')) {
          b.setAttribute('aria-pressed', b.getAttribute('data-switch-locale') === tag ? 'true' : 'false');
        }
      }
    }

    /**
     * Switch language, loading it first if it is new (its buttons are busy meanwhile); the last language asked
     * for wins. If it cannot be loaded, the page stays as it is and the notice says so until a switch succeeds.
     */
    function switchLocale(tag) {
      if (tags.indexOf(tag) < 0) return;
      ui.wanted = tag;
      const buttons = all(doc, 'button' + attr('data-switch-locale', tag));
      if (!locales.has(tag)) for (const b of buttons) b.setAttribute('aria-busy', 'true');
      const settled = (problem) => {
        for (const b of buttons) b.removeAttribute('aria-busy');
        if (problem || ui.notice.problem === 'languageFailed') ui.notice.problem = problem;
        renderNotice();
      };
      arrive(tag).then(
        safe('language', () => {
          settled(null);
          if (ui.wanted === tag) showSwitched(tag);
        }),
        (e) => {
          warn('the language ' + tag + ' could not be loaded', e);
          settled('languageFailed');
        },
      );
    }

    /** Show a loaded language: form controls follow, everything else is already rendered in it. */
    function showSwitched(tag) {
      if (tag === ui.locale) return;
      const from = locales.get(ui.locale);
      const to = locales.get(tag);
      for (const qid of Object.keys(config.questions)) {
        const q = config.questions[qid];
        const a = fieldset(from, qid);
        if (a) writeState(fieldset(to, qid), q, readState(a, q));
      }
      const menuFrom = from.el.querySelector('details.menu-toggle');
      const menuTo = to.el.querySelector('details.menu-toggle');
      if (menuFrom && menuTo) menuTo.open = menuFrom.open;
      const y = win.scrollY || 0;
      showLocale(tag);
      tracker.setLocale(tag);
      setTitle();
      const pressed = to.el.querySelector('button' + attr('data-switch-locale', tag));
      if (pressed) pressed.focus({ preventScroll: true });
      try { win.scrollTo(0, y); } catch (e) { /* fine */ }
    }

    // -- Start.
    function restore() {
      for (const qid of Object.keys(snap.checks || {})) {
        const q = config.questions[qid];
        if (!q) continue;
        for (const loc of roots) writeState(fieldset(loc, qid), q, toState(q, snap.checks[qid]));
        renderCheck(qid, snap.checks[qid], false);
      }
      const answers = snap.answers || {};
      const seed = snap.seed >>> 0;
      const handedIn = snap.last !== null && snap.last !== undefined;
      if (snap.attempt > 0 && handedIn && Object.keys(answers).length) {
        ui.results = { order: attemptOrder(seed, config.assessment, config.questions), answers };
        prepareAttempt();
      } else if (snap.attempt > 0) {
        prepareAttempt(seed, true); // begun before the learner left: the same order, with the answers given so far
        for (const qid of Object.keys(answers)) {
          const q = config.questions[qid];
          if (q) for (const loc of roots) writeState(fieldset(loc, qid), q, toState(q, answers[qid]));
        }
      } else {
        prepareAttempt();
      }
    }

    /** Wire one language's part of the page: its forms, its menu. */
    function wireLocale(loc) {
      for (const form of all(loc.el, 'form[data-check-question]')) {
        form.addEventListener('submit', onCheck);
        const verdict = form.querySelector('[data-slot="verdict"]');
        if (verdict) {
          // A live region must be in the page before its text changes, or it is not announced.
          verdict.hidden = false;
          verdict.setAttribute('role', 'status');
        }
        const qid = form.getAttribute('data-check-question');
        const q = config.questions[qid];
        if (q && q.type === 'sequencing') reorder(form.querySelector('[data-choices]'), 'data-choice', checkOrder(qid, q));
      }
      for (const form of all(loc.el, 'form[data-assessment]')) {
        form.addEventListener('submit', onAssessment);
        form.addEventListener('change', onAssessmentInput);
        form.addEventListener('input', onAssessmentInput);
      }
      const menu = loc.el.querySelector('details.menu-toggle[data-wide]');
      if (menu) wireMenu(menu);
    }

    let wide = null; // the stylesheet's breakpoint for the side menu, as a media query list
    /**
     * The lesson menu is a column beside the content on wide screens and a closed box above it on narrow ones.
     * The width comes from the markup (data-wide, the stylesheet's breakpoint), so the two cannot drift apart
     * silently; on a narrow screen, following a menu link closes the box again.
     */
    function wireMenu(menu) {
      if (typeof win.matchMedia !== 'function') return;
      if (!wide) {
        wide = win.matchMedia(menu.getAttribute('data-wide'));
        const apply = () => { for (const loc of roots) for (const m of all(loc.el, 'details.menu-toggle')) m.open = wide.matches; };
        if (typeof wide.addEventListener === 'function') wide.addEventListener('change', safe('menu', apply));
      }
      menu.open = wide.matches;
      menu.addEventListener('click', safe('menu-link', (event) => {
        if (!wide.matches && event.target.closest && event.target.closest('a[data-nav]')) menu.open = false;
      }));
    }

    // -- Loading the languages.
    const arriving = new Map(); // tag -> the promise of its loaded locale; a failed load may be tried again
    function arrive(tag) {
      if (!arriving.has(tag)) {
        arriving.set(tag, CR.locales.load(doc, tag).then(adopt, (e) => {
          arriving.delete(tag);
          throw e;
        }));
      }
      return arriving.get(tag);
    }

    /** Take a language's part of the page in: wire it and, mid-course, bring it to where the learner is. */
    function adopt(el) {
      const loc = { tag: el.getAttribute('data-locale'), el, strings: readJson(el.querySelector('script.locale-strings')) || {} };
      locales.set(loc.tag, loc);
      roots.push(loc);
      if (!views.length) views = all(el, 'section.view[data-view]').map((s) => s.getAttribute('data-view'));
      wireLocale(loc);
      if (ui.view) catchUp(loc);
      return loc;
    }

    /** A language that arrives mid-course shows what the others show: the view, verdicts, attempt, results. */
    function catchUp(loc) {
      for (const s of all(loc.el, 'section.view[data-view]')) s.hidden = s.getAttribute('data-view') !== ui.view;
      const checks = state().checks || {};
      for (const qid of Object.keys(checks)) if (config.questions[qid]) renderCheck(qid, checks[qid], false);
      applyOrder();
      renderMissing();
      if (ui.results) renderResults();
      renderSummary();
      renderNotice();
      renderMode();
      renderPassing();
      renderProgress();
      renderMenu();
      renderResume();
      renderExited();
    }

    /** The first language has arrived: restore the learner's answers into it and show where they were. */
    function start(loc) {
      showLocale(loc.tag);
      doc.addEventListener('click', onClick);
      win.addEventListener('hashchange', onHash);
      restore();
      ui.resume = resumeTarget(snap, config.lessons, views);
      renderNotice();
      renderMode();
      renderPassing();
      renderProgress();
      const fromHash = viewFromHash(win.location.hash, views);
      const resumed = snap.resumed && views.indexOf(snap.view) >= 0 ? snap.view
        : snap.resumed && views.indexOf(snap.bookmark) >= 0 ? snap.bookmark : null;
      go(fromHash || resumed || 'start', { initial: true });
    }

    const chosen = tags.indexOf(snap.locale) >= 0 ? snap.locale
      : CR.language.choose({ browser: win.navigator && win.navigator.languages, fallback: config.sourceLocale, available: tags });
    const own = tags[0]; // the language the launch page holds: always there
    ui.wanted = tags.indexOf(chosen) >= 0 ? chosen : own;
    arrive(ui.wanted)
      .catch((e) => {
        if (ui.wanted === own) throw e;
        warn('the language ' + ui.wanted + ' could not be loaded; showing ' + own, e);
        ui.wanted = own;
        return arrive(own);
      })
      .then((loc) => {
        try {
          start(loc);
        } catch (e) {
          warn('the page could not be wired', e);
          showStart(loc.el);
        }
      })
      .catch((e) => warn('no language could be loaded', e));
    return { tracker, ui, go, switchLocale };
  }

  /** Boot once the page is parsed; if wiring fails, at least show the start page. */
  function autoBoot(win) {
    const run = () => {
      try {
        CR.app.page = boot(win);
      } catch (e) {
        try { win.console.warn('[course-runtime] the page could not be wired: ' + ((e && e.stack) || e)); } catch (x) { /* silent */ }
        try {
          const own = win.document.querySelector('.locale[data-locale]');
          if (own) showStart(own);
        } catch (x) { /* nothing more to do */ }
      }
    };
    if (win.document.readyState === 'loading') win.document.addEventListener('DOMContentLoaded', run);
    else run();
  }

  const app = {
    prng, shuffle, hash32, attemptOrder, checkOrder, trackerType, correctValue, toValue, toState, grade,
    trackerQuestion, shapeOf, percentOf, fill, pluralForm, personName, viewFromHash, resumeTarget, menuEntry, boot,
  };
  CR.app = app;
  if (typeof module !== 'undefined' && module.exports) module.exports = app;
  else if (root.document && root.document.querySelector) autoBoot(root);
})(typeof globalThis !== 'undefined' ? globalThis : this);
