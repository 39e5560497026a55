// The calculator forms, part 5 of 6: the printed estimate, a page to check the answers against. The inputs grouped
// as the form groups them (each design with its own values, each storey's level and area in the unit typed), the
// application date always (today's in Malaysia when none was typed: the date the link and the estimate use), the
// date printed and the link to this estimate (its QR code is under the result). Only the print stylesheet shows
// them (docs/stylesheets/print.css); the form's controls are hidden on paper.
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.print) return; // loaded twice: the first copy is in use
  const { own, controlOf, membersOf, rowsOf, isList, isObject } = calculator.form;
  const { element } = calculator.render;
  const { todayInMalaysia } = calculator.permalink;

  const longDate = (iso, lang) =>
    new Date(iso + "T00:00:00Z").toLocaleDateString(lang === "ms" ? "ms-MY" : "en-GB", {
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    });

  const labelOf = (member) => {
    const label = own(member, "label") || own(member, "legend");
    return label ? label.textContent.trim() : member.dataset.name;
  };

  // A field's answer as the visitor sees it (the choice's words, the unit typed), or "" if it was left empty.
  function answerOf(state, field) {
    const control = controlOf(field);
    let value;
    if (control.type === "checkbox") value = control.checked ? state.text.yes : "";
    else if (control.tagName === "SELECT") value = control.value ? control.selectedOptions[0].textContent : "";
    else value = control.value.trim();
    if (field.dataset.name === "date") {
      value = value
        ? longDate(value, state.lang)
        : longDate(todayInMalaysia(), state.lang) + " (" + state.text.date_today + ")";
    }
    if (!value) return "";
    const affix = field.querySelector(".mpkj-affix");
    if (affix && field.dataset.kind === "money") return affix.textContent + " " + value;
    if (affix) return value + " " + affix.textContent;
    return value;
  }

  const shown = (member) => !member.hidden; // a section the chosen type does not ask is not printed

  // A row the visitor filled in: a value typed, a box ticked or a choice other than the starting one (a storey
  // row left with its ground floor and no area, as the form first shows it, is not an answer).
  const answered = (row) =>
    membersOf(row).some((field) => {
      const control = controlOf(field);
      if (control.type === "checkbox") return control.checked;
      return control.value.trim() !== "" && control.value !== (field.dataset.default || "");
    });

  // A list whose rows hold fields only (the storeys: level, area) prints as a table, a row per line.
  function rowsTable(state, list) {
    const rows = rowsOf(list).filter(answered);
    const columns = membersOf(rows[0]).filter(shown);
    const table = element("table", undefined, "mpkj-print-rows");
    const head = table.createTHead().insertRow();
    head.append(element("th", ""), ...columns.map((field) => element("th", labelOf(field))));
    const body = table.createTBody();
    rows.forEach((row) => {
      const line = body.insertRow();
      const name = element("th", own(row, "legend").textContent);
      name.scope = "row";
      line.append(name);
      membersOf(row)
        .filter(shown)
        .forEach((field) => line.append(element("td", answerOf(state, field) || "—")));
    });
    return table;
  }

  // The answers of one scope (the form, a row, an object) as dt/dd pairs; groups nest their own list.
  function answersOf(state, scope) {
    const entries = [];
    membersOf(scope)
      .filter(shown)
      .forEach((member) => {
        if (isList(member)) {
          const rows = rowsOf(member);
          if (!rows.length) return;
          const simple = membersOf(rows[0]).every((child) => !isList(child) && !isObject(child));
          if (simple) {
            if (!rows.some(answered)) return;
            const group = element("div", undefined, "mpkj-print-group");
            group.append(element("dt", labelOf(member)));
            const value = element("dd");
            value.append(rowsTable(state, member));
            group.append(value);
            entries.push(group);
            return;
          }
          rows.forEach((row) => {
            const inner = answersOf(state, row);
            if (!inner.length) return;
            const group = element("div", undefined, "mpkj-print-group mpkj-print-row");
            group.append(element("dt", own(row, "legend").textContent));
            const value = element("dd");
            value.append(element("dl", undefined, "mpkj-print-answers"));
            value.firstChild.append(...inner);
            group.append(value);
            entries.push(group);
          });
        } else if (isObject(member)) {
          const inner = answersOf(state, member);
          if (!inner.length) return;
          // An object's few answers (the sanitary fittings) on one line: "WC 2 · Basin 1".
          const line = inner.map((pair) => pair.firstChild.textContent + " " + pair.lastChild.textContent).join(" · ");
          const pair = element("div", undefined, "mpkj-print-pair");
          pair.append(element("dt", labelOf(member)), element("dd", line));
          entries.push(pair);
        } else {
          const value = answerOf(state, member);
          if (!value) return;
          const pair = element("div", undefined, "mpkj-print-pair");
          pair.append(element("dt", labelOf(member)), element("dd", value));
          entries.push(pair);
        }
      });
    return entries;
  }

  // The inputs, for the printed estimate (print CSS hides the form controls).
  function writePrintInputs(state) {
    const list = state.form.querySelector(".mpkj-print-inputs");
    list.replaceChildren(...answersOf(state, state.form));
  }

  // Just before printing: the inputs as they are now, today's date and the link to this estimate.
  function beforePrint(state) {
    const { form } = state;
    writePrintInputs(state);
    form.querySelector(".mpkj-print-date").textContent = longDate(todayInMalaysia(), state.lang);
    const share = state.result.querySelector(".mpkj-share");
    form.querySelector(".mpkj-print-url").textContent = share ? share.dataset.link : location.href;
  }

  calculator.print = Object.freeze({ writePrintInputs, beforePrint });
})();
