// The calculator forms, part 1 of 5: the form's state. Reads the request from the form and writes values into it,
// adds and removes list rows, and gives every member its request path and ids. Parts, in the order
// site_scripts/hooks/calculator_script.py joins them into javascripts/calculator.js: calculator-form.js,
// calculator-render.js, calculator-permalink.js, calculator-share.js, calculator-print.js, calculator-bind.js (which
// binds the forms). Classic scripts (the offline zip is opened from file://, where Chromium refuses modules) sharing
// one object, window.MPKjCalculator: each adds its part.
// The DOM this reads and writes is site_scripts/forms.py's; its docstring is the contract, and forms.py's ID_RULE
// (on the form as data-ids) the one rule for ids.
(function () {
  "use strict";
  const calculator = (window.MPKjCalculator = window.MPKjCalculator || {});
  if (calculator.form) return; // loaded twice: the first copy is in use

  const SCOPE = "form.mpkj-calculator, .mpkj-row, .mpkj-object"; // elements that become request objects
  const MEMBER = ".mpkj-field, .mpkj-list, .mpkj-object"; // elements that become request members

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
  const format = (template, values) =>
    template.replace(/\{(\w+)\}/g, (all, key) => (key in values ? String(values[key]) : all));

  // The id of the element at a request path, by forms.py's rule (ID_RULE, written on the form as data-ids):
  // `designs[0].floors` -> `<form id>-designs-0-floors`; its help and error paragraphs add their suffixes.
  // Read once per form (state.ids); throws if the form has no rule.
  function idsOf(form) {
    const rule = JSON.parse(form.dataset.ids);
    const separators = new RegExp(rule.separators, "g");
    const ends = new RegExp(rule.ends, "g");
    return {
      of: (path) => form.id + rule.separator + path.replace(separators, rule.separator).replace(ends, ""),
      help: rule.help,
      error: rule.error,
    };
  }

  // Gives every member its path and ids (after rows are added or removed the server's numbering is stale).
  // Reads the whole form first, then writes: in Chromium, reading the form between writes cost time growing with
  // the square of the rows (numbering the 1,010 rows of a 10 x 100 storey link took seconds).
  function renumber(state) {
    const { form, text, ids } = state;
    const writes = [];
    const setIds = (el, path) => {
      const base = ids.of(path);
      const help = own(el, ".mpkj-help");
      const error = own(el, ".mpkj-error");
      const described = [];
      if (help) {
        described.push(base + ids.help);
        writes.push(() => {
          help.id = base + ids.help;
        });
      }
      if (error) {
        described.push(base + ids.error);
        writes.push(() => {
          error.id = base + ids.error;
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
          const part = own(row, ".mpkj-add-part");
          writes.push(() => {
            row.dataset.path = rowPath;
            legend.textContent = name;
            remove.setAttribute("aria-label", format(text.remove_row_label, { row: name }));
            remove.hidden = rows.length <= min;
            if (part) {
              part.setAttribute("aria-label", format(text.add_part_label, { row: name }));
              part.disabled = rows.length >= max;
            }
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

  // Another part of a storey's floor (the porch beside the house): a row of the same level, right after it.
  function addPart(state, row) {
    const list = row.closest(".mpkj-list");
    const part = appendRow(state, list);
    row.after(part);
    const levelOf = (scope) => {
      const field = membersOf(scope).find((member) => member.dataset.kind === "level");
      return field ? controlOf(field) : null;
    };
    levelOf(part).value = levelOf(row).value;
    renumber(state);
    showAreaUnit(state);
    return part;
  }

  // An optional section folded behind its "Add ..." button: opened, or closed again with its values cleared (a
  // folded section is hidden, and so not asked).
  function unfold(section) {
    section.hidden = false;
    const button = section.previousElementSibling;
    if (button && button.matches(".mpkj-unfold")) button.hidden = true;
  }

  function fold(section) {
    section.querySelectorAll(".mpkj-list").forEach((list) => {
      const keep = Math.max(Number(list.dataset.startItems) || 0, Number(list.dataset.minItems) || 0, 1);
      rowsOf(list)
        .slice(keep)
        .forEach((row) => row.remove());
    });
    section.querySelectorAll("input, select").forEach((control) => {
      if (control.type === "checkbox") control.checked = false;
      else if (control.tagName === "SELECT") {
        const initial = Array.from(control.options).findIndex((option) => option.defaultSelected);
        control.selectedIndex = Math.max(initial, 0);
      } else control.value = "";
    });
    section.hidden = true;
    const button = section.previousElementSibling;
    if (button && button.matches(".mpkj-unfold")) button.hidden = false;
    return button;
  }

  // The values of the folded sections as the page renders them (a storey's level already chosen), read before a
  // link is restored; after it, unfoldFilled opens each folded section the link changed.
  function foldedValues(state) {
    const values = new Map();
    state.form.querySelectorAll(".mpkj-object[data-folded][hidden]").forEach((section) => {
      values.set(section, JSON.stringify(collect(section)));
    });
    return values;
  }

  function unfoldFilled(before) {
    before.forEach((value, section) => {
      if (JSON.stringify(collect(section)) !== value) unfold(section);
    });
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

  // ------------------------------------------------------------------------------------------- writing

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

  calculator.form = Object.freeze({
    MEMBER,
    ownerOf,
    membersOf,
    rowsOf,
    controlOf,
    own,
    isList,
    isObject,
    format,
    captionOf,
    maxRowsOf,
    hasOwn,
    idsOf,
    renumber,
    templateRowOf,
    addRow,
    appendRow, // [share-print] a link's rows are built in slices (calculator-permalink.js), numbered once at the end
    addPart,
    unfold,
    fold,
    foldedValues,
    unfoldFilled,
    showConditional,
    showAreaUnit,
    collect,
    requestOf,
    fillScope,
  });
})();
