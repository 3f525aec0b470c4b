/* The preview's live update: puts the views a saved content file changed into the running course, without a
 * reload, so that the learner's place, the LMS session and the tracking panel stay as they are.
 *
 * The server sends each changed view's markup as the page was last sent it and as it is now. A part of the page is
 * replaced only where the course still holds exactly what it was sent (so nothing the runtime or the learner did
 * to it is lost) and the runtime keeps nothing of its own in it (KEPT: its listeners, the learner's typing);
 * elsewhere the update goes inside the part, node by node. Where neither can be done it says so, and the player
 * reloads the course once the full build is served. */
(function () {
  'use strict';
  // Never replaced whole, only what changed inside them: the runtime listens on forms, the learner types in fields.
  const KEPT = 'form, input, select, textarea';

  function element(html) {
    const holder = document.createElement('template');
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  function sameAttributes(a, b) {
    return a.attributes.length === b.attributes.length &&
      Array.from(a.attributes).every((attribute) => b.getAttribute(attribute.name) === attribute.value);
  }

  /* `live` (in the course) made to show `after` where it showed `before`; false where that cannot be done. The view
   * element itself is never replaced: the runtime shows and hides it and knows it by name. */
  function patch(live, before, after) {
    if (before.isEqualNode(after)) return true;
    if (live.nodeName !== before.nodeName || before.nodeName !== after.nodeName) return false;
    if (before.nodeType === Node.TEXT_NODE) {
      if (live.nodeValue !== before.nodeValue) return false;
      live.nodeValue = after.nodeValue;
      return true;
    }
    if (before.nodeType !== Node.ELEMENT_NODE) return false;
    const kept = before.matches(KEPT) || before.querySelector(KEPT) || before.hasAttribute('data-view');
    if (!kept && live.isEqualNode(before)) {
      live.replaceWith(live.ownerDocument.importNode(after, true));
      return true;
    }
    if (!sameAttributes(before, after)) return false;
    const [inLive, inBefore, inAfter] = [live.childNodes, before.childNodes, after.childNodes];
    if (inLive.length !== inBefore.length || inBefore.length !== inAfter.length) return false;
    for (let i = 0; i < inBefore.length; i++) if (!patch(inLive[i], inBefore[i], inAfter[i])) return false;
    return true;
  }

  const byAttribute = (root, name, value) =>
    Array.from(root.querySelectorAll('[' + name + ']')).find((el) => el.getAttribute(name) === value);

  /* Every changed view the course holds, in place: `locales` is locale -> view name -> [markup before, after]. A
   * locale or view it has not loaded comes from the built files when it is needed (a learner in another language
   * never loads the launch page's other views), once the player has taken the new build's hashes. */
  function apply(doc, locales) {
    for (const [code, views] of Object.entries(locales)) {
      const root = byAttribute(doc, 'data-locale', code);
      for (const [name, [before, after]] of Object.entries(views)) {
        const live = root && byAttribute(root, 'data-view', name);
        if (live && !patch(live, element(before), element(after))) return false;
      }
    }
    return true;
  }

  /* The locales the course holds, the one it shows first: the server renders those first. */
  function held(doc) {
    const roots = Array.from(doc ? doc.querySelectorAll('.locale[data-locale]') : []);
    roots.sort((a, b) => Number(a.hidden) - Number(b.hidden));
    return roots.map((root) => root.getAttribute('data-locale'));
  }

  /* A launch page's config without the integrity hashes of the scripts it lists: when that is the same in a new
   * build, the course takes the new hashes (and so the new scripts) without a reload. */
  function settings(text) {
    const config = JSON.parse(text);
    for (const [key, value] of Object.entries(config)) {
      const hashes = value && typeof value === 'object' && !Array.isArray(value) &&
        Object.values(value).every((hash) => typeof hash === 'string' && hash.startsWith('sha384-'));
      if (hashes) delete config[key];
    }
    return JSON.stringify(config);
  }

  window.PreviewLive = { apply, held, settings };
})();
