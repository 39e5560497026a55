// The calculator forms, part 3 of 5: the permalink. Writes the form's request into the page URL as the visitor
// types, and restores a form from the URL (a shared link, an embed's data-* values, the language switch).
//
// Flat fields are query parameters named after the request field (`?residential_units=250`);
// a list or object is one parameter holding its request value as JSON (`?designs=[{"units":20,...}]`), short:
// values equal to a field's default are left out, whole numbers unquoted, and []{}:, are not percent-encoded
// (the query allows them). The application date is always kept (today's, when the field is empty). Only
// top-level names of the form are read back, and only as input values.
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.permalink) return; // loaded twice: the first copy is in use
  const { membersOf, rowsOf, isList, isObject, format, captionOf, maxRowsOf, hasOwn } = calculator.form;
  const { templateRowOf, collect, fillScope, renumber, showAreaUnit } = calculator.form;
  const { element } = calculator.render;

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
  const queryText = (text) =>
    encodeURIComponent(text).replace(/%(5B|5D|7B|7D|3A|2C)/g, (all, hex) => String.fromCharCode(parseInt(hex, 16)));
  const today = () => {
    const now = new Date();
    return [now.getFullYear(), now.getMonth() + 1, now.getDate()].map((n) => String(n).padStart(2, "0")).join("-");
  };

  // Lists and objects as the link writes them; those equal to the page's starting state need no parameter.
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

  function permalinkParams(state) {
    const { form } = state;
    const values = collect(form);
    const short = shortValues(form);
    const params = [];
    membersOf(form).forEach((member) => {
      const name = member.dataset.name;
      const value = values[name];
      if (value === undefined) {
        if (name === "date") params.push([name, today()]); // the link keeps the date the estimate was made on
        return;
      }
      if (isList(member) || isObject(member)) {
        // The untouched starting rows of a list need no parameter: the page renders them anyway.
        if (isBlank(value) || short[name] === state.pristine[name]) return;
        params.push([name, short[name]]);
      } else if (value !== member.dataset.default) {
        params.push([name, String(value)]);
      }
    });
    return params;
  }

  function writeUrl(state) {
    const url = new URL(location.href);
    const kept = new URLSearchParams(location.search); // parameters that are not this form's stay as they are
    membersOf(state.form).forEach((member) => kept.delete(member.dataset.name));
    const parts = [
      kept.toString(),
      ...permalinkParams(state).map(([name, value]) => encodeURIComponent(name) + "=" + queryText(value)),
    ].filter(Boolean);
    url.search = parts.length ? "?" + parts.join("&") : "";
    if (url.href !== location.href) {
      // Keep Material's history state: instant navigation stores its own data there.
      history.replaceState(history.state, "", url.href);
    }
  }

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

  // Restores the inputs from the page URL (the permalink, an embed's data-* values, the language switch), in time
  // linear in the rows; true if any parameter was one of this form's fields. A link that is not JSON where a list
  // or object belongs, or is over the limits, is refused whole with a message, never half restored.
  function restore(state) {
    const params = new URLSearchParams(location.search);
    const values = {};
    let problem = null;
    membersOf(state.form).forEach((member) => {
      const name = member.dataset.name;
      if (!params.has(name) || problem) return;
      const raw = params.get(name);
      if (!isList(member) && !isObject(member)) {
        values[name] = raw;
        return;
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
      if (shaped) values[name] = value;
      else problem = { key: "link_unreadable", field: captionOf(member) };
    });
    problem = problem || linkProblem(state, state.form, values, { rows: 0 });
    if (problem) {
      showLinkProblem(state, problem);
      return false;
    }
    fillScope(state, state.form, values);
    renumber(state);
    showAreaUnit(state);
    return Object.keys(values).length > 0;
  }

  // The link to share: this page's, or from a copy opened as a file (the offline zip), the same calculator at the
  // site's public address (forms.py's data-public-url, from site_url): a file:/// path opens on nobody else's computer.
  function shareableUrl(state) {
    const publicUrl = state.form.dataset.publicUrl;
    return location.protocol === "file:" && publicUrl ? publicUrl + location.search : location.href;
  }

  async function copyLink(state) {
    writeUrl(state);
    const status = state.form.querySelector(".mpkj-copy-status");
    const fallback = state.form.querySelector(".mpkj-copy-fallback");
    const link = shareableUrl(state);
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

  calculator.permalink = Object.freeze({ shortValues, writeUrl, restore, copyLink });
})();
