// Search in the page's language: both languages share one search index (mkdocs-static-i18n merges them), so the
// English site keeps the entries under en/ and the Malay site the others. Loaded before Material's bundle
// (docs/overrides/main.html), which reads the index over http(s) with an XMLHttpRequest (a Blob whose text() it
// parses) and from file:// (the offline zip) as `__index`, set by search/search_index.js: both are filtered here,
// before the search worker sees them.
(function () {
  "use strict";
  var english = /^en\b/i.test(document.documentElement.lang || "");
  var ownLanguage = function (doc) {
    return /^en\//.test(doc.location) === english;
  };
  var filtered = function (index) {
    if (!index || !Array.isArray(index.docs)) return index;
    return Object.assign({}, index, { docs: index.docs.filter(ownLanguage) });
  };
  var INDEX = /\/search\/search_index\.json(\?|$)/;

  var open = XMLHttpRequest.prototype.open;
  var response = Object.getOwnPropertyDescriptor(XMLHttpRequest.prototype, "response");
  if (open && response && response.get) {
    XMLHttpRequest.prototype.open = function (method, url) {
      if (INDEX.test(String(url))) {
        Object.defineProperty(this, "response", {
          configurable: true,
          get: function () {
            var body = response.get.call(this);
            if (!(body instanceof Blob)) return body;
            var text = function () {
              return body.text().then(function (json) {
                return JSON.stringify(filtered(JSON.parse(json)));
              });
            };
            return new Proxy(body, {
              get: function (blob, key) {
                return key === "text" ? text : blob[key];
              },
            });
          },
        });
      }
      return open.apply(this, arguments);
    };
  }

  var offlineIndex;
  Object.defineProperty(window, "__index", {
    configurable: true,
    get: function () {
      return offlineIndex;
    },
    set: function (index) {
      offlineIndex = filtered(index);
    },
  });
})();
