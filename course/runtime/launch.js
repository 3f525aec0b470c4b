// @ts-check
/*
 * CourseRuntime.launch: how a session opens, for the tracker. Talks to the LMS that launched the page through the
 * package's adapter (the cmi5 session prepared before the page was wired, or the SCORM API of its version), else
 * through the browser's own store; then reads what the LMS says about this launch, believing each answer only
 * within its vocabulary.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /** Statuses of an attempt with nothing of ours in it yet ("browsed": 1.2 LMSs set it after a browse launch). */
  const NOT_STARTED = ['', 'not attempted', 'unknown', 'browsed'];
  /** Launch modes in which the course writes nothing to the LMS. */
  const READ_ONLY_MODES = ['review', 'browse'];
  /**
   * What the LMS may answer for entry, mode and credit; anything else reads as the default. (A status outside its
   * vocabulary needs no such rule: it matches none of the lists above, so it reads as started and not finished.)
   */
  const ENTRIES = ['ab-initio', 'resume', ''];
  const MODES = ['normal', 'review', 'browse'];
  const CREDITS = ['credit', 'no-credit'];
  /** A bookmark the course can have written: a view id (never a URL such as "javascript:…"). */
  const BOOKMARK = /^[\w.:/-]{1,64}$/;

  /**
   * An LMS answer within its vocabulary, else `otherwise`.
   * @param {string} value @param {string[]} vocabulary @param {string} otherwise
   */
  const known = (value, vocabulary, otherwise) => (vocabulary.includes(value) ? value : otherwise);

  /**
   * A problem opening the session, as the tracker reports save problems.
   * @param {'initialize' | 'storage'} kind
   * @returns {CourseRuntime.SaveProblem}
   */
  const failure = (kind) => ({ kind, element: '', code: 0, text: '', recovered: false });

  /** @param {'1.2'|'2004'} version */
  const adapterOf = (version) => (version === '1.2' ? CR.scorm12 : CR.scorm2004);

  /**
   * The SCORM API's adapter when the page finds an API of a version the package has an adapter for, else null.
   * @param {CourseRuntime.LaunchOptions} c
   * @returns {CourseRuntime.Adapter | null}
   */
  const scorm = (c) => {
    // A package carries its own standard's adapter only: it talks to that API and ignores any other.
    const prefer = /** @type {('1.2'|'2004')[]} */ (c.standard === '1.2' ? ['1.2', '2004'] : ['2004', '1.2']);
    const found = CR.api && CR.api.find(c.win, { prefer: prefer.filter(adapterOf) });
    if (!found) return null;
    const raw = adapterOf(found.version).bind(/** @type {any} the API of the version found */ (found.api));
    const channel = CR.lms.create(raw, {
      logger: c.logger, timers: c.timers, retryDelays: c.retryDelays,
      onProblem: c.emit,
      onRecovered: () => c.emit({ recovered: true }),
    });
    return adapterOf(found.version).createAdapter(channel, c.most);
  };

  /**
   * The adapter to talk through: the LMS's when the page was launched by one and its session opens, else the
   * browser's store. Once an LMS was found, even one that then fails, the store keeps progress in memory only:
   * the browser's own record may be someone else's.
   * @param {CourseRuntime.LaunchOptions} c
   * @returns {CourseRuntime.SessionAdapter}
   */
  const connect = (c) => {
    let lmsFound = false;
    try {
      // cmi5: null when not launched by a cmi5 LMS, false when its session could not be opened.
      const own = CR.cmi5 ? CR.cmi5.connect(c) : null;
      const adapter = own === null ? scorm(c) : own;
      if (adapter !== null) {
        lmsFound = true;
        if (adapter && adapter.initialize()) return adapter;
        c.emit(failure('initialize'));
      }
    } catch (e) {
      c.warn('connecting to the LMS failed', e);
    }
    const local = CR.local.create({
      courseId: c.courseId, packageId: c.packageId, inMemory: lmsFound, win: c.win, logger: c.logger,
      onStorageLost: () => c.emit(failure('storage')),
    });
    local.initialize();
    return local;
  };

  /**
   * What the LMS says about this launch, read in this order. A first entry holds no bookmark or suspend data, and
   * reading them anyway makes 2004 LMSs answer error 403. The status says more than entry does: 1.2 LMSs send
   * "ab-initio" with the data they kept after an exit "" (scorm-again does), and some leave entry empty on resume.
   * @param {CourseRuntime.Adapter} adapter
   * @param {CourseRuntime.Shape} shape as for CourseRuntime.suspend
   */
  const read = (adapter, shape) => {
    const entry = known(adapter.readEntry(), ENTRIES, '');
    const status = adapter.readStatus();
    const started = !NOT_STARTED.includes(status);
    let bookmark = '';
    let restored = null;
    /** What the LMS held for this attempt at launch: nothing lower is written over it. */
    let held = /** @type {CourseRuntime.HeldRecord} */ ({ completed: false, success: null, score: null });
    if (entry === 'resume' || started) {
      const kept = adapter.readBookmark();
      bookmark = BOOKMARK.test(kept) ? kept : '';
      restored = CR.suspend.decode(adapter.readSuspendData(), shape);
      held = adapter.readRecord(status);
    }
    // Shown as text, never as markup; without control characters and no longer than either standard's 255.
    const learnerName = adapter.readLearnerName().replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').slice(0, 255);
    const mastery = adapter.readMastery();
    const lmsMode = known(adapter.readMode(), MODES, 'normal');
    const credit = known(adapter.readCredit(), CREDITS, 'credit');
    const language = adapter.readLanguage();
    const recording = !READ_ONLY_MODES.includes(lmsMode);
    return { entry, started, bookmark, restored, held, learnerName, mastery, lmsMode, credit, language, recording };
  };

  /**
   * The adapter as it is in review and browse mode: it reads what the LMS holds, initializes and terminates,
   * and leaves every value and commit out.
   * @param {CourseRuntime.SessionAdapter} adapter
   * @returns {CourseRuntime.SessionAdapter}
   */
  const readOnly = (adapter) => {
    const out = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (Object.assign({}, adapter)));
    for (const name in adapter) {
      if (/^(set|record)[A-Z]/.test(name) || name === 'commit') out[name] = () => true;
    }
    return /** @type {CourseRuntime.SessionAdapter} */ (/** @type {unknown} */ (out));
  };

  /** @param {CourseRuntime.Win} win */
  const browserLanguages = (win) => {
    try {
      const nav = win.navigator || {};
      return nav.languages && nav.languages.length ? Array.from(nav.languages) : [nav.language];
    } catch {
      return [];
    }
  };

  /**
   * The language to open in. The one kept in suspend data is the learner's last choice, which the course also
   * wrote to the LMS preference; a shipped language the LMS now prefers over it was set there since (by an
   * administrator or in the learner's profile), so it wins. Without either: browser, then default.
   * @param {{fromLms: string, kept: string, locales: string[], fallback: string, win: CourseRuntime.Win}} o
   *   fromLms: the LMS's learner preference; kept: the language in suspend data
   */
  const language = (o) => {
    const preferred = CR.language.match(o.fromLms, o.locales);
    if (preferred) return preferred;
    if (o.locales.includes(o.kept)) return o.kept;
    return CR.language.choose({ browser: browserLanguages(o.win), fallback: o.fallback, available: o.locales }) || '';
  };

  /**
   * What the page waits for before it is wired: the cmi5 session, opened when the page was launched by a cmi5
   * LMS (a promise); null when there is nothing to wait for (SCORM answers at once).
   * @param {CourseRuntime.Win} win
   * @returns {Promise<void> | null}
   */
  const prepare = (win) => (CR.cmi5 ? CR.cmi5.prepare(win) : null);

  const launch = { prepare, connect, read, readOnly, language };
  CR.launch = launch;
  if (typeof module !== 'undefined' && module.exports) module.exports = launch;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
