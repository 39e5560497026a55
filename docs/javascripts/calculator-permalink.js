// The calculator forms, part 3 of 6: the permalink. Writes the form's inputs into the page URL as the visitor
// types, and restores a form from the URL (a shared link, an embed's data-* values, the language switch).
//
// The link carries one parameter, `e`: "1" (the format) then, in base64url, a CRC-32 (4 bytes) and the inputs'
// JSON compressed (deflate-raw, the browser's CompressionStream), which the CRC-32 checks. The JSON holds the form's
// top-level names (the names links carry most as one-letter ALIASES): flat fields as typed (whole numbers unquoted),
// lists and objects without the values a restored row has anyway (the defaults), and always the application date
// (today's in Malaysia when the field is empty). A link with any character changed or lost fails its checksum and
// is refused whole, with a message:
// never read wrongly. The older, long links (one parameter per field, lists as JSON: `?designs=[{"units":20}]`) and
// an embed's data-* values still open. Only top-level names of the form are read back, and only as input values.
//
// Restoring builds the rows in slices, yielding to the event loop between them, so that a link at the limits
// (100 designs) leaves the page answering; state.restoring is set until the form is filled.
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.permalink) return; // loaded twice: the first copy is in use
  const { membersOf, rowsOf, isList, isObject, format, captionOf, maxRowsOf, hasOwn } = calculator.form;
  const { templateRowOf, collect, fillScope, renumber, showAreaUnit, showConditional, appendRow } = calculator.form;
  const { element } = calculator.render;

  const PARAM = "e"; // the short link's one parameter
  const VERSION = "1"; // its format, the first character of its value
  const MAX_JSON_BYTES = 1 << 20; // a link never inflates to more than this (calc reads at most 1 MB of JSON)
  const SLICE_MS = 25; // restoring yields to the page at least this often

  // Rows a link may bring in all lists together. calc's own limit is 100 rows per list (schema MAX_LIST, the
  // lists' data-max-items), so 100 designs of 100 storeys would be 10,100 rows (some 130,000 elements). 1,200 keeps
  // 10 designs of 100 storeys (1,010 rows: about 0.2 s to restore here, 1 s with the CPU slowed 4 times).
  const MAX_LINK_ROWS = 1200;

  const isBlank = (value) =>
    value === undefined ||
    (Array.isArray(value) ? value.every(isBlank) : typeof value === "object" && Object.values(value).every(isBlank));

  // A list's or object's value without the leaf values a restored row would have anyway (the defaults).
  function withoutDefaults(scope, value) {
    const out = {};
    membersOf(scope).forEach((member) => {
      const name = member.dataset.name;
      if (value[name] === undefined) return;
      if (isList(member)) out[name] = value[name].map((row, index) => withoutDefaults(rowsOf(member)[index], row));
      else if (isObject(member)) out[name] = withoutDefaults(member, value[name]);
      else if (value[name] !== member.dataset.default) out[name] = value[name];
    });
    return out;
  }

  const wholeOrDecimal = (key, value) =>
    typeof value === "string" && value !== "" && String(Number(value)) === value ? Number(value) : value; // "10" -> 10: restored as the same text

  // Today in Malaysia (UTC+8 all year): the date an estimate made today is made on, whatever the device's zone.
  const todayInMalaysia = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);

  // Lists and objects as the link writes them (JSON text); those equal to the page's starting state need no entry.
  function shortValues(form) {
    const values = collect(form);
    const short = {};
    membersOf(form).forEach((member) => {
      const value = values[member.dataset.name];
      if (value === undefined || !(isList(member) || isObject(member))) return;
      short[member.dataset.name] = JSON.stringify(
        isList(member)
          ? value.map((row, index) => withoutDefaults(rowsOf(member)[index], row))
          : withoutDefaults(member, value),
        wholeOrDecimal,
      );
    });
    return short;
  }

  // The inputs a link carries, by top-level name: [name, text, whether the text is a list's or object's JSON].
  function linkEntries(state) {
    const { form } = state;
    const values = collect(form);
    const short = shortValues(form);
    const entries = [];
    membersOf(form).forEach((member) => {
      const name = member.dataset.name;
      const value = values[name];
      if (value === undefined) {
        if (name === "date") entries.push([name, todayInMalaysia(), false]); // the link keeps the estimate's date
        return;
      }
      if (isList(member) || isObject(member)) {
        // The untouched starting rows of a list need no entry: the page renders them anyway.
        if (isBlank(value) || short[name] === state.pristine[name]) return;
        entries.push([name, short[name], true]);
      } else if (value !== member.dataset.default) {
        entries.push([name, String(value), false]);
      }
    });
    return entries;
  }

  // ------------------------------------------------------------------------------------------- the short link

  const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  function crc32(bytes) {
    let crc = 0xffffffff;
    for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function toBase64Url(bytes) {
    let binary = "";
    bytes.forEach((byte) => {
      binary += String.fromCharCode(byte);
    });
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function fromBase64Url(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    // Only the one spelling of these bytes: the last character's unused bits changed is a damaged link too.
    return toBase64Url(bytes) === text ? bytes : null;
  }

  const canShorten = () => typeof CompressionStream === "function" && typeof DecompressionStream === "function";

  async function deflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // Inflates at most MAX_JSON_BYTES; throws on a damaged or truncated stream.
  async function inflate(bytes) {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_JSON_BYTES) {
        reader.cancel();
        throw new Error("too large");
      }
      chunks.push(value);
    }
    return new Uint8Array(await new Blob(chunks).arrayBuffer());
  }

  // Short names for the names that links carry most (JSON keys only, at any depth). Upper case, so never a field's
  // own name. Append only: a link written today must open the same way as long as the site stands.
  const ALIASES = {
    designs: "D",
    floors: "F",
    level: "L",
    area: "A",
    units: "U",
    area_unit: "N",
    date: "T",
    name: "M",
    sanitary: "S",
    type: "Y",
    count: "C",
    items: "I",
    boards: "B",
    width_ft: "W",
    height_ft: "H",
    purpose: "P",
    added_floors: "G",
  };
  const NAMES = Object.fromEntries(Object.entries(ALIASES).map(([name, alias]) => [alias, name]));

  // The value with its keys renamed by `names` (unknown keys as they are), at any depth.
  function renamed(value, names) {
    if (Array.isArray(value)) return value.map((item) => renamed(item, names));
    if (!value || typeof value !== "object") return value;
    const out = {};
    Object.keys(value).forEach((key) => {
      out[hasOwn(names, key) ? names[key] : key] = renamed(value[key], names);
    });
    return out;
  }

  // The value of the `e` parameter for these inputs (lists and objects as JSON text, as the long link has them).
  async function encode(entries) {
    const inputs = {};
    entries.forEach(([name, text, isJson]) => {
      inputs[name] = isJson ? JSON.parse(text) : wholeOrDecimal(name, text);
    });
    const json = new TextEncoder().encode(JSON.stringify(renamed(inputs, ALIASES)));
    const packed = await deflate(json);
    const bytes = new Uint8Array(4 + packed.length);
    new DataView(bytes.buffer).setUint32(0, crc32(packed));
    bytes.set(packed, 4);
    return VERSION + toBase64Url(bytes);
  }

  // The inputs of an `e` value, or null if it is damaged (any character changed or lost: the checksum of the
  // compressed bytes fails, or the compression or the JSON) or of an unknown format.
  async function decode(text) {
    if (text[0] !== VERSION) return null;
    const bytes = fromBase64Url(text.slice(1));
    if (!bytes || bytes.length < 5) return null;
    if (crc32(bytes.subarray(4)) !== new DataView(bytes.buffer).getUint32(0)) return null;
    let json;
    try {
      json = await inflate(bytes.subarray(4));
    } catch {
      return null;
    }
    try {
      const inputs = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(json));
      return inputs && typeof inputs === "object" && !Array.isArray(inputs) ? renamed(inputs, NAMES) : null;
    } catch {
      return null;
    }
  }

  // The query for these inputs: the short link where the browser can compress, else one parameter per field.
  async function linkQuery(state) {
    const entries = linkEntries(state);
    if (canShorten()) return [[PARAM, await encode(entries)]];
    return entries.map(([name, text]) => [name, text]);
  }

  const queryText = (text) =>
    encodeURIComponent(text).replace(/%(5B|5D|7B|7D|3A|2C)/g, (all, hex) => String.fromCharCode(parseInt(hex, 16)));

  // This page's URL carrying the form's inputs (parameters that are not this form's stay as they are).
  async function linkUrl(state) {
    const query = await linkQuery(state);
    const url = new URL(location.href);
    const kept = new URLSearchParams(location.search);
    kept.delete(PARAM);
    membersOf(state.form).forEach((member) => kept.delete(member.dataset.name));
    const parts = [
      kept.toString(),
      ...query.map(([name, value]) => encodeURIComponent(name) + "=" + queryText(value)),
    ].filter(Boolean);
    url.search = parts.length ? "?" + parts.join("&") : "";
    return url.href;
  }

  // The page and link in the address bar: what a form writes over (state.address, as it last knew it).
  const addressNow = () => location.pathname + location.search;

  // Writes the inputs into the address bar; of overlapping calls, the last one made wins.
  async function writeUrl(state) {
    const ticket = (state.urlTicket = (state.urlTicket || 0) + 1);
    let href;
    try {
      href = await linkUrl(state);
    } catch {
      return location.href; // the address bar keeps the last link written
    }
    // Instant navigation may have moved the address to another page, or to another link of this one, while the link
    // was being compressed (the form is in the document until Material swaps it): that address is not this form's.
    const moved = addressNow() !== state.address;
    if (ticket !== state.urlTicket || !state.form.isConnected || moved) return location.href;
    // Keep Material's history state: instant navigation stores its own data there.
    if (href !== location.href) history.replaceState(history.state, "", href);
    state.address = addressNow();
    return href;
  }

  // ------------------------------------------------------------------------------------------- restoring

  // Why a link cannot be restored, before any row is built: a list over calc's limit for it, or more rows in all
  // than MAX_LINK_ROWS. Walks the link's values along the form, nested lists through their unbuilt template rows.
  function linkProblem(state, scope, data, counted) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    for (const member of membersOf(scope)) {
      const value = hasOwn(data, member.dataset.name) ? data[member.dataset.name] : undefined;
      let problem = null;
      if (isObject(member)) problem = linkProblem(state, member, value, counted);
      else if (isList(member) && Array.isArray(value)) {
        const max = maxRowsOf(member);
        counted.rows += value.length;
        if (value.length > max) problem = { key: "link_too_many", field: captionOf(member), n: value.length, max };
        else if (counted.rows > MAX_LINK_ROWS) problem = { key: "link_too_large", max: MAX_LINK_ROWS };
        const row = templateRowOf(state, member);
        for (let index = 0; !problem && index < value.length; index++) {
          problem = linkProblem(state, row, value[index], counted);
        }
      }
      if (problem) return problem;
    }
    return null;
  }

  // A link that is not restored says why, in the form's language, above the form (the form stays as first shown).
  function showLinkProblem(state, problem) {
    const words = state.text[problem.key] || state.text.link_unreadable || problem.key;
    const note = element("div", undefined, "admonition warning mpkj-link-problem");
    note.setAttribute("role", "alert");
    note.append(element("p", format(words, problem)));
    state.form.querySelector(".mpkj-status").after(note);
  }

  // The inputs of an older long link (or an embed's data-* values): a parameter per top-level name, lists and
  // objects as JSON. Returns { values } or { problem }.
  function longLinkValues(state, params) {
    const values = {};
    for (const member of membersOf(state.form)) {
      const name = member.dataset.name;
      if (!params.has(name)) continue;
      const raw = params.get(name);
      if (!isList(member) && !isObject(member)) {
        values[name] = raw;
        continue;
      }
      let value;
      try {
        value = JSON.parse(raw);
      } catch {
        value = undefined;
      }
      const shaped = isList(member)
        ? Array.isArray(value)
        : value !== null && typeof value === "object" && !Array.isArray(value);
      if (!shaped) return { problem: { key: "link_unreadable", field: captionOf(member) } };
      values[name] = value;
    }
    return { values };
  }

  // The link's inputs as the form's top-level values (lists and objects as values, not text), or its problem.
  async function shortLinkValues(state, text) {
    if (!canShorten()) return { problem: { key: "link_unsupported" } };
    const inputs = await decode(text);
    if (!inputs) return { problem: { key: "link_damaged" } };
    const values = {};
    for (const member of membersOf(state.form)) {
      const name = member.dataset.name;
      if (!hasOwn(inputs, name)) continue;
      let value = inputs[name];
      if (isList(member) || isObject(member)) {
        try {
          value = typeof value === "string" ? JSON.parse(value) : value;
        } catch {
          return { problem: { key: "link_unreadable", field: captionOf(member) } };
        }
        const shaped = isList(member)
          ? Array.isArray(value)
          : value !== null && typeof value === "object" && !Array.isArray(value);
        if (!shaped) return { problem: { key: "link_unreadable", field: captionOf(member) } };
      } else if (value === null || typeof value === "object") continue; // a field takes text only
      values[name] = value;
    }
    return { values };
  }

  const nextTask = () => new Promise((resolve) => setTimeout(resolve));

  // Fills the form with the values, a few rows at a time: the page answers between the slices.
  async function fillInSlices(state, values) {
    let sliceStart = performance.now();
    const pause = async () => {
      if (performance.now() - sliceStart < SLICE_MS) return false;
      await nextTask();
      sliceStart = performance.now();
      return true;
    };
    const flat = {};
    const lists = [];
    membersOf(state.form).forEach((member) => {
      const name = member.dataset.name;
      if (!hasOwn(values, name)) return;
      if (isList(member) && Array.isArray(values[name])) lists.push([member, values[name]]);
      else flat[name] = values[name];
    });
    fillScope(state, state.form, flat); // fields and objects: at once
    for (const [list, rows] of lists) {
      const min = Number(list.dataset.minItems) || 0;
      const shown = rowsOf(list);
      shown.slice(Math.max(rows.length, min)).forEach((row) => row.remove());
      // The rows of the first slice show at once; the rest are built apart, where the page need not lay them out
      // again at every pause, and shown together at the end.
      let apart = null;
      for (let index = 0; index < rows.length; index++) {
        let row = shown[index];
        if (!row && apart) {
          row = templateRowOf(state, list).cloneNode(true);
          row.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id")); // as appendRow: renumber gives ids
          apart.append(row);
        } else if (!row) row = appendRow(state, list);
        fillScope(state, row, rows[index]);
        if ((await pause()) && !apart) apart = document.createDocumentFragment();
      }
      if (apart) list.querySelector(".mpkj-rows").append(apart);
    }
    await nextTask(); // the page lays the rows out, then they are numbered, then the form runs: three tasks
    renumber(state);
    showAreaUnit(state);
    showConditional(state);
    await nextTask();
  }

  // Restores the inputs from the page URL (the short link, an older long link, an embed's data-* values, the
  // language switch). Returns true at once if the URL holds this form's inputs: the form is then filled
  // asynchronously, state.restoring is its promise, and state.run(false) is called when it is filled. A damaged
  // link, or one over the limits, is refused whole with a message (false is then resolved), never half restored.
  function restore(state) {
    const params = new URLSearchParams(location.search);
    const short = params.get(PARAM);
    const ownsParam = membersOf(state.form).some((member) => params.has(member.dataset.name));
    if (short === null && !ownsParam) return false;
    // At once, before anything is built: a line saying this is a shared estimate, and never "Fill in the form"
    // while the link is being opened.
    const shared = element("p", state.text.shared, "mpkj-shared");
    state.form.querySelector(".mpkj-status").after(shared);
    state.result.dataset.state = "pending";
    state.result.querySelector(".mpkj-summary").textContent = state.text.opening;
    const running = state.form.querySelector(".mpkj-running-text");
    if (running) running.textContent = state.text.opening;
    state.restoring = (async () => {
      const read = short !== null ? await shortLinkValues(state, short) : longLinkValues(state, params);
      const problem = read.problem || linkProblem(state, state.form, read.values, { rows: 0 });
      if (problem) {
        shared.remove();
        showLinkProblem(state, problem);
        state.result.dataset.state = "prompt";
        state.result.querySelector(".mpkj-summary").textContent = state.text.prompt;
        if (running) running.textContent = state.text.prompt;
        return false;
      }
      await fillInSlices(state, read.values);
      return true;
    })();
    state.restoring
      .catch(() => false)
      .then((restored) => {
        state.restoring = null;
        state.touched = restored || state.edits > 0;
        if (!restored) state.submitted = false; // a refused link's inputs were never entered
        state.restored = restored;
        state.form.dispatchEvent(new CustomEvent("mpkj:restored", { bubbles: true, detail: { restored } }));
        state.run(false);
      });
    return true;
  }

  // The link to share: this page's, or from a copy opened as a file (the offline zip), the same calculator at the
  // site's public address (forms.py's data-public-url, from site_url): a file:/// path opens on nobody else's computer.
  function shareableUrl(state, href) {
    const publicUrl = state.form.dataset.publicUrl;
    return location.protocol === "file:" && publicUrl ? publicUrl + new URL(href).search : href;
  }

  // The link to share for the form's inputs as they are now.
  async function shareLink(state) {
    return shareableUrl(state, await linkUrl(state));
  }

  async function copyLink(state) {
    const status = state.form.querySelector(".mpkj-copy-status");
    const fallback = state.form.querySelector(".mpkj-copy-fallback");
    // The link of the inputs as they are now, whatever write of the address bar is still under way (leaving the
    // field for this button schedules one too, and of overlapping writes only the last one writes).
    let link;
    try {
      link = await shareLink(state);
    } catch {
      link = shareableUrl(state, location.href);
    }
    writeUrl(state);
    try {
      await navigator.clipboard.writeText(link);
      status.textContent = state.text.copied;
      fallback.hidden = true;
    } catch {
      // no Clipboard API (or refused): let the reader copy it
      const input = fallback.querySelector("input");
      input.value = link;
      fallback.hidden = false;
      input.focus();
      input.select();
    }
  }

  calculator.permalink = Object.freeze({
    PARAM,
    addressNow,
    decode, // the inputs of a short link's value, or null if it is damaged (tests/browser/test_share.py)
    shortValues,
    writeUrl,
    linkUrl, // this page's address with the inputs as they are now (a reload that keeps them)
    restore,
    copyLink,
    shareLink,
    todayInMalaysia,
  });
})();
