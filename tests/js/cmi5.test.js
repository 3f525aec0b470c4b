'use strict';
// The cmi5 adapter's launch-URL reading and the CSP it narrows to; the sessions themselves run against a real LRS
// in the browser journeys (tests/test_cmi5_browser.py).
const test = require('node:test');
const assert = require('node:assert/strict');
const { loadRuntime } = require('./runtime.js');

const { cmi5 } = loadRuntime();

const actor = JSON.stringify({ objectType: 'Agent', name: 'Anna', account: { homePage: 'https://lms.example', name: 'anna' } });
const search = (o) => '?' + new URLSearchParams(o).toString();
const launch = {
  endpoint: 'https://lms.example/xapi', fetch: 'https://auth.example/fetch/1?x=y', actor,
  registration: '7d4a4f1e-9d1b-4f3c-8f3e-2f1a3c5b6d7e', activityId: 'https://lms.example/activity/42',
};

test('the launch parameters are read in any order, decoded, and the endpoint ends with a slash', () => {
  const p = cmi5.params(search(launch));
  assert.equal(p.endpoint, 'https://lms.example/xapi/');
  assert.equal(p.fetch, launch.fetch);
  assert.equal(p.actor.name, 'Anna');
  assert.equal(p.registration, launch.registration);
  const reordered = cmi5.params(search(Object.fromEntries(Object.entries(launch).reverse())));
  assert.deepEqual(reordered, p);
});

test('a page not launched by a cmi5 LMS, or with an unusable parameter, opens no session', () => {
  assert.equal(cmi5.params(''), null);
  for (const key of Object.keys(launch)) {
    const missing = Object.assign({}, launch);
    delete missing[key];
    assert.equal(cmi5.params(search(missing)), null, 'without ' + key);
  }
  assert.equal(cmi5.params(search({ ...launch, actor: '{not json' })), null);
  assert.equal(cmi5.params(search({ ...launch, endpoint: 'javascript:alert(1)//' })), null);
  assert.equal(cmi5.params(search({ ...launch, fetch: 'file:///etc/passwd' })), null);
});

test('the policy names the endpoint and the fetch URL without their queries, and nothing CSP could misread', () => {
  assert.equal(cmi5.source('https://auth.example/fetch/1?x=y#z'), 'https://auth.example/fetch/1');
  assert.equal(cmi5.source('http://127.0.0.1:8123/xapi/'), 'http://127.0.0.1:8123/xapi/');
  assert.equal(cmi5.source("https://lms.example/x;script-src 'unsafe-inline'"), null);
  assert.equal(cmi5.source('https://lms.example/a,b'), null);
  assert.equal(cmi5.source('data:text/plain,hi'), null);
});

test('statement ids are version 4 UUIDs, each new', () => {
  const ids = new Set(Array.from({ length: 200 }, () => cmi5.uuid()));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
