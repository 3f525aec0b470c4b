/* The preview's stand-in LMS: a minimal SCORM 1.2 and 2004 API that stores every value, reports them live,
 * and relaunches the course with what it stored, as an LMS would after the learner comes back. */
(function () {
  'use strict';
  const KEY = 'course-preview-cmi';
  const LIMITS = { '1.2': 4096, '2004': 64000 };
  const FOLDERS = { '1.2': 'scorm12', '2004': 'scorm2004' }; // each standard's package, as the preview serves it
  const $ = (id) => document.getElementById(id);
  let cmi = {};
  let calls = [];
  let commits = 0;
  let version = -1; // the last full build served
  let built = -1; // the change that build read
  let shown = -1; // the change the course's views show (ahead of `built` after a live update)
  let launched = false;
  let after = -1; // the last event seen
  let later = []; // updates of views the course had not loaded (PreviewLive.apply)
  let waiting = new AbortController(); // the wait for events under way
  let loading = false; // the course's page is being replaced: what the frame holds is not the course to update

  const standard = () => $('standard').value;
  const name = { '1.2': { entry: 'cmi.core.entry', exit: 'cmi.core.exit', status: 'cmi.core.lesson_status',
    location: 'cmi.core.lesson_location', score: 'cmi.core.score.raw', language: 'cmi.student_preference.language',
    learner: 'cmi.core.student_name' },
  '2004': { entry: 'cmi.entry', exit: 'cmi.exit', status: 'cmi.completion_status', success: 'cmi.success_status',
    location: 'cmi.location', score: 'cmi.score.scaled', language: 'cmi.learner_preference.language',
    learner: 'cmi.learner_name', progress: 'cmi.progress_measure' } };

  function save() { sessionStorage.setItem(KEY, JSON.stringify(cmi)); }
  function load() { try { cmi = JSON.parse(sessionStorage.getItem(KEY)) || {}; } catch (e) { cmi = {}; } }

  function count(prefix) {
    let n = 0;
    for (const key of Object.keys(cmi)) {
      const match = key.startsWith(prefix) && /^(\d+)\./.exec(key.slice(prefix.length));
      if (match) n = Math.max(n, Number(match[1]) + 1);
    }
    return String(n);
  }

  function get(key) {
    if (key.endsWith('._count')) return count(key.slice(0, -'_count'.length));
    return key in cmi ? cmi[key] : '';
  }

  function record(method, args, result) {
    calls.unshift(method + '(' + args.map((a) => JSON.stringify(a)).join(', ') + ') → ' + JSON.stringify(result));
    calls = calls.slice(0, 40);
    render();
    return result;
  }

  function makeApi(version12) {
    const n = version12 ? { init: 'LMSInitialize', finish: 'LMSFinish', get: 'LMSGetValue', set: 'LMSSetValue',
      commit: 'LMSCommit', error: 'LMSGetLastError', text: 'LMSGetErrorString', diag: 'LMSGetDiagnostic' }
      : { init: 'Initialize', finish: 'Terminate', get: 'GetValue', set: 'SetValue', commit: 'Commit',
        error: 'GetLastError', text: 'GetErrorString', diag: 'GetDiagnostic' };
    const api = {};
    api[n.init] = () => record(n.init, [], 'true');
    api[n.finish] = () => { save(); return record(n.finish, [], 'true'); };
    api[n.get] = (key) => record(n.get, [key], get(key));
    api[n.set] = (key, value) => { cmi[key] = String(value); return record(n.set, [key, String(value)], 'true'); };
    api[n.commit] = () => { commits += 1; save(); return record(n.commit, [], 'true'); };
    api[n.error] = () => '0';
    api[n.text] = () => '';
    api[n.diag] = () => '';
    return api;
  }

  function launch(resume) {
    const names = name[standard()];
    delete window.API;
    delete window.API_1484_11;
    if (standard() === '1.2') window.API = makeApi(true); else window.API_1484_11 = makeApi(false);
    if (!resume) cmi = {};
    cmi[names.entry] = resume && cmi[names.exit] === 'suspend' ? 'resume' : 'ab-initio';
    cmi[names.learner] = cmi[names.learner] || 'Preview, Author';
    if ($('language').value) cmi[names.language] = $('language').value;
    calls = [];
    commits = 0;
    shown = built;
    later = [];
    launched = true;
    loading = true;
    $('course').src = launchPage() + '#';
    render();
  }

  const launchPage = () => 'course/' + FOLDERS[standard()] + '/index.html?v=' + version;

  /* The course's document, once its page is in place. */
  function course() {
    const doc = !loading && $('course').contentDocument;
    return doc && doc.readyState !== 'loading' && doc.getElementById('course-config') ? doc : null;
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) { const td = document.createElement('td'); td.textContent = cell; tr.append(td); }
    return tr;
  }

  function render() {
    const names = name[standard()];
    const summary = $('summary');
    summary.replaceChildren();
    for (const [label, key] of Object.entries(names)) {
      const dt = document.createElement('dt'); dt.textContent = label;
      const dd = document.createElement('dd'); dd.textContent = get(key) || '—';
      summary.append(dt, dd);
    }
    const dt = document.createElement('dt'); dt.textContent = 'commits';
    const dd = document.createElement('dd'); dd.textContent = String(commits);
    summary.append(dt, dd);
    const suspend = get('cmi.suspend_data');
    $('suspend').textContent = suspend;
    $('suspend-meter').max = LIMITS[standard()];
    $('suspend-meter').value = suspend.length;
    $('suspend-size').textContent = suspend.length + ' / ' + LIMITS[standard()];
    const body = $('interactions');
    body.replaceChildren();
    const total = Number(count('cmi.interactions.'));
    for (let i = 0; i < total; i++) {
      const p = 'cmi.interactions.' + i + '.';
      body.append(row([String(i), get(p + 'id'), get(p + 'type'),
        get(p + 'learner_response') || get(p + 'student_response'), get(p + 'result')]));
    }
    $('calls').replaceChildren(...calls.map((text) => { const li = document.createElement('li'); li.textContent = text; return li; }));
  }

  /* A build served whose views the course already shows (updated live): the course takes the new build's script
   * hashes, so that a language or views loaded later are the new ones; if more than those hashes changed, it
   * reloads. */
  async function takeBuild() {
    const build = built;
    const page = await (await fetch(launchPage(), { cache: 'no-store' })).text();
    const theirs = new DOMParser().parseFromString(page, 'text/html').getElementById('course-config');
    const mine = course() && course().getElementById('course-config');
    if (!mine || !theirs) return;
    const left = PreviewLive.catchUp(course(), later, build);
    if (left && PreviewLive.settings(mine.textContent) === PreviewLive.settings(theirs.textContent)) {
      later = left;
      mine.textContent = theirs.textContent;
    } else {
      launch(true);
    }
  }

  function handle(event) {
    if (event.kind === 'views') {
      const doc = course();
      const covered = doc && PreviewLive.held(doc).every((code) => event.covered.includes(code));
      const done = event.since === shown && covered && PreviewLive.apply(doc, event.locales, later, event.generation);
      if (done) shown = event.generation;
    } else if (event.kind === 'built') {
      version = event.version;
      built = event.generation;
      if (!launched || shown < built) launch(launched);
      else if (shown === built) takeBuild().catch(() => launch(true));
    }
  }

  /* Waits for the server's events (a long poll: the server answers as soon as something happens), telling it which
   * locales the course holds, so that it renders those first. */
  async function listen() {
    for (;;) {
      try {
        const locales = PreviewLive.held(course()).join(',');
        waiting = new AbortController();
        const answer = await (await fetch('__events?after=' + after + '&locales=' + encodeURIComponent(locales),
          { cache: 'no-store', signal: waiting.signal })).json();
        if (after < 0 || answer.lost || answer.last < after) {
          [version, built] = [answer.version, answer.built];
          if (version > 0) launch(launched);
        } else {
          answer.events.forEach(handle);
        }
        after = answer.last;
        $('build').textContent = answer.error ? answer.error : 'build ' + answer.version;
        $('build').className = answer.error ? 'error' : '';
      } catch (e) {
        if (e.name === 'AbortError') continue;
        $('build').textContent = 'preview server stopped';
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  }

  load();
  // A new course page: ask again at once, saying which locales it holds.
  $('course').addEventListener('load', () => { loading = false; waiting.abort(); });
  $('relaunch').addEventListener('click', () => launch(true));
  $('reset').addEventListener('click', () => { sessionStorage.removeItem(KEY); launch(false); });
  $('standard').addEventListener('change', () => launch(false));
  listen();
})();
