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
 *
 * Everything a test needs is on window.lms: calls (every API call with its arguments, result and the error
 * code after it), messages (scorm-again's own log, WARN and up), events (scorm-again listeners), commits
 * (what reached the "server", flattened), cmi() (the live CMI, flattened) and relaunchData().
 */
(function () {
  "use strict";

  var params = new URLSearchParams(window.location.search);
  var standard = params.get("standard") || "scorm12";
  var is12 = standard === "scorm12";
  var apiName = is12 ? "API" : "API_1484_11";
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

  var lms = {
    standard: standard,
    apiName: apiName,
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
    launched: false,
    error: null,
    cmi: function () { return lms.api ? primitives(lms.api.getFlattenedCMI()) : {}; },
    relaunchData: relaunchData,
    removeApi: removeApi
  };
  window.lms = lms;

  function now() { return Date.now() - t0; }

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
          result: null, error: null, injected: false, removed: lms.apiRemoved, threw: null
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
        var result;
        if (rule) {
          entry.injected = true;
          api.lastErrorCode = rule.code; // scorm-again's own GetLastError/GetErrorString now report it
          result = op === "get_value" ? "" : "false";
        } else {
          try {
            result = original.apply(api, args);
          } catch (e) {
            entry.threw = String(e && e.message || e);
            throw e;
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

  /* Commits land here instead of an HTTP endpoint: the "server side" of the LMS. */
  var recordingHttpService = {
    processHttpRequest: function (url, commitData, immediate, apiLog, processListeners, metadata) {
      lms.commits.push({
        i: lms.commits.length, t: now(), terminate: Boolean(immediate),
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
    Object.keys(LAUNCH_DEFAULTS).forEach(function (k) { if (!(k in flat)) { data[k] = LAUNCH_DEFAULTS[k]; } });
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

  function start() {
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

  if (!is12 && standard !== "scorm2004") {
    document.addEventListener("DOMContentLoaded", function () {
      fail("unknown standard " + JSON.stringify(standard) + "; expected scorm12 or scorm2004");
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
