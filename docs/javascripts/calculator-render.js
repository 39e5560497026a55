// The calculator forms, part 2 of 5: the result. The estimate's table, its notes and total, calc's errors beside
// their fields and in a summary, the engine's start-up status, and the failure notice. project.js draws its
// payments' lines with this part's table and helpers (window.MPKjCalculator.render).
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.render) return; // loaded twice: the first copy is in use
  const { MEMBER, own, controlOf, format } = calculator.form;

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
        () => state.run(false), // calculator-bind.js's run, set when it binds the form
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

  calculator.render = Object.freeze({
    money,
    element,
    linesTable,
    clearErrors,
    pathMap,
    isReady,
    showErrors,
    showIncomplete,
    showEstimate,
    showFailure,
    markStale,
    onStatus,
  });
})();
