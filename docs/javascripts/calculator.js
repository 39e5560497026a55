// The calculator forms (rendered by site_scripts/forms.py): form -> request -> MPKjFees.estimate -> result.
// No fee logic here: calc (in Python, through docs/javascripts/fees.js) computes and validates everything.
//
// DOM contract (forms.py writes it, this file reads it):
//   form.mpkj-calculator#mpkj-<id>[data-calculator][data-lang][data-schedule-href][data-text]  one calculator;
//                                  data-text: the form's own words (JSON), data-in-force: schedule versions
//   input.mpkj-constant            hidden `schedule` / `application`, always sent
//   .mpkj-field[data-name]         one leaf control, whose `name` is the request field's name
//   fieldset.mpkj-list[data-name][data-template][data-min-items][data-max-items] > .mpkj-rows > fieldset.mpkj-row
//   fieldset.mpkj-object[data-name]   a nested object (sanitary fittings)
//   template.mpkj-template[data-template]   one row of a list, cloned by the list's add button
//   [data-shown-field][data-shown-values]  a member asked only when that field has one of those values: hidden
//                                  and left out of the request otherwise (the amendment types' sections)
//   .mpkj-running                  the running total, sticky at the bottom of the screen on a long form
//   .mpkj-error / .mpkj-help       per field, linked by aria-describedby; .mpkj-error-summary at the top
//   section.mpkj-result[data-state=prompt|pending|ok|incomplete|invalid|failed][data-total]  the estimate;
//                                  incomplete: calc's errors are not shown yet (a field still being typed)
// The nesting of fields, lists, rows and objects is the nesting of the request. This file writes each one's
// `data-path` (e.g. `designs[0].floors[1].area`, the `field` of calc's errors) and renumbers ids after rows
// are added or removed.
//
// Permalink: flat fields are query parameters named after the request field (`?residential_units=250`);
// a list or object is one parameter holding its request value as JSON (`?designs=[{"units":20,...}]`), short:
// values equal to a field's default are left out, whole numbers unquoted, and []{}:, are not percent-encoded
// (the query allows them). The application date is always kept (today's, when the field is empty). Only
// top-level names of the form are read back, and only as input values.
(function () {
  "use strict";
  if (window.MPKjCalculator) return; // loaded twice: the first copy already listens
  // project.js draws its payments' lines with the same table and words.
  window.MPKjCalculator = Object.freeze({ version: 1, linesTable, money, element });

  const SCOPE = "form.mpkj-calculator, .mpkj-row, .mpkj-object"; // elements that become request objects
  const MEMBER = ".mpkj-field, .mpkj-list, .mpkj-object"; // elements that become request members
  // No waiting for the typist to pause: Python answers in a few milliseconds, the worker answers in order, and
  // an answer overtaken by a later edit is dropped (see run), so every keystroke gets its own result (bench: typing
  // p95 budget 16 ms). A timer of 0 still lets one event's input and change handlers share one request.
  const DEBOUNCE_MS = 0;
  // Rows a link may bring in all lists together. calc's own limit is 100 rows per list (schema MAX_LIST, the
  // lists' data-max-items), so 100 designs of 100 storeys would be 10,100 rows (some 130,000 elements). 1,200 keeps
  // 10 designs of 100 storeys (1,010 rows: about 0.2 s to restore here, 1 s with the CPU slowed 4 times).
  const MAX_LINK_ROWS = 1200;
  const states = new WeakMap(); // form -> state; a form is bound once, however often the page is swapped in

  // ------------------------------------------------------------------------------------------- structure

  const ownerOf = (el) => el.parentElement.closest(SCOPE);
  const membersOf = (scope) => Array.from(scope.querySelectorAll(MEMBER)).filter((m) => ownerOf(m) === scope);
  const rowsOf = (list) => Array.from(list.querySelector(".mpkj-rows").children).filter((r) => r.matches(".mpkj-row"));
  const controlOf = (field) => field.querySelector("input, select, textarea");
  // A child, not querySelector(":scope > …"): Chromium runs that over the whole subtree, which made numbering the
  // rows of a long list quadratic.
  const own = (el, selector) => Array.prototype.find.call(el.children, (child) => child.matches(selector)) || null;
  const isList = (m) => m.classList.contains("mpkj-list");
  const isObject = (m) => m.classList.contains("mpkj-object");
  const slug = (path) => path.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, ""); // as forms.py
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

  // Gives every member its path and ids (after rows are added or removed the server's numbering is stale).
  // Reads the whole form first, then writes: in Chromium, reading the form between writes cost time growing with
  // the square of the rows (numbering the 1,010 rows of a 10 x 100 storey link took seconds).
  function renumber(state) {
    const { form, text } = state;
    const writes = [];
    const setIds = (el, path) => {
      const base = form.id + "-" + slug(path);
      const help = own(el, ".mpkj-help");
      const error = own(el, ".mpkj-error");
      const described = [];
      if (help) {
        described.push(base + "-help");
        writes.push(() => {
          help.id = base + "-help";
        });
      }
      if (error) {
        described.push(base + "-error");
        writes.push(() => {
          error.id = base + "-error";
        });
      }
      const target = el.matches(".mpkj-field") ? controlOf(el) : el;
      const label = own(el, "label");
      writes.push(() => {
        target.id = base;
        target.setAttribute("aria-describedby", described.join(" "));
        if (label) label.htmlFor = base;
      });
    };
    const visit = (scope, prefix) => {
      membersOf(scope).forEach((member) => {
        const path = prefix + member.dataset.name;
        writes.push(() => {
          member.dataset.path = path;
        });
        setIds(member, path);
        if (isObject(member)) visit(member, path + ".");
        if (!isList(member)) return;
        const rows = rowsOf(member);
        const min = Number(member.dataset.minItems) || 0;
        const max = Number(member.dataset.maxItems) || 100;
        const label = member.dataset.rowLabel || own(member, "legend").textContent;
        rows.forEach((row, index) => {
          const rowPath = path + "[" + index + "]";
          const name = format(text.row, { label, n: index + 1 });
          const legend = own(row, "legend");
          const remove = own(row, ".mpkj-remove");
          writes.push(() => {
            row.dataset.path = rowPath;
            legend.textContent = name;
            remove.setAttribute("aria-label", format(text.remove_row_label, { row: name }));
            remove.hidden = rows.length <= min;
          });
          visit(row, rowPath + ".");
        });
        const add = own(member, ".mpkj-add");
        writes.push(() => {
          add.disabled = rows.length >= max;
        });
      });
    };
    visit(form, "");
    writes.forEach((write) => write());
  }

  // The row a list's "Add row" clones: its template's first element (also read, unbuilt, to check a link).
  // Looked up in a map made once per form: a search of the form per added row made restoring quadratic.
  function templateRowOf(state, list) {
    if (!state.templates) {
      state.templates = new Map();
      state.form.querySelectorAll("template.mpkj-template").forEach((template) => {
        if (!state.templates.has(template.dataset.template)) {
          state.templates.set(template.dataset.template, template.content.firstElementChild);
        }
      });
    }
    return state.templates.get(list.dataset.template);
  }

  function appendRow(state, list) {
    const row = templateRowOf(state, list).cloneNode(true);
    // Without the template's ids until renumber gives it its own: a thousand copies of one id make each later
    // id change search the whole page (Chromium), which made restoring a long link quadratic.
    row.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    list.querySelector(".mpkj-rows").appendChild(row);
    return row;
  }

  function addRow(state, list) {
    const row = appendRow(state, list);
    placeLevel(list, row);
    renumber(state);
    showAreaUnit(state);
    return row;
  }

  // An added storey starts one level above the list's highest (the template's ground floor for the first).
  function placeLevel(list, row) {
    const levelOf = (scope) => {
      const field = membersOf(scope).find((member) => member.dataset.kind === "level");
      return field ? controlOf(field) : null;
    };
    const select = levelOf(row);
    if (!select) return;
    const taken = rowsOf(list)
      .filter((other) => other !== row)
      .map((other) => Number(levelOf(other).value));
    if (!taken.length) return;
    const next = String(Math.max(...taken) + 1);
    if (Array.from(select.options).some((option) => option.value === next)) select.value = next;
  }

  // Members asked only for some values of another field (each amendment type's sections) show with them.
  function showConditional(state) {
    state.form.querySelectorAll("[data-shown-field]").forEach((member) => {
      const driver = membersOf(ownerOf(member)).find((m) => m.dataset.name === member.dataset.shownField);
      const value = driver ? controlOf(driver).value : "";
      member.hidden = !member.dataset.shownValues.split(" ").includes(value);
    });
  }

  // The square-metre / square-feet suffix of every area input follows the area_unit choice.
  function showAreaUnit(state) {
    const unit = state.form.querySelector('select[name="area_unit"]');
    const word = unit && unit.value === "ft2" ? state.text.unit_ft2 : state.text.unit_m2;
    state.form.querySelectorAll("[data-area-unit]").forEach((el) => {
      el.textContent = word;
    });
  }

  // ------------------------------------------------------------------------------------------- request

  // The request members of one scope: empty inputs are left out (calc applies its defaults), numbers are
  // the typed text (calc reads "1,350" and explains what is wrong with "12,5"); a hidden section is not asked.
  function collect(scope) {
    const out = {};
    membersOf(scope).forEach((member) => {
      if (member.hidden) return;
      const name = member.dataset.name;
      if (isList(member)) {
        const rows = rowsOf(member).map(collect);
        if (rows.length) out[name] = rows;
      } else if (isObject(member)) {
        const value = collect(member);
        if (Object.keys(value).length) out[name] = value;
      } else {
        const control = controlOf(member);
        if (control.type === "checkbox") {
          if (control.checked) out[name] = true;
        } else if (
          control.value.trim() !== "" &&
          !(control.tagName === "SELECT" && control.value === member.dataset.default)
        ) {
          out[name] = control.value.trim(); // a choice left at its default is calc's default: no need to send it
        }
      }
    });
    return out;
  }

  function requestOf(form) {
    const request = {};
    form.querySelectorAll("input.mpkj-constant").forEach((input) => {
      request[input.name] = input.value;
    });
    return Object.assign(request, collect(form));
  }

  // ------------------------------------------------------------------------------------------- permalink

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

  const hasOwn = (object, key) => Object.prototype.hasOwnProperty.call(object, key);

  function setControl(field, value) {
    if (value === null || typeof value === "object") return; // a field takes text only
    const control = controlOf(field);
    const text = String(value);
    if (control.type === "checkbox") control.checked = text === "true" || text === "1";
    else if (control.tagName === "SELECT") {
      if (Array.from(control.options).some((option) => option.value === text)) control.value = text;
    } else control.value = text;
  }

  // Rows are only built and filled here; restore numbers the whole form once at the end (numbering after each
  // added row made a link's cost grow with the square of its rows: 100 empty designs froze the page for 20 s).
  function fillList(state, list, rows) {
    if (!Array.isArray(rows)) return;
    const min = Number(list.dataset.minItems) || 0;
    const shown = rowsOf(list);
    shown.slice(Math.max(rows.length, min)).forEach((row) => row.remove());
    for (let count = shown.length; count < rows.length; count++) appendRow(state, list);
    rowsOf(list).forEach((row, index) => fillScope(state, row, rows[index]));
  }

  function fillScope(state, scope, data) {
    if (!data || typeof data !== "object" || Array.isArray(data)) return;
    membersOf(scope).forEach((member) => {
      const name = member.dataset.name;
      if (!hasOwn(data, name)) return; // unknown keys are ignored
      if (isList(member)) fillList(state, member, data[name]);
      else if (isObject(member)) fillScope(state, member, data[name]);
      else setControl(member, data[name]);
    });
  }

  const maxRowsOf = (list) => Number(list.dataset.maxItems) || 100; // calc's own limit (schema MAX_LIST)
  const captionOf = (member) => (own(member, "legend") || own(member, "label") || member).textContent.trim();

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

  // ------------------------------------------------------------------------------------------- result

  function money(amount) {
    const [whole, cents] = String(amount).split(".");
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (cents === undefined ? "" : "." + cents);
  }

  function element(tag, text, className) {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (className) el.className = className;
    return el;
  }

  function clearErrors(state) {
    const { form } = state;
    form.querySelectorAll(".mpkj-error").forEach((slot) => {
      slot.textContent = "";
      slot.hidden = true;
    });
    form.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute("aria-invalid"));
    const summary = form.querySelector(".mpkj-error-summary");
    summary.hidden = true;
    summary.querySelector("ul").replaceChildren();
  }

  // The member showing an error at `path`, or at the nearest enclosing path that has one (a row has none):
  // `designs[0].floors[1].area`, then `designs[0].floors[1]`, `designs[0].floors`, `designs[0]`, `designs`.
  // byPath: every [data-path] element by its path, built once per answer (once per error was quadratic).
  function memberAt(byPath, path) {
    for (let at = path; at;) {
      const found = byPath.get(at);
      if (found && found.matches(MEMBER)) return found;
      const up = at.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
      if (up === at) return null;
      at = up;
    }
    return null;
  }

  function pathMap(form) {
    return new Map(Array.from(form.querySelectorAll("[data-path]"), (el) => [el.dataset.path, el]));
  }

  function showErrors(state, errors, byPath) {
    const { form, lang, text } = state;
    const list = form.querySelector(".mpkj-error-summary ul");
    errors.forEach((error) => {
      const message = (error.message && (error.message[lang] || error.message.en)) || error.code || "";
      const member = error.field ? memberAt(byPath, error.field) : null;
      const item = element("li");
      if (member) {
        const slot = own(member, ".mpkj-error");
        slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
        slot.hidden = false;
        const control = member.matches(".mpkj-field") ? controlOf(member) : member.querySelector("input, select");
        if (member.matches(".mpkj-field")) control.setAttribute("aria-invalid", "true");
        const link = element("a", message);
        link.href = "#" + (control ? control.id : member.id);
        link.dataset.target = control ? control.id : member.id;
        item.appendChild(link);
      } else {
        item.textContent = message;
      }
      list.appendChild(item);
    });
    form.querySelector(".mpkj-error-summary").hidden = false;
    setResult(
      state,
      "invalid",
      format(errors.length === 1 ? text.no_estimate_one : text.no_estimate_many, { n: errors.length }),
    );
  }

  // GOV.UK style: a field's error shows once the visitor has left the field (or submitted), never while the
  // number is being typed ("12." on the way to "12.5", "-" on the way to "-5"). An error with no field
  // ("nothing to compute") waits for the submit.
  function isReady(state, error, byPath) {
    if (!error.field) return state.submitted;
    const member = memberAt(byPath, error.field);
    const path = member ? member.dataset.path : error.field;
    if (path === state.typing) return false;
    if (state.submitted) return true;
    return Array.from(state.checked).some(
      (done) => done === path || done.startsWith(path + ".") || done.startsWith(path + "["),
    );
  }

  // Errors not shown yet: no new total and no red; the last estimate stays in view, dimmed, until the value is
  // complete (the live total still follows every valid state).
  function showIncomplete(state) {
    const { result, text } = state;
    const hasLines = !result.querySelector(".mpkj-lines").hidden;
    result.dataset.state = "incomplete";
    result.removeAttribute("aria-busy");
    delete result.dataset.total;
    result.querySelector(".mpkj-summary").textContent = hasLines ? text.incomplete : text.prompt;
    showRunning(state);
  }

  // The sticky running total repeats the result's summary line.
  function showRunning(state) {
    const running = state.form.querySelector(".mpkj-running");
    if (!running) return;
    running.dataset.state = state.result.dataset.state;
    running.querySelector(".mpkj-running-text").textContent = state.result.querySelector(".mpkj-summary").textContent;
  }

  function setResult(state, stage, summary) {
    const { result } = state;
    result.dataset.state = stage;
    result.removeAttribute("aria-busy");
    if (stage !== "ok") {
      // Never leave an old total looking current.
      delete result.dataset.total;
      result.querySelector(".mpkj-lines").hidden = true;
      result.querySelector(".mpkj-notes").hidden = true;
    }
    if (summary !== undefined) result.querySelector(".mpkj-summary").textContent = summary;
    showRunning(state);
  }

  // The lines of an estimate as a table: item, description (label, the detail when it says more, and where the
  // line comes from), quantity, unit, rate, amount. `text` gives the column names, `pick` the page's language.
  function linesTable(lines, text, pick) {
    const columns = ["col_item", "col_label", "col_quantity", "col_unit", "col_rate", "col_amount"];
    const numeric = (index) => index === 2 || index >= 4; // right-aligned, headers over their values
    const table = element("table", undefined, "mpkj-lines-table");
    const head = table.createTHead().insertRow();
    columns.forEach((key, index) => {
      const th = element("th", text[key], numeric(index) ? "mpkj-amount" : undefined);
      th.scope = "col";
      head.appendChild(th);
    });
    const body = table.createTBody();
    const shown = (value) => (value === null || value === undefined ? "—" : String(value));
    lines.forEach((line) => {
      const row = body.insertRow();
      row.dataset.item = line.item;
      const description = document.createDocumentFragment();
      const label = pick(line.label);
      const detail = pick(line.detail);
      description.append(element("span", label, "mpkj-line-label"));
      if (detail && detail !== label) description.append(element("small", detail, "mpkj-line-detail"));
      description.append(element("small", text.col_source + ": " + pick(line.source), "mpkj-line-source"));
      const cells = [
        line.item,
        description,
        shown(line.quantity),
        pick(line.unit),
        line.rate == null ? "—" : money(line.rate),
        money(line.amount),
      ];
      cells.forEach((value, index) => {
        const cell = row.insertCell();
        cell.dataset.label = text[columns[index]]; // the narrow layout shows each cell's column name
        if (numeric(index)) cell.className = "mpkj-amount";
        if (value instanceof Node) cell.appendChild(value);
        else cell.textContent = value;
      });
    });
    return table;
  }

  function showEstimate(state, response) {
    const { result, lang, text } = state;
    const pick = (bilingual) => (bilingual ? bilingual[lang] || bilingual.en || "" : "");
    // A project has no lines of its own: project.js shows its payments' lines.
    const table = linesTable(response.lines || [], text, pick);
    const foot = table.createTFoot().insertRow();
    const totalLabel = element("th", text.total);
    totalLabel.scope = "row";
    totalLabel.colSpan = 5;
    foot.appendChild(totalLabel);
    const total = foot.insertCell();
    total.className = "mpkj-amount mpkj-total";
    total.textContent = text.currency + " " + money(response.total);
    const lines = result.querySelector(".mpkj-lines");
    lines.replaceChildren(table);
    lines.hidden = false;
    const notes = result.querySelector(".mpkj-notes");
    notes.replaceChildren(...(response.notes || []).map((note) => element("li", pick(note))));
    notes.hidden = notes.children.length === 0;
    setResult(state, "ok", text.total + ": " + text.currency + " " + money(response.total));
    result.dataset.total = response.total;
    const version = state.form.querySelector(".mpkj-print-version");
    if (response.notes && response.notes.length) version.textContent = pick(response.notes[0]);
    state.form.dispatchEvent(new CustomEvent("mpkj:estimate", { bubbles: true, detail: response }));
  }

  // Plain words and a way on when Python cannot run: a link to the schedule table under the form.
  function showFailure(state, reason) {
    const { form, text } = state;
    const status = form.querySelector(".mpkj-status");
    const table = document.querySelector('.mpkj-schedule[data-schedule="' + CSS.escape(form.dataset.schedule) + '"]');
    let href = form.dataset.scheduleHref;
    if (table) {
      if (!table.id) table.id = "mpkj-schedule-" + form.dataset.schedule;
      href = "#" + table.id;
    }
    const link = element("a", text.schedule_link);
    link.href = href;
    // Try again without reloading the page (MPKjFees.retry): a stalled download or a busy machine may pass. A page
    // of an older deployment reloads instead (the URL keeps the inputs).
    const stale = reason === "new_deployment";
    const retry = element("button", stale ? text.reload : text.retry);
    retry.type = "button";
    retry.className = "md-button mpkj-retry";
    retry.addEventListener("click", () => {
      if (stale) {
        location.reload();
        return;
      }
      state.failed = false;
      window.MPKjFees.retry().then(
        () => run(state, false),
        () => {},
      );
    });
    if (stale) status.replaceChildren(text.new_deployment + " ", retry);
    else status.replaceChildren(text.failed + " ", link, ". ", ...(window.MPKjFees ? [retry] : []));
    status.dataset.stage = "failed";
    status.dataset.reason = String(reason || "");
    setResult(state, "failed", "");
    state.failed = true;
  }

  // ------------------------------------------------------------------------------------------- running

  // The shown answer is for older inputs from the moment of an edit: dimmed and busy (the stylesheet dims
  // [data-state=pending]; aria-busy keeps screen readers from announcing it) until the answer for the new inputs.
  function markStale(state) {
    const { result, text } = state;
    if (result.dataset.state === "ok" || result.dataset.state === "incomplete") {
      // The shown estimate is now out of date: dimmed by the stylesheet until the answer comes.
      result.dataset.state = "pending";
      result.setAttribute("aria-busy", "true");
      delete result.dataset.total;
    } else if (result.dataset.state !== "pending") setResult(state, "pending", text.updating);
  }

  // Every edit counts (state.edits): an answer is shown only if no edit came after its request was made, so an
  // answer that arrives between a keystroke and the run it schedules is never shown, nor announced, as current.
  function schedule(state, delay) {
    state.edits += 1;
    if (state.touched && !state.failed) markStale(state);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => run(state, false), delay);
  }

  async function run(state, focusErrors) {
    const { form } = state;
    clearTimeout(state.timer);
    if (!form.isConnected) return;
    writePrintInputs(state);
    if (!state.touched) return; // an untouched form shows the prompt, not "required" errors
    writeUrl(state);
    if (state.failed) return;
    const seq = ++state.seq;
    const edits = state.edits;
    const request = requestOf(form);
    markStale(state);
    let response;
    try {
      if (!window.MPKjFees) throw new Error("docs/javascripts/fees.js is not loaded");
      response = await window.MPKjFees.estimate(request);
    } catch (error) {
      if (seq === state.seq) showFailure(state, error && (error.code || error.message));
      return;
    }
    // A later request has been sent, or the inputs changed since: only the answer for the current inputs is shown.
    if (seq !== state.seq || edits !== state.edits || !form.isConnected) return;
    clearErrors(state);
    if (response && Array.isArray(response.errors)) {
      const byPath = pathMap(form);
      const ready = response.errors.filter((error) => isReady(state, error, byPath));
      if (!ready.length) {
        showIncomplete(state);
        return;
      }
      showErrors(state, ready, byPath);
      if (focusErrors) form.querySelector(".mpkj-error-heading").focus();
    } else {
      showEstimate(state, response);
    }
  }

  function onStatus(state, status) {
    const el = state.form.querySelector(".mpkj-status");
    if (status.stage === "failed") {
      showFailure(state, status.code || status.message);
      return;
    }
    if (state.failed) return;
    // loading_runtime, loading_calc; nothing for idle and ready; "restarted" after the engine died or hung
    const words = state.text[status.code === "restarted" && status.stage !== "ready" ? "restarted" : status.stage];
    if (el.dataset.stage !== status.stage || el.textContent !== (words || "")) el.textContent = words || "";
    el.dataset.stage = status.stage;
    // The real download (bytes of the runtime and the snapshot, from fees.js) as a bar beside the status, outside its
    // live region so each chunk is not announced; the bar itself is a progressbar to assistive technology.
    let bar = el.parentElement.querySelector(":scope > progress.mpkj-progress");
    if (!status.total || status.stage !== "loading_runtime") {
      if (bar) bar.remove();
      return;
    }
    if (!bar) {
      bar = element("progress", "", "mpkj-progress");
      el.after(bar);
    }
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    bar.max = status.total;
    bar.value = Math.min(status.loaded, status.total);
    bar.setAttribute("aria-label", format(state.text.downloaded, { n: mb(status.loaded), m: mb(status.total) }));
    bar.textContent = bar.getAttribute("aria-label");
  }

  // ------------------------------------------------------------------------------------------- print

  function labelOf(member) {
    const parts = [];
    for (
      let el = member.parentElement.closest(".mpkj-row, .mpkj-object");
      el;
      el = el.parentElement.closest(".mpkj-row, .mpkj-object")
    ) {
      parts.unshift(own(el, "legend").textContent);
    }
    const label = own(member, "label");
    parts.push(label ? label.textContent : "");
    return parts.join(" › ");
  }

  // The inputs in brief, for the printed estimate (print CSS hides the form controls).
  function writePrintInputs(state) {
    const list = state.form.querySelector(".mpkj-print-inputs");
    const entries = [];
    state.form.querySelectorAll(".mpkj-field").forEach((field) => {
      if (field.closest("[hidden]")) return; // a section the chosen type does not ask
      const control = controlOf(field);
      let value;
      if (control.type === "checkbox") value = control.checked ? state.text.yes : "";
      else if (control.tagName === "SELECT") value = control.value ? control.selectedOptions[0].textContent : "";
      else value = control.value.trim();
      if (!value) return;
      const affix = field.querySelector(".mpkj-affix");
      if (affix && field.dataset.kind !== "money") value += " " + affix.textContent;
      if (affix && field.dataset.kind === "money") value = affix.textContent + " " + value;
      entries.push(element("dt", labelOf(field)), element("dd", value));
    });
    list.replaceChildren(...entries);
  }

  function beforePrint() {
    document.querySelectorAll("form.mpkj-calculator").forEach((form) => {
      const state = states.get(form);
      if (!state) return;
      writePrintInputs(state);
      const locale = state.lang === "ms" ? "ms-MY" : "en-GB";
      form.querySelector(".mpkj-print-date").textContent = new Date().toLocaleDateString(locale, {
        day: "numeric",
        month: "long",
        year: "numeric",
      });
      form.querySelector(".mpkj-print-url").textContent = location.href;
    });
  }

  // ------------------------------------------------------------------------------------------- binding

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

  function bind(form) {
    if (states.has(form)) return;
    // The form's own language first: after Material's instant navigation to the other language, <html lang>
    // still names the first page's language.
    const lang = (form.dataset.lang || document.documentElement.lang || "ms").toLowerCase().startsWith("en")
      ? "en"
      : "ms";
    let text;
    try {
      text = JSON.parse(form.dataset.text);
    } catch {
      return;
    } // not a form of forms.py
    const state = {
      form,
      lang,
      text,
      result: form.querySelector(".mpkj-result"),
      seq: 0,
      edits: 0,
      timer: 0,
      touched: false,
      failed: false,
      checked: new Set(),
      typing: null,
      submitted: false,
    }; // checked: paths of the fields the visitor has left
    states.set(form, state);
    state.result.dataset.state = "prompt";
    renumber(state);
    state.pristine = shortValues(form); // the lists as the page renders them, before any link fills them
    state.touched = restore(state);
    showConditional(state);
    if (state.touched) state.submitted = true; // a shared link's values are all "done": show what is wrong
    const fieldOf = (target) => (target instanceof Element ? target.closest(".mpkj-field") : null);

    form.addEventListener("focusout", (event) => {
      const field = fieldOf(event.target);
      if (!field || !field.dataset.path || !state.touched) return;
      state.checked.add(field.dataset.path);
      if (state.typing === field.dataset.path) state.typing = null;
      schedule(state, DEBOUNCE_MS); // now its error, if any, may show
    });

    form.addEventListener("input", (event) => {
      if (event.target.matches(".mpkj-copy-url")) return;
      const field = fieldOf(event.target);
      if (field && event.target.matches("input:not([type=checkbox]), textarea")) state.typing = field.dataset.path;
      state.touched = true;
      schedule(state, DEBOUNCE_MS);
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches(".mpkj-copy-url")) return;
      if (event.target.name === "area_unit") showAreaUnit(state);
      showConditional(state);
      const field = fieldOf(event.target);
      if (field && field.dataset.path && event.target.matches("select, input[type=checkbox], input[type=date]")) {
        state.checked.add(field.dataset.path); // a choice is done as soon as it is made
      }
      state.touched = true;
      schedule(state, DEBOUNCE_MS);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault(); // Enter in a field, or the Calculate button: compute now, and show every error
      state.touched = true;
      state.submitted = true;
      state.typing = null;
      run(state, true);
    });
    form.addEventListener("click", (event) => {
      const target = event.target.closest("button, a");
      if (!target || !form.contains(target)) return;
      if (target.matches(".mpkj-add")) {
        const row = addRow(state, target.closest(".mpkj-list"));
        const first = row.querySelector("input, select");
        if (first) first.focus();
      } else if (target.matches(".mpkj-remove")) {
        const list = target.closest(".mpkj-list");
        target.closest(".mpkj-row").remove();
        renumber(state);
        own(list, ".mpkj-add").focus();
      } else if (target.matches(".mpkj-copy")) {
        copyLink(state);
        return;
      } else if (target.matches(".mpkj-print")) {
        window.print();
        return;
      } else if (target.matches(".mpkj-error-summary a")) {
        event.preventDefault();
        event.stopPropagation(); // not a page navigation for Material's instant loading
        const control = document.getElementById(target.dataset.target);
        if (control) control.focus();
        return;
      } else return;
      state.touched = true;
      schedule(state, DEBOUNCE_MS);
    });

    if (window.MPKjFees) {
      let unsubscribe = null;
      let gone = false;
      unsubscribe = window.MPKjFees.onStatus((status) => {
        if (!form.isConnected) {
          gone = true;
          if (unsubscribe) unsubscribe();
          return;
        } // page swapped away
        onStatus(state, status);
      });
      if (gone) unsubscribe();
      window.MPKjFees.boot().catch(() => {}); // failures arrive as the "failed" status
    } else {
      showFailure(state, "docs/javascripts/fees.js is not loaded");
    }
    run(state, false);
  }

  function start() {
    document.querySelectorAll("form.mpkj-calculator").forEach(bind);
  }

  // The language switch leads to this calculator in the other language (site_scripts/hooks.py); give it the
  // inputs too. Done as the link is followed, because the theme rewrites those links after every page swap.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest(".md-select a[hreflang]") : null;
      if (link && location.search && document.querySelector("form.mpkj-calculator")) link.search = location.search;
    },
    true,
  );
  window.addEventListener("beforeprint", beforePrint);
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); // Material: on the first page and after every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
