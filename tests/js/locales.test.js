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
  await assert.rejects(loading, /locales\/en\.js could not be loaded, or its bytes are not the ones the build listed/);
  assert.equal(requested[0].removed, true);
});
