// @ts-check
/*
 * CourseRuntime.commits: when the tracker writes and commits. A change commits at the end of the task it happens
 * in, so the events of one learner action (visit + lesson seen, answer + score) share one write and one commit. A
 * minor change (a page visited, an answer not yet handed in) waits for the next commit, or for a quiet moment: it is
 * kept without a commit of its own, and the session's end writes whatever is still pending.
 */
(function (/** @type {typeof globalThis} */ root) {
  'use strict';

  const CR = (root.CourseRuntime = root.CourseRuntime || /** @type {CourseRuntime.Namespace} */ ({}));

  /**
   * @param {{timers: CourseRuntime.Timers, quietMs: number, ready: () => boolean, write: () => void}} o
   *   quietMs: how long a minor change waits; ready: whether writing is possible now; write: write and commit
   */
  const create = (o) => {
    /** @type {unknown} */
    let timer = null;
    let delay = 0;
    let dirty = false;

    /** Drop the commit that is scheduled, if any. */
    const cancel = () => {
      if (timer !== null) o.timers.clearTimeout(timer);
      timer = null;
    };

    /** Write and commit now what is pending. */
    const flush = () => {
      cancel();
      if (!dirty || !o.ready()) return;
      dirty = false;
      o.write();
    };

    /**
     * The state changed: a commit follows at the end of this task, or after a quiet moment for a minor change.
     * @param {boolean} [minor]
     */
    const changed = (minor) => {
      dirty = true;
      const wait = minor ? o.quietMs : 0;
      if (timer !== null && (minor || delay === 0)) return;
      cancel();
      delay = wait;
      timer = o.timers.setTimeout(flush, wait);
    };

    return { changed, flush, cancel };
  };

  const commits = { create };
  CR.commits = commits;
  if (typeof module !== 'undefined' && module.exports) module.exports = commits;
})(typeof globalThis !== 'undefined' ? globalThis : /** @type {any} */ (this));
