// @ts-check
/*
 * CourseRuntime.local: the adapter used when there is no LMS (opened from disk, a plain web
 * server, or an LMS whose Initialize failed). Same interface as scorm12.js / scorm2004.js; keeps the
 * learner's progress in localStorage under one key per package (course id, standard and a hash of what the
 * build put in it, so two packages of one course never share a record), or in memory when storage throws
 * (file:// in some browsers, private mode, a full quota) or must not be used: after an LMS was found whose
 * Initialize failed, a record in this browser may be another person's (a shared computer), so none is read or written.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  const PREFIX = 'CourseRuntime:';

  /**
   * @param {{courseId: string, packageId?: string, inMemory?: boolean, win?: CourseRuntime.Win, logger?: CourseRuntime.Logger,
   *          onStorageLost?: () => void}} opts
   *   packageId: unique to the package (the build writes it into the page's config); inMemory: never touch the
   *   browser's storage; onStorageLost: called once when the browser refuses storage and progress lives in memory only
   * @returns {CourseRuntime.Adapter & {mode(): 'local' | 'memory'}}
   */
  const create = (opts) => {
    const o = opts || {};
    const win = o.win || root;
    const warn = CR.formats.warner(o.logger || root.console);
    const key = PREFIX + String(o.courseId || 'course') + ':' + String(o.packageId || '');
    /** @type {Pick<Storage, 'getItem' | 'setItem'> | null} */
    let storage = null;
    let stored = false; // whether an earlier visit left a record
    /** What an earlier visit stored is read back as it is: each reader below checks its field's type. */
    let record = /** @type {Record<string, unknown> & {score: {raw: unknown, min?: unknown, max?: unknown} | null}} */ (
      { location: '', suspend: '', language: '', status: 'not attempted', success: '', score: null, exit: '' });

    /** @param {unknown} e */
    const lose = (e) => {
      if (!storage) return;
      storage = null;
      warn('no browser storage: progress kept in memory', e);
      try { if (o.onStorageLost) o.onStorageLost(); } catch { /* the page's handler must not break us */ }
    };

    const write = () => {
      if (!storage) return true;
      try {
        storage.setItem(key, JSON.stringify(record));
      } catch (e) {
        lose(e);
      }
      return true; // in memory the data is still safe for this visit
    };

    /** @param {unknown} x */
    const str = (x) => (typeof x === 'string' ? x : '');

    /** A setter of one field of the record; it answers true, as an LMS that took the value does. @param {'location' | 'suspend' | 'language'} name */
    const put = (name) => /** @param {unknown} value */ (value) => {
      record[name] = String(value);
      return true;
    };
    const yes = () => true; // what this store does not keep is taken all the same

    return {
      version: 'local',
      /** @returns {'local'|'memory'} where progress is kept now */
      mode: () => (storage ? 'local' : 'memory'),
      initialize() {
        if (o.inMemory) return true;
        try {
          storage = win.localStorage || null; // the getter itself throws in some sandboxes
          const saved = storage ? JSON.parse(storage.getItem(key) || 'null') : null;
          // Like an LMS: a suspended visit resumes, a finished one ("normal" exit) starts a new attempt.
          if (saved && typeof saved === 'object' && saved.exit === 'suspend') {
            stored = true;
            record = Object.assign(record, saved); // each reader below checks its field's type
          }
        } catch (e) {
          storage = storage || /** @type {Storage} */ ({}); // so that lose() reports it
          lose(e);
        }
        return true;
      },
      readEntry: () => (stored ? 'resume' : 'ab-initio'),
      readBookmark: () => str(record.location),
      readSuspendData: () => str(record.suspend),
      readLearnerName: () => '',
      readLanguage: () => str(record.language),
      readStatus: () => str(record.status),
      readMastery: () => null,
      readMode: () => 'normal',
      readCredit: () => 'credit',
      readRecord: () => ({
        completed: record.status === 'completed',
        success: record.success === 'passed' || record.success === 'failed' ? record.success : null,
        score: record.score ? CR.formats.number(String(record.score.raw), 0, 100) : null,
      }),
      setIncomplete: () => { record.status = 'incomplete'; return true; },
      setBookmark: put('location'),
      setSuspendData: put('suspend'),
      setLanguagePreference: put('language'),
      readObjective: () => null,
      recordObjective: yes, // derivable from the suspend data; nobody reads it here
      recordInteraction: yes, // as recordObjective
      setScore: (raw, min, max) => { record.score = { raw, min, max }; return true; },
      setProgress: yes,
      setCompletionAndSuccess(completed, success) {
        record.status = completed ? 'completed' : 'incomplete';
        if (success) record.success = success;
        return true;
      },
      setSessionTime: yes,
      setExit: (kind) => { record.exit = kind === 'suspend' ? 'suspend' : 'normal'; return true; },
      setNavRequest: yes,
      commit: write,
      terminate: write,
    };
  };

  const local = { create, PREFIX };
  CR.local = local;
  if (typeof module !== 'undefined' && module.exports) module.exports = local;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
