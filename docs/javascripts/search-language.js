// Search in the page's language: both languages share one search index (mkdocs-static-i18n merges them), so the
// English site keeps the entries under en/ and the Malay site the others. Loaded before Material's bundle
// (docs/overrides/main.html), which fetches the index over http(s) and reads `__index` from
// search/search_index.js on file:// (the offline zip); both paths are filtered here, before the search sees them.
(function () {
  "use strict";
  var english = /^en\b/i.test(document.documentElement.lang || "");
  var ownLanguage = function (doc) { return /^en\//.test(doc.location) === english; };
  var filtered = function (index) {
    if (!index || !Array.isArray(index.docs)) return index;
    return Object.assign({}, index, { docs: index.docs.filter(ownLanguage) });
  };

  var fetchOriginal = window.fetch;
  if (typeof fetchOriginal === "function") {
    window.fetch = function (resource) {
      var url = typeof resource === "string" ? resource : resource && resource.url;
      var answer = fetchOriginal.apply(window, arguments); // never `this`: a bare fetch() in strict code has none
      if (!url || !/\/search\/search_index\.json(\?|$)/.test(String(url))) return answer;
      return answer.then(function (response) {
        if (!response.ok) return response;
        return response.json().then(function (index) {
          return new Response(JSON.stringify(filtered(index)), {
            status: response.status, headers: { "Content-Type": "application/json" },
          });
        });
      });
    };
  }

  var offlineIndex;
  Object.defineProperty(window, "__index", {
    configurable: true,
    get: function () { return offlineIndex; },
    set: function (index) { offlineIndex = filtered(index); },
  });
})();
