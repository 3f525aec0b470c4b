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

  /* Every changed view the course holds, in place: `locales` is locale -> view name -> [markup before, after], of
   * change `generation`. A locale the course does not hold comes from the built files when it is needed. A view of
   * a locale it holds but has not loaded goes into `later`: it may be on its way from the files of an earlier build
   * (see catchUp), or never come (a learner in another language never loads the launch page's other views). */
  function apply(doc, locales, later, generation) {
    for (const [code, views] of Object.entries(locales)) {
      const root = byAttribute(doc, 'data-locale', code);
      for (const [name, [before, after]] of Object.entries(views)) {
        const live = root && byAttribute(root, 'data-view', name);
        if (live && !patch(live, element(before), element(after))) return false;
        if (root && !live) later.push([generation, code, name, before, after]);
      }
    }
    return true;
  }

  /* Before the course takes the hashes of the build of change `built`: each view in `later` that has come since
   * came from the files of an earlier build (the course listed no other hashes), so it takes its updates now, in
   * order. What is left for the views still to come, from this build's files: the changes after it. Null where an
   * update cannot be put in place. */
  function catchUp(doc, later, built) {
    const left = [];
    for (const entry of later) {
      const [generation, code, name, before, after] = entry;
      const root = byAttribute(doc, 'data-locale', code);
      const live = root && byAttribute(root, 'data-view', name);
      if (live && !patch(live, element(before), element(after))) return null;
      if (!live && generation > built) left.push(entry);
    }
    return left;
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

  window.PreviewLive = { apply, catchUp, held, settings };
})();
