// The calculator forms, part 4 of 6: the estimate's QR code and reference, on screen and printed. The QR code holds
// the share link (calculator-permalink.js); the reference, MPKJ-XXXX-XXXX, is the first 40 bits of the SHA-256 of
// the link's query, in Crockford's base 32 (no I, L, O or U to misread): the same inputs and date give the same
// reference in either language, online or from the offline copy. The QR encoder is qrcode-generator (npm),
// vendored by site_scripts/hooks/qr_encoder.py and loaded before this script (window.qrcode).
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.share) return; // loaded twice: the first copy is in use
  const { shareLink } = calculator.permalink;
  const { element } = calculator.render;

  const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base 32
  const SVG = "http://www.w3.org/2000/svg";
  const QUIET = 4; // the blank margin a reader needs, in modules

  // "MPKJ-XXXX-XXXX" for a link, or "" where the browser has no SHA-256 (outside a secure context).
  async function referenceOf(link) {
    if (!(window.crypto && crypto.subtle)) return "";
    const query = new TextEncoder().encode(new URL(link).search);
    const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", query));
    let bits = 0n;
    for (let index = 0; index < 5; index++) bits = (bits << 8n) | BigInt(digest[index]);
    let code = "";
    for (let index = 0; index < 8; index++) code = ALPHABET[Number((bits >> BigInt(5 * index)) & 31n)] + code;
    return "MPKJ-" + code.slice(0, 4) + "-" + code.slice(4);
  }

  // The link as a QR code: black modules on white, drawn as one SVG path (sharp on paper at any size).
  function qrSvg(link, label) {
    const code = window.qrcode(0, "M");
    code.addData(link, "Byte");
    code.make();
    const count = code.getModuleCount();
    const size = count + 2 * QUIET;
    let path = "";
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (code.isDark(row, col)) path += "M" + (col + QUIET) + " " + (row + QUIET) + "h1v1h-1z";
      }
    }
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("class", "mpkj-qr");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
    svg.setAttribute("shape-rendering", "crispEdges");
    const background = document.createElementNS(SVG, "rect");
    background.setAttribute("width", String(size));
    background.setAttribute("height", String(size));
    background.setAttribute("fill", "#fff");
    const modules = document.createElementNS(SVG, "path");
    modules.setAttribute("d", path);
    modules.setAttribute("fill", "#000");
    svg.append(background, modules);
    return svg;
  }

  // After each estimate: the QR code and the reference of the link to it, under the result; the printed page's
  // address is that link. A shared link's first estimate is brought into view.
  async function showShare(state) {
    const ticket = (state.shareTicket = (state.shareTicket || 0) + 1);
    const link = await shareLink(state);
    const reference = await referenceOf(link);
    if (ticket !== state.shareTicket || state.result.dataset.state !== "ok") return;
    const block = element("div", undefined, "mpkj-share");
    block.dataset.link = link;
    block.dataset.reference = reference;
    if (typeof window.qrcode === "function") block.append(qrSvg(link, state.text.qr_label));
    const words = element("div", undefined, "mpkj-share-text");
    if (reference) {
      const line = element("p", state.text.reference + ": ", "mpkj-reference");
      line.append(element("strong", reference));
      words.append(line);
    }
    words.append(element("p", state.text.share_note, "mpkj-share-note"));
    block.append(words);
    const old = state.result.querySelector(".mpkj-share");
    if (old) old.replaceWith(block);
    else state.result.append(block);
    state.form.querySelector(".mpkj-print-url").textContent = link;
    if (state.restored && !state.broughtIntoView && state.edits === 0) {
      state.broughtIntoView = true;
      state.result.scrollIntoView({ block: "start" });
    }
  }

  calculator.share = Object.freeze({ referenceOf, showShare });
})();
