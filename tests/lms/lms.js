/*
 * The test LMS: scorm-again plays the LMS for browser tests.
 *
 * Query parameters (tests/browser.py builds them; a person can type them too):
 *   standard  "scorm12" (window.API) or "scorm2004" (window.API_1484_11)
 *   launch    URL of the SCO, relative to this page (default ../course/index.html)
 *   window    "iframe" (default) or "popup" (window.open, for opener discovery)
 *   initial   JSON: CMI data the LMS hands to this launch, flattened ("cmi.core.entry": "resume")
 *             or nested as scorm-again's loadFromJSON takes it ({"core": {"entry": "resume"}})
 *   failures  JSON: failures injected on cue, see normalizeRules() below
 *   settings  JSON: extra scorm-again settings, merged over ours
 *   bundle    "full" loads the unminified scorm-again (readable stack traces); default minified
 *   profile   "moodle": behave as Moodle 4.5 does where ../shared/LMS-QUIRKS.md says it differs (below);
 *             default none, plain scorm-again
 *   manifest  URL of the course's imsmanifest.xml, relative to this page, for the profile (default: the
 *             launch file's folder + imsmanifest.xml)
 *
 * profile=moodle (each rule names its row in LMS-QUIRKS.md):
 *   M1  Before the API exists, the LMS reads the manifest and finds the item that launches `launch`. 2004:
 *       cmi.scaled_passing_score from the item's imsss:sequencing objectives as Moodle's get_scorm_default()
 *       takes it: primaryObjective and each objective in document order, minNormalizedMeasure or 1 when an
 *       objective has none (Moodle's manifest parser), the last non-zero one wins. 1.2: the item's
 *       adlcp:masteryscore as cmi.student_data.mastery_score. `initial` still wins over both.
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
 *
 * Everything a test needs is on window.lms: calls (every API call with its arguments, result and the error
 * code after it), messages (scorm-again's own log, WARN and up, and the test LMS's own), events (scorm-again
 * listeners), commits (what reached the "server", flattened), cmi() (the live CMI, flattened) and
 * relaunchData(); with a profile, also manifestItem (what the LMS read from the manifest).
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var standard = params.get("standard") || "scorm12";
  var is12 = standard === "scorm12";
  var apiName = is12 ? "API" : "API_1484_11";
  var profile = params.get("profile") || "";
  var moodle = profile === "moodle";
  var t0 = Date.now();

  // The SCORM method names of each standard, mapped to one neutral operation name.
  var OPERATIONS = is12
    ? {
        LMSInitialize: "initialize", LMSFinish: "terminate", LMSGetValue: "get_value",
        LMSSetValue: "set_value", LMSCommit: "commit", LMSGetLastError: "get_last_error",
        LMSGetErrorString: "get_error_string", LMSGetDiagnostic: "get_diagnostic"
      }
    : {
        Initialize: "initialize", Terminate: "terminate", GetValue: "get_value",
        SetValue: "set_value", Commit: "commit", GetLastError: "get_last_error",
        GetErrorString: "get_error_string", GetDiagnostic: "get_diagnostic"
      };
  var ERROR_QUERIES = { get_last_error: true, get_error_string: true, get_diagnostic: true };
  // The code an injected failure reports unless the rule names one: 1.2 has only "general exception";
  // 2004 has one general failure code per operation.
  var DEFAULT_CODES = is12
    ? { initialize: 101, terminate: 101, get_value: 101, set_value: 101, commit: 101 }
    : { initialize: 102, terminate: 111, get_value: 301, set_value: 351, commit: 391 };
  var LEVELS = { 1: "DEBUG", 2: "INFO", 3: "WARN", 4: "ERROR", 5: "NONE" };
  // Elements that live only for one session; an LMS does not hand them back on the next launch.
  var SESSION_ONLY = is12
    ? ["cmi.core.entry", "cmi.core.exit", "cmi.core.session_time"]
    : ["cmi.entry", "cmi.exit", "cmi.session_time", "adl.nav.request"];
  // What an LMS keeps when SCORM 2004 starts a new attempt (exit was not "suspend").
  var LEARNER_DATA = [
    "cmi.learner_id", "cmi.learner_name", "cmi.launch_data", "cmi.scaled_passing_score",
    "cmi.completion_threshold", "cmi.max_time_allowed", "cmi.time_limit_action", "cmi.mode", "cmi.credit",
    "cmi.learner_preference."
  ];
  // profile=moodle, M4: what Moodle's get_scorm_default() hands every launch (fullname(), no comma).
  var MOODLE_DEFAULTS = is12
    ? { "cmi.core.student_name": "\u00c5sa \u00d6berg-Lindqvist", "cmi.core.credit": "credit",
        "cmi.core.lesson_mode": "normal" }
    : { "cmi.learner_name": "\u00c5sa \u00d6berg-Lindqvist", "cmi.credit": "credit", "cmi.mode": "normal" };
  // profile=moodle, M2: mod/scorm/datamodels/scorm_13.js checks each token of these interaction types against
  // CMIShortIdentifier (JavaScript's \w is ASCII: letters, digits and "_", plus "."). "[,]" separates tokens;
  // a matching token is a pair, "[.]" between its parts; likert has one token, the whole value.
  var MOODLE_SHORT_IDENTIFIER = /^[\w.]{1,250}$/;
  var MOODLE_RESPONSE_RULES = {
    choice: { delimiter: "[,]", pair: false, prefixes: false },
    sequencing: { delimiter: "[,]", pair: false, prefixes: true },
    matching: { delimiter: "[,]", pair: true, prefixes: true },
    likert: { delimiter: "", pair: false, prefixes: false }
  };

  var lms = {
    standard: standard,
    apiName: apiName,
    profile: profile || null,
    mode: params.get("window") || "iframe",
    launch: params.get("launch") || "../course/index.html",
    calls: [],
    messages: [],
    events: [],
    commits: [],
    rules: [],
    initial: {},
    api: null,
    apiRemoved: false,
    courseWindow: null,
    manifestItem: null,
    launched: false,
    error: null,
    cmi: function () { return lms.api ? primitives(lms.api.getFlattenedCMI()) : {}; },
    relaunchData: relaunchData,
    removeApi: removeApi
  };
  window.lms = lms;

  function now() { return Date.now() - t0; }

  /* A message of the test LMS itself, beside scorm-again's own (lms_errors() reads both). */
  function note(level, message) {
    lms.messages.push({ t: now(), level: level, message: message, after_call: lms.calls.length - 1 });
  }

  function fail(message) {
    lms.error = message;
    setState("error: " + message);
    var stage = document.getElementById("lms-stage");
    if (stage) {
      var p = document.createElement("p");
      p.className = "lms-error";
      p.textContent = message;
      stage.appendChild(p);
    }
  }

  function setState(text) {
    var el = document.getElementById("lms-state");
    if (el) { el.textContent = text; }
  }

  function jsonParam(name, fallback) {
    var raw = params.get(name);
    if (!raw) { return fallback; }
    try {
      return JSON.parse(raw);
    } catch (e) {
      throw new Error("query parameter " + name + " is not JSON: " + e.message);
    }
  }

  function copy(value) { return value === undefined ? null : JSON.parse(JSON.stringify(value)); }

  function glob(pattern, text) {
    var escaped = String(pattern).replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
    return new RegExp("^" + escaped + "$").test(String(text));
  }

  /*
   * failures = {
   *   "initialize": {"times": 1, "code": 101},                       // first call fails, the retry works
   *   "set_value": [{"elements": ["cmi.core.lesson_status"], "times": 2, "code": 405}],
   *   "commit": {"skip": 1, "times": 2},                             // 2nd and 3rd Commit fail
   *   "get_value": {"elements": ["cmi.suspend_data"]},               // no "times": fails every time
   *   "terminate": {"times": 1},
   *   "remove_api": {"after": 5, "then": "throw"}                    // or "then": "false"
   * }
   * A rule may be one object or a list of them. "elements" (globs, * matches anything) applies to
   * get_value/set_value; "skip" lets that many matching calls through first; "times" fails that many
   * matching calls after that (omitted or null: fail for ever); "code" is what GetLastError then reports.
   */
  function normalizeRules(failures) {
    var rules = [];
    Object.keys(failures).forEach(function (op) {
      if (op === "remove_api") { return; }
      if (!(op in DEFAULT_CODES)) {
        throw new Error("unknown failure operation " + JSON.stringify(op) + "; expected one of " +
          Object.keys(DEFAULT_CODES).join(", ") + ", remove_api");
      }
      [].concat(failures[op]).forEach(function (rule) {
        rule = rule || {};
        rules.push({
          op: op,
          elements: rule.elements ? [].concat(rule.elements) : null,
          skip: rule.skip || 0,
          times: rule.times === undefined ? null : rule.times,
          code: String(rule.code || DEFAULT_CODES[op]),
          seen: 0,
          fired: 0
        });
      });
    });
    return rules;
  }

  function injectedFailure(op, args) {
    for (var i = 0; i < lms.rules.length; i++) {
      var rule = lms.rules[i];
      if (rule.op !== op) { continue; }
      if (rule.elements && !rule.elements.some(function (p) { return glob(p, args[0]); })) { continue; }
      rule.seen += 1;
      if (rule.seen <= rule.skip) { continue; }
      if (rule.times !== null && rule.fired >= rule.times) { continue; }
      rule.fired += 1;
      return rule;
    }
    return null;
  }

  function removeApi() {
    lms.apiRemoved = true;
    try { delete window[apiName]; } catch (e) { window[apiName] = undefined; }
  }

  function wrap(api, failures) {
    var removal = failures.remove_api || null;
    var dataCalls = 0;
    Object.keys(OPERATIONS).forEach(function (method) {
      var op = OPERATIONS[method];
      var original = api[method];
      if (typeof original !== "function") { throw new Error("scorm-again has no " + method); }
      api[method] = function () {
        var args = Array.prototype.slice.call(arguments);
        var entry = {
          i: lms.calls.length, t: now(), method: method, op: op, args: copy(args),
          state: api.isTerminated() ? "terminated" : api.isInitialized() ? "running" : "not_initialized",
          result: null, error: null, injected: false, refused: null, removed: lms.apiRemoved, threw: null
        };
        lms.calls.push(entry);
        if (lms.apiRemoved) {
          // A SCO that kept a reference to the API object after the LMS took it away.
          if (!removal || removal.then !== "false") {
            entry.threw = "LMS API removed";
            throw new Error("LMS API removed (test LMS failure injection)");
          }
          entry.result = op === "get_last_error" ? "101" : op in ERROR_QUERIES || op === "get_value" ? "" : "false";
          return entry.result;
        }
        var rule = ERROR_QUERIES[op] ? null : injectedFailure(op, args);
        var refusal = !rule && moodle && op === "set_value" && api.isInitialized() && !api.isTerminated()
          ? moodleResponseRefusal(api, args[0], args[1]) : null;
        var result;
        if (rule) {
          entry.injected = true;
          api.lastErrorCode = rule.code; // scorm-again's own GetLastError/GetErrorString now report it
          result = op === "get_value" ? "" : "false";
        } else if (refusal) {
          entry.refused = refusal;
          api.lastErrorCode = "406";
          result = "false";
          note("ERROR", "moodle profile: SetValue(" + JSON.stringify(String(args[0])) + ", " +
            JSON.stringify(String(args[1])) + ") refused with 406 (Moodle would not store it): " + refusal);
        } else {
          currentCall = entry;
          try {
            result = original.apply(api, args);
          } catch (e) {
            entry.threw = String(e && e.message || e);
            throw e;
          } finally {
            currentCall = null;
          }
        }
        entry.result = result;
        entry.error = String(api.lastErrorCode);
        if (is12 && op === "set_value" && args[0] === "cmi.suspend_data" && String(args[1]).length > 4096) {
          // scorm-again accepts up to 64000 characters in 1.2; the standard (and many LMSs) stop at 4096.
          lms.messages.push({ t: now(), level: "ERROR", after_call: entry.i, message: "test LMS: cmi.suspend_data is " +
            String(args[1]).length + " characters; SCORM 1.2 allows 4096" });
        }
        if (!ERROR_QUERIES[op]) {
          dataCalls += 1;
          if (removal && dataCalls >= (removal.after || 0) && !lms.apiRemoved) { removeApi(); }
        }
        return result;
      };
    });
  }

  /*
   * profile=moodle, M2: why Moodle's SetValue would refuse this value (null: it would take it). The interaction's
   * type is the one the SCO set before (or the launch data gave); other types and elements are not checked here.
   */
  function moodleResponseRefusal(api, element, value) {
    if (is12) { return null; }
    var match = /^cmi\.interactions\.(\d+)\.(learner_response|correct_responses\.\d+\.pattern)$/.exec(String(element));
    if (!match) { return null; }
    var interaction = api.cmi.interactions.childArray[Number(match[1])];
    var type = interaction ? interaction.type : "";
    var rules = MOODLE_RESPONSE_RULES[type];
    if (!rules) { return null; }
    var pattern = match[2] !== "learner_response";
    var text = String(value);
    // CRcheckValueNodes lets an empty pattern through, except for matching (no "[.]" pair in it).
    if (pattern && text === "" && !rules.pair) { return null; }
    var what = type + " " + (pattern ? "correct_responses pattern" : "learner_response");
    var nodes = rules.delimiter ? text.split(rules.delimiter) : [text];
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (pattern && rules.prefixes) {
        // CRremovePrefixes: {lang=..}, {case_matters=..}, {order_matters=..} before a node are not part of it.
        var prefix;
        while ((prefix = /^(\{(lang|case_matters|order_matters)=([^}]+)\})/.exec(node))) {
          node = node.substr(prefix[1].length);
        }
      }
      var parts = rules.pair ? node.split("[.]") : [node];
      if (rules.pair && parts.length !== 2) {
        return what + ": " + JSON.stringify(node) + " is not one source[.]target pair";
      }
      for (var j = 0; j < parts.length; j++) {
        if (!MOODLE_SHORT_IDENTIFIER.test(parts[j])) {
          return what + ": " + JSON.stringify(parts[j]) + " is not a CMIShortIdentifier (^[\\w.]{1,250}$: " +
            "ASCII letters, digits, _ and . only)";
        }
      }
    }
    return null;
  }

  var currentCall = null; // the API call scorm-again is answering, while it answers
  var roundTrips = 0;

  /*
   * profile=moodle, S1/M5: the synchronous request a server LMS makes for a Commit, for real (HEAD of a file
   * beside this page, which the loopback server answers). Returns null when it went through, else why not:
   * Chromium throws "Synchronous XHR in page dismissal" while the course's page is being dismissed.
   */
  function synchronousRoundTrip() {
    roundTrips += 1;
    var xhr = new XMLHttpRequest();
    try {
      xhr.open("HEAD", "lms.css?commit=" + roundTrips, false);
      xhr.send();
    } catch (e) {
      return String(e && e.message || e);
    }
    return xhr.status === 200 ? null : "HTTP " + xhr.status;
  }

  /* Commits land here instead of an HTTP endpoint: the "server side" of the LMS. */
  var recordingHttpService = {
    processHttpRequest: function (url, commitData, immediate, apiLog, processListeners, metadata) {
      if (moodle && !immediate) {
        var failure = synchronousRoundTrip();
        if (failure) {
          var code = is12 ? 101 : 391; // what scorm-again's SynchronousHttpService answers when send() throws
          var reason = "the synchronous commit request failed: " + failure;
          if (currentCall) { currentCall.refused = reason; }
          note("ERROR", "moodle profile: Commit answered false, " + code + ", nothing stored: " + reason);
          return { result: "false", errorCode: code };
        }
      }
      lms.commits.push({
        i: lms.commits.length, t: now(), terminate: Boolean(immediate), beacon: moodle && Boolean(immediate),
        trigger: metadata && metadata.trigger || null, after_call: lms.calls.length - 1, data: copy(commitData)
      });
      return { result: true, errorCode: 0 };
    },
    updateSettings: function () {}
  };

  function lastStored() {
    var stored = {};
    Object.keys(lms.initial).forEach(function (k) { stored[k] = lms.initial[k]; });
    var last = lms.commits[lms.commits.length - 1];
    var data = last ? primitives(last.data) : {}; // empty collections come out as {}
    Object.keys(data).forEach(function (k) { stored[k] = data[k]; });
    return stored;
  }

  /* What this LMS would hand to the next launch: the stored data, with entry set as the standard says. */
  function relaunchData() {
    var stored = lastStored();
    var exitKey = is12 ? "cmi.core.exit" : "cmi.exit";
    var suspended = stored[exitKey] === "suspend";
    var next = {};
    Object.keys(stored).forEach(function (key) {
      var value = stored[key];
      if (value === "" || value === null || value === undefined) { return; }
      if (SESSION_ONLY.indexOf(key) >= 0 || /\._(count|children|version)$/.test(key)) { return; }
      if (!is12 && !suspended && !LEARNER_DATA.some(function (p) { return key === p || key.indexOf(p) === 0; })) {
        return; // SCORM 2004: a normal exit ends the attempt; the next launch starts a new one
      }
      next[key] = String(value);
    });
    next[is12 ? "cmi.core.entry" : "cmi.entry"] = suspended ? "resume" : is12 ? "" : "ab-initio";
    return next;
  }

  // What a real LMS always supplies; scorm-again leaves these empty unless told.
  var LAUNCH_DEFAULTS = is12
    ? { "cmi.core.entry": "ab-initio", "cmi.core.credit": "credit", "cmi.core.student_id": "learner-1",
        "cmi.core.student_name": "Learner, Test" }
    : { "cmi.entry": "ab-initio", "cmi.learner_id": "learner-1", "cmi.learner_name": "Learner, Test" };

  function flatten(value, prefix, out) {
    if (value !== null && typeof value === "object") {
      Object.keys(value).forEach(function (k) { flatten(value[k], prefix ? prefix + "." + k : k, out); });
    } else if (value !== null && value !== undefined) {
      out[prefix] = String(value);
    }
    return out;
  }

  function loadInitial(api, initial) {
    var flat = {};
    Object.keys(initial).forEach(function (key) {
      var rooted = /^(cmi|adl)(\.|$)/.test(key) ? key : "cmi." + key; // nested input may omit the "cmi" root
      flatten(initial[key], rooted, flat);
    });
    var data = {};
    var defaults = [LAUNCH_DEFAULTS];
    if (moodle) { defaults.push(MOODLE_DEFAULTS, moodleManifestData(lms.manifestItem)); }
    defaults.forEach(function (layer) {
      Object.keys(layer).forEach(function (k) { if (!(k in flat)) { data[k] = layer[k]; } });
    });
    Object.keys(flat).forEach(function (k) { data[k] = flat[k]; });
    api.loadFromFlattenedJSON(data); // skips empty values: "" means "leave scorm-again's default"
    lms.initial = primitives(api.getFlattenedCMI());
  }

  function primitives(flat) {
    var out = {};
    Object.keys(flat).forEach(function (k) { if (flat[k] === null || typeof flat[k] !== "object") { out[k] = flat[k]; } });
    return out;
  }

  function listen(api) {
    var prefix = is12 ? "LMS" : "";
    ["Initialize", is12 ? "Finish" : "Terminate", "Commit"].forEach(function (name) {
      api.on(prefix + name, function () { lms.events.push({ t: now(), event: prefix + name }); });
    });
    api.on(prefix + "SetValue.cmi.*", function (element, value) {
      lms.events.push({ t: now(), event: prefix + "SetValue", element: element, value: value });
    });
  }

  function manifestUrl() {
    var explicit = params.get("manifest");
    if (explicit) { return explicit; }
    var path = lms.launch.split(/[?#]/)[0];
    return path.slice(0, path.lastIndexOf("/") + 1) + "imsmanifest.xml";
  }

  function childrenNamed(element, name) {
    return Array.prototype.filter.call(element.children, function (c) { return c.localName === name; });
  }

  function descendantsNamed(element, name) {
    return Array.prototype.slice.call(element.getElementsByTagNameNS("*", name));
  }

  /*
   * The manifest item that launches lms.launch (its resource's href is the launch file), else the first
   * launchable item of the default organization; what Moodle's manifest parser keeps of it.
   */
  function readManifest(text, url) {
    var doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) { throw new Error("it is not well-formed XML"); }
    var resources = {};
    descendantsNamed(doc.documentElement, "resource").forEach(function (r) {
      resources[r.getAttribute("identifier")] = r;
    });
    var holder = descendantsNamed(doc.documentElement, "organizations")[0];
    var organizations = holder ? childrenNamed(holder, "organization") : [];
    var preferred = holder ? holder.getAttribute("default") : null;
    organizations.sort(function (a, b) {
      return (b.getAttribute("identifier") === preferred) - (a.getAttribute("identifier") === preferred);
    });
    var base = new URL(url, window.location.href);
    var target = new URL(lms.launch, window.location.href);
    var first = null;
    var launched = null;
    organizations.forEach(function (organization) {
      descendantsNamed(organization, "item").forEach(function (item) {
        var resource = resources[item.getAttribute("identifierref")];
        if (!resource || !resource.getAttribute("href")) { return; }
        first = first || item;
        if (!launched && new URL(resource.getAttribute("href"), base).pathname === target.pathname) { launched = item; }
      });
    });
    var item = launched || first;
    if (!item) { throw new Error("no item points at a resource with an href"); }
    if (!launched) {
      note("WARN", "moodle profile: no manifest item launches " + lms.launch + "; using the first one");
    }
    var mastery = childrenNamed(item, "masteryscore")[0];
    var objectives = [];
    childrenNamed(item, "sequencing").forEach(function (sequencing) {
      childrenNamed(sequencing, "objectives").forEach(function (holder) {
        Array.prototype.forEach.call(holder.children, function (objective) {
          if (objective.localName !== "primaryObjective" && objective.localName !== "objective") { return; }
          var measure = childrenNamed(objective, "minNormalizedMeasure")[0];
          objectives.push({
            primary: objective.localName === "primaryObjective",
            id: objective.getAttribute("objectiveID") || "",
            minNormalizedMeasure: measure ? measure.textContent.trim() : null,
            // scormlib.php: 1.0 without the element, 0 when it is there but empty
            moodle: measure ? measure.textContent.trim() || "0" : "1"
          });
        });
      });
    });
    return {
      identifier: item.getAttribute("identifier"),
      href: resources[item.getAttribute("identifierref")].getAttribute("href"),
      masteryscore: mastery ? mastery.textContent.trim() : null,
      objectives: objectives
    };
  }

  /* profile=moodle, M1: the launch data Moodle derives from the manifest item. */
  function moodleManifestData(item) {
    var data = {};
    if (!item) { return data; }
    if (is12) {
      if (item.masteryscore) { data["cmi.student_data.mastery_score"] = item.masteryscore; }
      return data;
    }
    // get_scorm_default(): foreach objective, if (!empty($objective->minnormalizedmeasure)) it is the passing
    // score; the value went through the database as a number, so "0.80" comes back as 0.8 and "0" is empty.
    item.objectives.forEach(function (objective) {
      var measure = parseFloat(objective.moodle);
      if (!isNaN(measure) && measure !== 0) { data["cmi.scaled_passing_score"] = String(measure); }
    });
    return data;
  }

  function createApi() {
    var Constructor = is12 ? window.Scorm12API : window.Scorm2004API;
    if (typeof Constructor !== "function") { throw new Error("scorm-again did not load for " + standard); }
    var settings = {
      autocommit: false,
      logLevel: 3, // WARN and up reach onLogMessage; tests look at ERROR, WARN helps to explain them
      onLogMessage: function (level, message) {
        lms.messages.push({ t: now(), level: LEVELS[level] || String(level), message: String(message),
          after_call: lms.calls.length - 1 });
      },
      lmsCommitUrl: "test-lms:commit", // any string: scorm-again only commits when it has a URL
      httpService: recordingHttpService,
      dataCommitFormat: "flattened",
      alwaysSendTotalTime: true
    };
    var extra = jsonParam("settings", {});
    Object.keys(extra).forEach(function (k) { settings[k] = extra[k]; });
    var api = new Constructor(settings);
    lms.api = api;
    loadInitial(api, jsonParam("initial", null) || {});
    listen(api);
    var failures = jsonParam("failures", null) || {};
    lms.rules = normalizeRules(failures);
    wrap(api, failures);
    window[apiName] = api;
  }

  function launchCourse() {
    var stage = document.getElementById("lms-stage");
    document.getElementById("lms-standard").textContent = is12 ? "SCORM 1.2" : "SCORM 2004";
    if (lms.mode === "popup") {
      lms.courseWindow = window.open(lms.launch, "course", "popup,width=1024,height=768");
      if (!lms.courseWindow) { fail("the popup was blocked"); return; }
      setState("course opened in a popup");
    } else if (lms.mode === "iframe") {
      var frame = document.createElement("iframe");
      frame.name = "course";
      frame.id = "course";
      frame.title = "Course";
      frame.src = lms.launch;
      stage.appendChild(frame);
      lms.courseWindow = frame.contentWindow;
      setState("course running");
    } else {
      fail("unknown window mode " + JSON.stringify(lms.mode) + "; expected iframe or popup");
      return;
    }
    lms.launched = true;
  }

  function proceed() {
    try {
      createApi();
    } catch (e) {
      fail(String(e && e.stack || e));
      return;
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", launchCourse);
    } else {
      launchCourse();
    }
  }

  function start() {
    if (!moodle) { proceed(); return; }
    // Moodle knows the manifest before it launches anything: read it first, then create the API.
    var url = manifestUrl();
    fetch(url, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        return response.text();
      })
      .then(function (text) {
        lms.manifestItem = readManifest(text, url);
      })
      .then(proceed, function (e) {
        fail("moodle profile: could not read the manifest " + url + ": " + (e && e.message || e));
      });
  }

  if (!is12 && standard !== "scorm2004") {
    document.addEventListener("DOMContentLoaded", function () {
      fail("unknown standard " + JSON.stringify(standard) + "; expected scorm12 or scorm2004");
    });
    return;
  }
  if (profile && !moodle) {
    document.addEventListener("DOMContentLoaded", function () {
      fail("unknown profile " + JSON.stringify(profile) + "; expected moodle (or none)");
    });
    return;
  }
  // Load only the bundle we need, minified (the full 2004 one is 1.8 MB to parse on every launch);
  // add &bundle=full to the URL for readable stack traces.
  var script = document.createElement("script");
  script.src = "../scorm-again/" + (is12 ? "scorm12" : "scorm2004") + (params.get("bundle") === "full" ? ".js" : ".min.js");
  script.onload = start;
  script.onerror = function () {
    var report = function () { fail("could not load " + script.src + " (is node_modules installed?)"); };
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", report); } else { report(); }
  };
  document.head.appendChild(script);
}());
