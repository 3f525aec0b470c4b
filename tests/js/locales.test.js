'use strict';
// Loading a language's part of the page (course/runtime/locales.js) in a small fake document: only a script the
// build listed, with its integrity hash over http(s), and only the page that script hands over for its own language.
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadPage } = require('./runtime.js');

loadPage();
const CR = globalThis.CourseRuntime;
const HASH = 'sha384-' + 'A'.repeat(64);

/** An element of the fake document: a language's root when it names one. */
function element(tag, attributes) {
  const attrs = Object.assign({}, attributes);
  return { tagName: tag, attrs, getAttribute: (name) => (name in attrs ? attrs[name] : null), remove() { this.removed = true; } };
}

/**
 * A document that holds `inPage` languages and lists `scripts` in its config; `protocol` "https:" or "file:".
 * Each script appended to the head is kept in `requested`; the test then plays the browser (run or fail it).
 */
function fakeDocument({ inPage = ['sv'], scripts = {}, protocol = 'https:' } = {}) {
  const requested = [];
  const body = [];
  const doc = {
    location: { protocol },
    querySelectorAll: () => inPage.map((tag) => element('div', { 'data-locale': tag })),
    getElementById: (id) => (id === 'course-config' ? { textContent: JSON.stringify({ scripts }) } : null),
    createElement(tag) {
      const el = element(tag);
      if (tag === 'template') {
        el.content = {
          querySelector() {
            const m = /<div class="locale" data-locale="([^"]*)"/.exec(el.innerHTML || '');
            return m ? element('div', { 'data-locale': m[1] }) : null;
          },
        };
      }
      return el;
    },
    head: { appendChild: (script) => requested.push(script) },
    body: { appendChild: (el) => body.push(el) },
  };
  return { doc, requested, body };
}

const page = (tag) => '<div class="locale" data-locale="' + tag + '" hidden><main>…</main></div>';

test('a language the page holds is that element, with no script loaded', async () => {
  const { doc, requested } = fakeDocument({ inPage: ['sv', 'en'] });
  const el = await CR.locales.load(doc, 'en');
  assert.equal(el.getAttribute('data-locale'), 'en');
  assert.deepEqual(requested, []);
});

test('a language the build did not list, or listed with no valid hash, is refused without loading anything', async () => {
  const { doc, requested } = fakeDocument({ scripts: { fi: 'sha256-abc', en: HASH } });
  for (const tag of ['de', 'fi', '../evil', '__proto__', 'toString']) {
    await assert.rejects(CR.locales.load(doc, tag), /no language script is listed/);
  }
  assert.deepEqual(requested, []);
});

test('over https a listed language loads from its script with the integrity hash, and its page goes into the body', async () => {
  const { doc, requested, body } = fakeDocument({ scripts: { en: HASH } });
  const loading = CR.locales.load(doc, 'en');
  assert.equal(requested.length, 1);
  const [script] = requested;
  assert.deepEqual([script.src, script.integrity, script.crossOrigin], ['locales/en.js', HASH, 'anonymous']);
  CR.locales.add('en', page('en')); // what locales/en.js does when it runs
  script.onload();
  const el = await loading;
  assert.equal(el.getAttribute('data-locale'), 'en');
  assert.deepEqual(body, [el]);
  assert.equal(script.removed, true);
});

test('from file:// the list alone holds: no integrity attribute, which Chromium would refuse there', async () => {
  const { doc, requested } = fakeDocument({ scripts: { en: HASH }, protocol: 'file:' });
  const loading = CR.locales.load(doc, 'en');
  const [script] = requested;
  assert.deepEqual([script.src, script.integrity, script.crossOrigin], ['locales/en.js', undefined, undefined]);
  CR.locales.add('en', page('en'));
  script.onload();
  assert.equal((await loading).getAttribute('data-locale'), 'en');
});

test('only the page the script hands over for its own language counts', async () => {
  const { doc, requested, body } = fakeDocument({ scripts: { en: HASH, fi: HASH } });
  // Another language's page handed over under this tag, or a page left for this tag before it was asked for.
  let loading = CR.locales.load(doc, 'en');
  CR.locales.add('en', page('fi'));
  requested[0].onload();
  await assert.rejects(loading, /locales\/en\.js handed over no page for it/);
  CR.locales.add('fi', page('fi'));
  loading = CR.locales.load(doc, 'fi');
  requested[1].onload(); // the script ran without handing anything over
  await assert.rejects(loading, /locales\/fi\.js handed over no page for it/);
  assert.deepEqual(body, []);
});

test('a script that fails to load (or whose bytes do not match its hash) is refused, and removed', async () => {
  const { doc, requested } = fakeDocument({ scripts: { en: HASH } });
  const loading = CR.locales.load(doc, 'en');
  requested[0].onerror();
  await assert.rejects(loading, /locales\/en\.js could not be loaded or failed its integrity check/);
  assert.equal(requested[0].removed, true);
});

/** A document listing views scripts, whose templates parse a views part into its top-level elements. */
function viewsDocument(views, protocol = 'https:') {
  const made = fakeDocument({ protocol });
  const listed = { scripts: {}, views, keys: { course: HASH } };
  made.doc.getElementById = (id) => (id === 'course-config' ? { textContent: JSON.stringify(listed) } : null);
  const create = made.doc.createElement;
  made.doc.createElement = (tag) => {
    const el = create(tag);
    if (tag === 'template') {
      el.content = {
        get children() {
          return Array.from((el.innerHTML || '').matchAll(/<(\w+)( class="view")?/g), (m) => ({
            matches: (selector) => selector === 'section.view[data-view]' && m[1] === 'section' && !!m[2],
          }));
        },
      };
    }
    return el;
  };
  return made;
}

const SECTION = '<section class="view" data-view="lesson/a" hidden></section>';

test('a language\'s other views load only from their listed script, with its hash, and come back unplaced with what they need of the config, which loads once', async () => {
  const { doc, requested, body } = viewsDocument({ sv: HASH, fi: HASH });
  for (const tag of ['de', '../sv', '__proto__', 'course']) await assert.rejects(CR.locales.loadViews(doc, tag), /no views script is listed/);
  assert.deepEqual(requested, [], 'nor what the views need of the config');
  const failing = CR.locales.loadViews(doc, 'sv');
  assert.deepEqual(requested.map((s) => s.src), ['views/sv.js', 'views/course.js'], 'both at once');
  requested[1].onerror(); // the config's part failed: the views with it, and it is asked for again with the next
  await assert.rejects(failing, /views\/course\.js could not be loaded/);
  const loading = CR.locales.loadViews(doc, 'sv');
  const [, , script, shared] = requested;
  assert.deepEqual([script.src, script.integrity, script.crossOrigin], ['views/sv.js', HASH, 'anonymous']);
  assert.deepEqual([shared.src, shared.integrity], ['views/course.js', HASH]);
  const keys = { questions: { q: { correct: ['a'] } } };
  CR.locales.addViews('sv', SECTION);
  script.onload();
  CR.locales.addKeys('course', keys);
  shared.onload();
  const { part, keys: handed } = await loading;
  assert.equal(part.children.length, 1);
  assert.equal(handed, keys);
  assert.deepEqual(body, [], 'the caller wires the views, then places them');
  assert.equal(script.removed, true);
  const again = CR.locales.loadViews(doc, 'fi');
  assert.deepEqual(requested.slice(4).map((s) => s.src), ['views/fi.js'], 'the config\'s part comes once');
  CR.locales.addViews('fi', SECTION);
  requested[4].onload();
  assert.equal((await again).keys, keys);
});

test('views handed over as a frame, or with anything but view sections, are refused; a failed load says so', async () => {
  const { doc, requested } = viewsDocument({ sv: HASH });
  let loading = CR.locales.loadViews(doc, 'sv');
  CR.locales.add('sv', SECTION); // the frame's call, not the views'
  requested[0].onload();
  await assert.rejects(loading, /views\/sv\.js handed over no views/);
  loading = CR.locales.loadViews(doc, 'sv');
  CR.locales.addViews('sv', SECTION + '<script>');
  requested[1].onload();
  await assert.rejects(loading, /views\/sv\.js handed over no views/);
  loading = CR.locales.loadViews(doc, 'sv');
  requested[2].onerror();
  await assert.rejects(loading, /views\/sv\.js could not be loaded/);
});

test('the views go into the language\'s main right after its start view', () => {
  const inserted = [];
  const start = { nextSibling: 'next', parentNode: { insertBefore: (node, before) => inserted.push([node, before]) } };
  const el = { querySelector: (selector) => (selector === 'section.view[data-view="start"]' ? start : null) };
  CR.locales.place(el, 'views');
  assert.deepEqual(inserted, [['views', 'next']]);
});
