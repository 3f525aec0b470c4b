// @ts-check
/*
 * TestLms.moodle: profile=moodle, the test LMS behaving as Moodle 4.5 does where ../shared/LMS-QUIRKS.md says it
 * differs from plain scorm-again. Each rule names its row there:
 *   M1  Before the API exists, the LMS reads the manifest and finds the item that launches `launch`. 2004:
 *       cmi.scaled_passing_score from the item's imsss:sequencing objectives as Moodle's get_scorm_default()
 *       takes it: primaryObjective and each objective in document order, minNormalizedMeasure or 1 when an
 *       objective has none (Moodle's manifest parser), the last non-zero one wins; and, in the same loop, each
 *       objective's objectiveID as cmi.objectives.n.id, primary first (`cmi.objectives.N<index>.id`), so the SCO
 *       finds them there at launch. 1.2: the item's adlcp:masteryscore as cmi.student_data.mastery_score.
 *       `initial` still wins over both.
 *   M2  2004 SetValue of cmi.interactions.n.learner_response / .correct_responses.m.pattern, for an interaction
 *       whose type is choice, sequencing, matching or likert, is refused ("false", GetLastError 406) when a
 *       token is not Moodle's CMIShortIdentifier ^[\w.]{1,250}$. The call is logged with refused: "<reason>"
 *       and an ERROR "moodle profile: ..." goes into messages (so lms_errors() sees it).
 *   S1  A Commit (not the final one of Terminate/LMSFinish) first makes a real synchronous XHR (HEAD lms.css)
 *   M5  to this server, as a server LMS does; Chromium refuses that during the course's page dismissal
 *       (beforeunload, pagehide, visibilitychange, unload: "Synchronous XHR in page dismissal"), and then
 *       Commit answers "false" with 101 (1.2) / 391 (2004) and nothing is stored (an ERROR "moodle profile:
 *       ..." says so). The final commit is stored as Moodle's sendBeacon delivers it (commit.beacon = true).
 *   M3  No learner language is passed (cmi.*_preference.language empty) unless `initial` sets one.
 *   M4  cmi.core.student_name / cmi.learner_name = "Åsa Öberg-Lindqvist" (fullname(), no comma); credit
 *       "credit", mode "normal".
 *   M7  relaunchData() is what Moodle hands back: after exit "suspend", entry "resume" with the bookmark and
 *       suspend data (the same rule as without a profile).
 * lms.js reads the manifest (readManifest) before it creates the API and hands the course defaults() and
 * manifestData(); calls.js asks responseRefusal() about each SetValue, server.js commitRefusal() about each Commit.
 */
(function (/** @type {Window} */ root) {
  'use strict';

  const TL = (root.TestLms = root.TestLms || /** @type {TestLms.Namespace} */ ({}));

  // M4: what Moodle's get_scorm_default() hands every launch (fullname(), no comma).
  /** @type {TestLms.Flat} */
  const DEFAULTS_12 = {
    'cmi.core.student_name': '\u00c5sa \u00d6berg-Lindqvist', 'cmi.core.credit': 'credit',
    'cmi.core.lesson_mode': 'normal',
  };
  /** @type {TestLms.Flat} */
  const DEFAULTS_2004 = {
    'cmi.learner_name': '\u00c5sa \u00d6berg-Lindqvist', 'cmi.credit': 'credit', 'cmi.mode': 'normal',
  };
  // M2: mod/scorm/datamodels/scorm_13.js checks each token of these interaction types against
  // CMIShortIdentifier (JavaScript's \w is ASCII: letters, digits and "_", plus "."). "[,]" separates tokens;
  // a matching token is a pair, "[.]" between its parts; likert has one token, the whole value.
  const SHORT_IDENTIFIER = /^[\w.]{1,250}$/;
  const RESPONSE_ELEMENT = /^cmi\.interactions\.(\d+)\.(learner_response|correct_responses\.\d+\.pattern)$/;
  /** @type {Record<string, {delimiter: string, pair: boolean, prefixes: boolean}>} */
  const RESPONSE_RULES = {
    choice: { delimiter: '[,]', pair: false, prefixes: false },
    sequencing: { delimiter: '[,]', pair: false, prefixes: true },
    matching: { delimiter: '[,]', pair: true, prefixes: true },
    likert: { delimiter: '', pair: false, prefixes: false },
  };

  /** M4: the learner Moodle hands every launch. @param {boolean} is12 */
  const defaults = (is12) => (is12 ? DEFAULTS_12 : DEFAULTS_2004);

  /**
   * M2: why Moodle's SetValue would refuse this SCORM 2004 value (null: it would take it). The interaction's
   * type is the one the SCO set before (or the launch data gave); other types and elements are not checked here.
   * @param {TestLms.Api} api
   * @param {unknown} element
   * @param {unknown} value
   * @returns {string | null}
   */
  function responseRefusal(api, element, value) {
    const match = RESPONSE_ELEMENT.exec(String(element));
    if (!match) { return null; }
    const interaction = api.cmi.interactions.childArray[Number(match[1])];
    const type = interaction ? interaction.type : '';
    const rules = RESPONSE_RULES[type];
    if (!rules) { return null; }
    const pattern = match[2] !== 'learner_response';
    const text = String(value);
    // CRcheckValueNodes lets an empty pattern through, except for matching (no "[.]" pair in it).
    if (pattern && text === '' && !rules.pair) { return null; }
    const what = `${type} ${pattern ? 'correct_responses pattern' : 'learner_response'}`;
    const nodes = rules.delimiter ? text.split(rules.delimiter) : [text];
    for (let node of nodes) {
      if (pattern && rules.prefixes) {
        // CRremovePrefixes: {lang=..}, {case_matters=..}, {order_matters=..} before a node are not part of it.
        let prefix;
        while ((prefix = /^(\{(lang|case_matters|order_matters)=([^}]+)\})/.exec(node))) {
          node = node.slice(prefix[1].length);
        }
      }
      const parts = rules.pair ? node.split('[.]') : [node];
      if (rules.pair && parts.length !== 2) {
        return `${what}: ${JSON.stringify(node)} is not one source[.]target pair`;
      }
      for (const part of parts) {
        if (!SHORT_IDENTIFIER.test(part)) {
          return `${what}: ${JSON.stringify(part)} is not a CMIShortIdentifier (^[\\w.]{1,250}$: ` +
            'ASCII letters, digits, _ and . only)';
        }
      }
    }
    return null;
  }

  let roundTrips = 0;

  /**
   * S1/M5: the synchronous request a server LMS makes for a Commit, for real (HEAD of a file beside this page,
   * which the loopback server answers). Returns null when it went through, else why not: Chromium throws
   * "Synchronous XHR in page dismissal" while the course's page is being dismissed.
   */
  function synchronousRoundTrip() {
    roundTrips += 1;
    const xhr = new XMLHttpRequest();
    try {
      xhr.open('HEAD', `lms.css?commit=${roundTrips}`, false);
      xhr.send();
    } catch (e) {
      return TL.calls.messageOf(e);
    }
    return xhr.status === 200 ? null : `HTTP ${xhr.status}`;
  }

  /**
   * S1/M5: what a Commit that is not the final one answers when its synchronous request fails (the call is
   * marked refused and an ERROR logged), or null when it went through and the commit is stored.
   * @param {TestLms.Session} session
   * @returns {TestLms.CommitResult | null}
   */
  function commitRefusal(session) {
    const failure = synchronousRoundTrip();
    if (!failure) { return null; }
    const code = session.is12 ? 101 : 391; // what scorm-again's SynchronousHttpService answers when send() throws
    const reason = `the synchronous commit request failed: ${failure}`;
    if (session.current) { session.current.refused = reason; }
    session.note('ERROR', `moodle profile: Commit answered false, ${code}, nothing stored: ${reason}`);
    return { result: 'false', errorCode: code };
  }

  /** @param {Element} element @param {string} name */
  const childrenNamed = (element, name) => Array.from(element.children).filter((c) => c.localName === name);

  /** @param {Element} element @param {string} name */
  const descendantsNamed = (element, name) => Array.from(element.getElementsByTagNameNS('*', name));

  /** The trimmed text of an element, or null without one. @param {Element | undefined} element */
  const textOf = (element) => (element ? (element.textContent || '').trim() : null);

  /**
   * M1: what Moodle's manifest parser keeps of the item's objectives: primaryObjective and each objective in
   * document order, their minNormalizedMeasure.
   * @param {Element} item
   * @returns {TestLms.Objective[]}
   */
  function objectivesOf(item) {
    /** @type {TestLms.Objective[]} */
    const objectives = [];
    childrenNamed(item, 'sequencing').forEach((sequencing) => {
      childrenNamed(sequencing, 'objectives').forEach((list) => {
        for (const objective of Array.from(list.children)) {
          if (objective.localName !== 'primaryObjective' && objective.localName !== 'objective') { continue; }
          const measure = textOf(childrenNamed(objective, 'minNormalizedMeasure')[0]);
          objectives.push({
            primary: objective.localName === 'primaryObjective',
            id: objective.getAttribute('objectiveID') || '',
            minNormalizedMeasure: measure,
            moodle: measure === null ? '1' : measure || '0', // scormlib.php: 1.0 without the element, 0 when empty
          });
        }
      });
    });
    return objectives;
  }

  /**
   * M1: the manifest item that launches `launch` (its resource's href is the launch file), else the first
   * launchable item of the default organization; what Moodle's manifest parser keeps of it.
   * @param {string} text the manifest
   * @param {string} url where it came from, relative to this page
   * @param {TestLms.Session} session
   * @returns {TestLms.ManifestItem}
   */
  function readManifest(text, url, session) {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length) { throw new Error('it is not well-formed XML'); }
    /** @type {Map<string, Element>} */
    const resources = new Map();
    descendantsNamed(doc.documentElement, 'resource').forEach((r) => {
      resources.set(String(r.getAttribute('identifier')), r);
    });
    /** @param {Element} item */
    const resourceOf = (item) => resources.get(String(item.getAttribute('identifierref')));
    const holder = descendantsNamed(doc.documentElement, 'organizations')[0];
    const organizations = holder ? childrenNamed(holder, 'organization') : [];
    const preferred = holder ? holder.getAttribute('default') : null;
    /** @param {Element} o */
    const isPreferred = (o) => Number(o.getAttribute('identifier') === preferred);
    organizations.sort((a, b) => isPreferred(b) - isPreferred(a));
    const base = new URL(url, root.location.href);
    const target = new URL(session.lms.launch, root.location.href);
    /** @type {Element | null} */
    let first = null;
    /** @type {Element | null} */
    let launched = null;
    for (const organization of organizations) {
      for (const item of descendantsNamed(organization, 'item')) {
        const resource = resourceOf(item);
        const href = resource && resource.getAttribute('href');
        if (!href) { continue; }
        first = first || item;
        if (!launched && new URL(href, base).pathname === target.pathname) { launched = item; }
      }
    }
    const item = launched || first;
    if (!item) { throw new Error('no item points at a resource with an href'); }
    if (!launched) {
      session.note('WARN', `moodle profile: no manifest item launches ${session.lms.launch}; using the first one`);
    }
    const resource = /** @type {Element} */ (resourceOf(item));
    return {
      identifier: item.getAttribute('identifier'),
      href: resource.getAttribute('href'),
      masteryscore: textOf(childrenNamed(item, 'masteryscore')[0]),
      objectives: objectivesOf(item),
    };
  }

  /**
   * M1: the launch data Moodle derives from the manifest item.
   * @param {TestLms.ManifestItem | null} item
   * @param {boolean} is12
   * @returns {TestLms.Flat}
   */
  function manifestData(item, is12) {
    /** @type {TestLms.Flat} */
    const data = {};
    if (!item) { return data; }
    if (is12) {
      if (item.masteryscore) { data['cmi.student_data.mastery_score'] = item.masteryscore; }
      return data;
    }
    // get_scorm_default(): foreach objective, if (!empty($objective->minnormalizedmeasure)) it is the passing
    // score; the value went through the database as a number, so "0.80" comes back as 0.8 and "0" is empty.
    let index = 0;
    item.objectives.forEach((objective) => {
      const measure = parseFloat(objective.moodle);
      if (!isNaN(measure) && measure !== 0) { data['cmi.scaled_passing_score'] = String(measure); }
      if (objective.id) { data[`cmi.objectives.${index++}.id`] = objective.id; }
    });
    return data;
  }

  const moodle = { defaults, responseRefusal, commitRefusal, readManifest, manifestData };
  TL.moodle = moodle;
  if (typeof module !== 'undefined' && module.exports) module.exports = moodle;
})(window);
