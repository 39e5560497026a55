// One-line embed of an MPKj fee calculator on another website (see the "Embed a calculator" page):
//
//   <script src="https://<this site>/javascripts/embed.js" data-calculator="building_plan/new" data-lang="en"
//           data-residential_units="20"></script>
//
// Inserts an iframe showing <site>/[en/]embed/<calculator>.html right where the script tag is, so the host page's
// styles and ours never mix. Every other data-* attribute becomes a query parameter of that page (the calculator's
// permalink parameters: request field names; lists as JSON), URL-encoded and never parsed as HTML here.
// data-title names the iframe for screen readers; data-height sets its starting height (px).
// The iframe then reports its content height (docs/overrides/embed.html): accepted only from this iframe's own
// window and from the site's origin. Several embeds on one page each listen for their own iframe.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return; // must be a classic <script src> (not a module, not inline)

  // A Set, not an object literal: data-constructor or data-tostring must not match Object.prototype's members.
  var RESERVED = new Set(["calculator", "lang", "title", "height"]);
  var HEIGHT = { min: 50, max: 20000, start: 700 }; // px; the same bounds as the heights the frame reports
  var id = script.getAttribute("data-calculator") || "";
  if (!/^[a-z_]+(\/[a-z_]+)?$/.test(id)) {
    console.error(
      "MPKj embed: data-calculator must be a calculator id such as building_plan/new, not " + JSON.stringify(id),
    );
    return;
  }
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "ms";
  var root = new URL("../", script.src); // embed.js lives at <site>/javascripts/embed.js
  var src = new URL((lang === "en" ? "en/" : "") + "embed/" + id + ".html", root);
  Array.prototype.forEach.call(script.attributes, function (attribute) {
    if (!/^data-/.test(attribute.name)) return;
    var match = /^data-([a-z][a-z0-9_]*)$/.exec(attribute.name);
    if (!match) console.warn("MPKj embed: " + attribute.name + " is not a calculator field name; left out");
    else if (!RESERVED.has(match[1])) src.searchParams.set(match[1], attribute.value);
  });

  var frame = document.createElement("iframe");
  frame.src = src.href;
  frame.title = script.getAttribute("data-title") || (lang === "en" ? "MPKj fee calculator" : "Kalkulator fi MPKj");
  frame.setAttribute("allow", "clipboard-write");
  frame.className = "mpkj-embed";
  frame.style.cssText =
    "display:block;width:100%;border:0;height:" + startHeight(script.getAttribute("data-height")) + "px";
  script.parentNode.insertBefore(frame, script.nextSibling);

  // data-height as a number ("1e9" is a billion, not 1), held within the bounds; missing or not a number: 700.
  function startHeight(text) {
    if (text === null) return HEIGHT.start;
    var height = Number(String(text).trim().replace(/px$/i, ""));
    if (String(text).trim() === "" || !isFinite(height)) {
      console.warn("MPKj embed: data-height must be a number of pixels, not " + JSON.stringify(text));
      return HEIGHT.start;
    }
    var bounded = Math.min(Math.max(Math.round(height), HEIGHT.min), HEIGHT.max);
    if (bounded !== Math.round(height)) {
      console.warn(
        "MPKj embed: data-height " + text + " is outside " + HEIGHT.min + "-" + HEIGHT.max + "; using " + bounded,
      );
    }
    return bounded;
  }

  var origin = src.origin;
  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== "mpkj-embed:height") return;
    var height = Number(data.height);
    if (!isFinite(height) || height < HEIGHT.min) return;
    frame.style.height = Math.min(Math.ceil(height), HEIGHT.max) + "px";
  });
  // Each document loaded in the frame (also after the reader switches language in it) learns where to report.
  frame.addEventListener("load", function () {
    if (!/^https?:$/.test(src.protocol) || !frame.contentWindow) return; // from file:// it keeps its height
    frame.contentWindow.postMessage({ type: "mpkj-embed:hello" }, origin);
  });
})();
