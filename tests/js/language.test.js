'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');

const language = require(path.join(__dirname, '../../course/runtime/language.js'));

const SHIPPED = ['sv', 'en', 'fi', 'ar'];

test('match: regions, case and underscores fall back to the shipped language', () => {
  assert.equal(language.match('sv-SE', SHIPPED), 'sv');
  assert.equal(language.match('ar-EG', SHIPPED), 'ar');
  assert.equal(language.match('FI', SHIPPED), 'fi');
  assert.equal(language.match('en_GB', SHIPPED), 'en');
  assert.equal(language.match('fi-Latn-FI', SHIPPED), 'fi');
  assert.equal(language.match('swe', SHIPPED), 'sv'); // ISO 639-2, as some LMSs store it
});

test('match: lists in preference order; the first language that ships wins', () => {
  assert.equal(language.match('de-DE, fi;q=0.8, en', SHIPPED), 'fi');
  assert.equal(language.match('de;fr;ar', SHIPPED), 'ar');
  assert.equal(language.match(['nl-NL', 'en-US', 'sv'], SHIPPED), 'en');
  assert.equal(language.match('en-GB,sv', SHIPPED), 'en');
});

test('match: unknown or empty preferences give null', () => {
  for (const prefs of ['de', '', '   ', null, undefined, 42, [], ['???'], 'x-klingon-but-too-long-subtag']) {
    assert.equal(language.match(prefs, SHIPPED), null, String(prefs));
  }
  assert.equal(language.match('sv', []), null);
});

test('match: a shipped region serves a bare language, and spelling is returned as shipped', () => {
  assert.equal(language.match('pt', ['en', 'pt-BR']), 'pt-BR');
  assert.equal(language.match('pt-pt', ['pt-BR', 'pt-PT']), 'pt-PT');
  assert.equal(language.match('EN', ['en_GB']), 'en_GB');
});

test('choose: LMS preference, then browser languages, then the default', () => {
  const available = SHIPPED;
  assert.equal(language.choose({ lms: 'fi-FI', browser: ['en-US'], fallback: 'sv', available }), 'fi');
  assert.equal(language.choose({ lms: '', browser: ['de-DE', 'ar-EG'], fallback: 'sv', available }), 'ar');
  assert.equal(language.choose({ lms: 'de', browser: ['fr'], fallback: 'sv', available }), 'sv');
  assert.equal(language.choose({ lms: null, browser: undefined, fallback: 'xx', available }), 'sv'); // first shipped
  assert.equal(language.choose({ available: [] }), null);
});
