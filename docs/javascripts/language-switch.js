// Material's instant navigation swaps the page but keeps the header and <html lang>: after each swap, point the
// language switch at the new page in each language (the links Material copies into <head>; see
// docs/overrides/main.html) and set <html lang> to the new page's language.
// The switch also keeps the reader's place: the page in the other language opens where this one was read (the
// section, table row or form field at the top of the screen, and how far into it), not at the top.
// A file rather than an inline script, so the Content-Security-Policy needs no hash for it (site_scripts/hooks/csp.py).
(function () {
  "use strict";
  var PLACE = "mpkj-language-place"; // sessionStorage: the place to open the other language's page at
  // What marks a place, the same in both languages: the headings in page order (the two pages are built from the
  // same markers), a schedule's rows by item, a calculator's fields by their path in the request.
  var LANDMARKS = ".md-content h1, .md-content h2, .md-content h3, .md-content [data-item], .md-content [data-path]";

  // A page's address without its "index.html", as a link to it and the address bar may differ only by that.
  function pathOf(url) {
    return new URL(url, location.href).pathname.replace(/index\.html$/, "");
  }

  function pointSwitch() {
    document.querySelectorAll(".md-select__link[hreflang]").forEach(function (link) {
      var alternate = document.head.querySelector('link[rel="mpkj-alternate"][hreflang="' + link.hreflang + '"]');
      if (alternate) link.href = alternate.href;
    });
    // Material keeps the first page's <html lang> too: take the language of the page's own alternate link (the
    // one to this address), so screen readers, hyphenation and calculator.js read the page in its language.
    document.head.querySelectorAll('link[rel="mpkj-alternate"][hreflang]').forEach(function (alternate) {
      if (pathOf(alternate.href) === pathOf(location.href)) document.documentElement.lang = alternate.hreflang;
    });
  }

  // ------------------------------------------------------------------------------------------- the reader's place

  // The visible landmarks in page order, each with a key that names it in either language.
  function landmarks() {
    var headings = 0;
    var seen = {};
    var marks = [];
    document.querySelectorAll(LANDMARKS).forEach(function (element) {
      var key;
      if (/^H[1-3]$/.test(element.tagName)) key = "heading:" + headings++;
      else if (element.dataset.item) key = "item:" + element.dataset.item;
      else key = "path:" + element.dataset.path;
      seen[key] = (seen[key] || 0) + 1; // a row shown in two versions' tables is two places
      if (element.getClientRects().length) marks.push({ element: element, key: key + "#" + seen[key] });
    });
    return marks;
  }

  // Where the page is read: the line under the sticky header.
  function readingLine() {
    var header = document.querySelector(".md-header");
    return header ? header.getBoundingClientRect().bottom : 0;
  }

  function top(element) {
    return element.getBoundingClientRect().top;
  }

  // The landmark last passed at the reading line, how far the reader is into it (0 at its top, 1 at the next
  // landmark), the heading of its section, and how far down the whole page, for a page shaped differently.
  function placeNow() {
    if (window.scrollY <= 0) return null;
    var line = readingLine();
    var marks = landmarks();
    var at = -1;
    var heading = null;
    marks.forEach(function (mark, index) {
      if (top(mark.element) <= line + 1) {
        at = index;
        if (mark.key.indexOf("heading:") === 0) heading = mark.key;
      }
    });
    var scrollable = document.documentElement.scrollHeight - window.innerHeight;
    var place = { page: scrollable > 0 ? window.scrollY / scrollable : 0, heading: heading, key: null, into: 0 };
    if (at >= 0) {
      var start = top(marks[at].element);
      var next = marks.slice(at + 1).find(function (mark) {
        return top(mark.element) > start;
      });
      var end = next ? top(next.element) : document.documentElement.scrollHeight - window.scrollY;
      place.key = marks[at].key;
      place.into = end > start ? Math.min(1, Math.max(0, (line - start) / (end - start))) : 0;
    }
    return place;
  }

  function scrollToPlace(place) {
    var line = readingLine();
    var marks = landmarks();
    var find = function (key) {
      for (var i = 0; i < marks.length; i++) if (marks[i].key === key) return i;
      return -1;
    };
    var at = place.key ? find(place.key) : -1;
    var into = place.into;
    if (at < 0 && place.heading) {
      at = find(place.heading); // a row or field the other page does not have (yet): its section
      into = 0;
    }
    if (at < 0) {
      var scrollable = document.documentElement.scrollHeight - window.innerHeight;
      window.scrollTo(0, Math.round(place.page * scrollable));
      return;
    }
    var start = top(marks[at].element);
    var next = marks.slice(at + 1).find(function (mark) {
      return top(mark.element) > start;
    });
    var end = next ? top(next.element) : document.documentElement.scrollHeight - window.scrollY;
    window.scrollTo(0, Math.round(window.scrollY + start + into * (end - start) - line));
    hold(marks[at].element);
  }

  // The page may still grow above the place once it is opened (a calculator's answer and its messages come when
  // Python has started): keep the landmark where it is until the reader scrolls, types or presses, or something
  // else scrolls the page far away (a script bringing a result into view), or the page changes.
  var held = null;
  var READER_MOVES = ["wheel", "touchstart", "keydown", "mousedown"];

  function hold(element) {
    release();
    var where = top(element);
    var observer = new ResizeObserver(function () {
      var drift = top(element) - where;
      if (element.isConnected && Math.abs(drift) >= 1) window.scrollBy(0, drift);
    });
    observer.observe(document.body);
    held = {
      observer: observer,
      scrolled: function () {
        if (Math.abs(top(element) - where) > window.innerHeight / 3) release();
      },
    };
    READER_MOVES.forEach(function (name) {
      window.addEventListener(name, release, { capture: true, passive: true });
    });
    window.addEventListener("scroll", held.scrolled, { passive: true });
  }

  function release() {
    if (!held) return;
    held.observer.disconnect();
    window.removeEventListener("scroll", held.scrolled, { passive: true });
    READER_MOVES.forEach(function (name) {
      window.removeEventListener(name, release, { capture: true, passive: true });
    });
    held = null;
  }

  // As the switch is followed (before Material's instant navigation takes the click), note the place for the page
  // it leads to.
  document.addEventListener(
    "click",
    function (event) {
      var link =
        event.target instanceof Element
          ? event.target.closest(".md-select a[hreflang], .mpkj-embed-bar a[hreflang]")
          : null;
      if (!link) return;
      var place = placeNow();
      try {
        if (place) {
          place.to = pathOf(link.href);
          sessionStorage.setItem(PLACE, JSON.stringify(place));
        } else sessionStorage.removeItem(PLACE);
      } catch {
        // no storage (a privacy mode): the other page opens at its top, as a link does
      }
    },
    true,
  );

  // On the page the switch led to: open it at the noted place (once; any other page forgets it).
  function keepPlace() {
    var place;
    try {
      place = JSON.parse(sessionStorage.getItem(PLACE) || "null");
      sessionStorage.removeItem(PLACE);
    } catch {
      return;
    }
    if (!place || place.to !== pathOf(location.href) || location.hash) return;
    scrollToPlace(place);
  }

  function onPage() {
    release(); // a place held on the page before this one
    pointSwitch();
    keepPlace();
  }

  // document$ is Material's; a page where its script did not run (or not yet) still gets its links once.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(onPage);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", onPage);
  else onPage();
})();
