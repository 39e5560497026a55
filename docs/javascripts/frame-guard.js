// Clickjacking guard. A page of this site shown in a frame of another website is replaced by a link that opens it
// in its own window, so that nobody can lay the site's buttons under their own. The embed pages
// (docs/overrides/embed.html) are made to be framed anywhere and are left alone, and so are frames of the site's
// own pages (its Embed page shows live examples). A <meta> policy cannot say this (frame-ancestors is ignored
// there): hosts that can send headers should send it as well (hosting/_headers).
(function () {
  "use strict";
  if (window.top === window.self) return;
  var foreign;
  try {
    foreign = window.top.location.origin !== window.location.origin;
  } catch {
    foreign = true; // reading another origin's location throws: the frame is foreign
  }
  if (!foreign) return;
  function guard() {
    if (document.querySelector(".mpkj-embed-bar")) return; // an embed page
    var english = document.documentElement.lang === "en";
    var link = document.createElement("a");
    link.href = location.href;
    link.target = "_top";
    link.rel = "noopener";
    link.textContent = english
      ? "This page of the MPKj fee site opens in its own window only: open it"
      : "Halaman laman fi MPKj ini dibuka dalam tetingkapnya sendiri sahaja: buka halaman";
    var notice = document.createElement("p");
    notice.className = "mpkj-framed";
    notice.appendChild(link);
    document.body.replaceChildren(notice);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", guard);
  } else {
    guard();
  }
})();
