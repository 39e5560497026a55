// The calculator forms, part 2 of 5: the result. The estimate's table, its notes and total, calc's errors beside
// their fields and in a summary, the engine's start-up status, and the failure notice. project.js draws its
// payments' lines with this part's table and helpers (window.MPKjCalculator.render).
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.render) return; // loaded twice: the first copy is in use
  const { MEMBER, own, controlOf, format, captionOf } = calculator.form;

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
    if (!state.errorsShown) return; // nothing to clear: no search of the form on every keystroke
    state.errorsShown = false;
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

  const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);
  // A label inside a sentence: "Floor area" -> "floor area", but "W.C./bidet" and "OSC" stay as written.
  const inSentence = (label) => (/^\p{Lu}\p{Ll}/u.test(label) ? label.charAt(0).toLowerCase() + label.slice(1) : label);

  // What to do, in the field's own words: forms.py's TEXT.todo gives a sentence per error code and kind of field
  // ("required/area": "Enter the {label}, like 120."); other codes keep calc's words after the field's label,
  // which calc writes after the whole path ("Building designs 1 › Storeys 1 › Floor area: enter the area in m², …").
  function whatToDo(state, error, member) {
    const { lang, text } = state;
    const message = (error.message && (error.message[lang] || error.message.en)) || error.code || "";
    if (!member) return message;
    const caption = captionOf(member);
    const at = message.lastIndexOf(caption + ": ");
    const said = at < 0 ? "" : message.slice(at + caption.length + 2).replace(/\.$/, "");
    const todo = text.todo || {};
    const control = member.matches(".mpkj-field") ? controlOf(member) : null;
    const kind = error.code + "/" + (member.dataset.kind || "");
    // "Required" at a field that holds a number: calc read it as nothing (every storey of a design at 0 m²).
    const zero = error.code === "required" && control && control.value.trim() !== "" && todo[kind + "/zero"];
    const template = zero || todo[kind] || todo[error.code];
    const values = {
      label: inSentence(caption),
      Label: caption,
      said: said && capitalised(said),
    };
    if (template && (!template.includes("{said}") || said)) return format(template, values);
    return said ? caption + ": " + said + "." : message;
  }

  // In the summary, a member in a row or a section is named by the legends the form shows above it ("Building
  // design 1 › Storey 2"), never by calc's own path, so it reads as the visitor sees the form.
  function placeOf(state, member) {
    const legends = [];
    for (let el = member.parentElement.closest(".mpkj-row, .mpkj-object"); el;) {
      const legend = own(el, "legend");
      if (legend) legends.unshift(legend.textContent.trim());
      el = el.parentElement.closest(".mpkj-row, .mpkj-object");
    }
    return legends.join(" › ");
  }

  function showErrors(state, errors, byPath) {
    const { form, text } = state;
    const list = form.querySelector(".mpkj-error-summary ul");
    state.errorsShown = true;
    errors.forEach((error) => {
      const member = error.field ? memberAt(byPath, error.field) : null;
      const message = whatToDo(state, error, member);
      const item = element("li");
      if (member) {
        const slot = own(member, ".mpkj-error");
        slot.textContent = slot.textContent ? slot.textContent + " " + message : message;
        slot.hidden = false;
        const control = member.matches(".mpkj-field") ? controlOf(member) : member.querySelector("input, select");
        if (member.matches(".mpkj-field")) control.setAttribute("aria-invalid", "true");
        const place = placeOf(state, member);
        const link = element("a", place ? place + ": " + message : message);
        link.href = "#" + (control ? control.id : member.id);
        link.dataset.target = control ? control.id : member.id;
        item.appendChild(link);
      } else {
        item.textContent = message;
      }
      list.appendChild(item);
    });
    form.querySelector(".mpkj-error-summary").hidden = false;
    state.invalidWords = format(errors.length === 1 ? text.no_estimate_one : text.no_estimate_many, {
      n: errors.length,
    });
    setResult(state, "invalid", state.invalidWords);
  }

  // Still no estimate after an edit, with the errors of the last submit in view: they stay as they are until the
  // next submit (they never change as a field is left), and so does the result that counts them.
  function keepErrors(state) {
    setResult(state, "invalid", state.invalidWords);
  }

  // GOV.UK style: calc's errors are shown when the form is submitted (the Calculate button, Enter), never when a
  // field is left: a message appearing as the pointer travels to the button pushed the button away from under it,
  // and the press was lost (issue 18). A shared link's inputs are "submitted" as they arrive. Between submits the
  // result, below the button, says whether the inputs are complete; the error summary and messages stay as they are.
  // An error at the field being typed ("12." on the way to "12.5") is not the visitor's mistake yet.
  function isWaiting(state, errors, byPath) {
    return errors.every((error) => {
      const member = error.field ? memberAt(byPath, error.field) : null;
      return member && member.dataset.path === state.typing;
    });
  }

  // Errors not shown yet: no new total and no red; the last estimate stays in view, dimmed, until the value is
  // complete (the live total still follows every valid state).
  // waiting: the only errors are at the field being typed; otherwise something needs correcting, which the
  // Calculate button shows.
  function showIncomplete(state, waiting) {
    const { result, text } = state;
    const hasLines = !result.querySelector(".mpkj-lines").hidden;
    result.dataset.state = "incomplete";
    result.removeAttribute("aria-busy");
    delete result.dataset.total;
    const words = !waiting ? text.to_correct : hasLines ? text.incomplete : text.prompt;
    const summary = result.querySelector(".mpkj-summary");
    if (summary.textContent !== words) summary.textContent = words;
    showRunning(state);
  }

  // The sticky running total repeats the result's summary line.
  function showRunning(state) {
    const running = state.form.querySelector(".mpkj-running");
    if (!running) return;
    if (running.dataset.state !== state.result.dataset.state) running.dataset.state = state.result.dataset.state;
    // While an answer is awaited the last words stay, dimmed: "Updating…" for a moment on every edit only flickered.
    if (state.result.dataset.state === "pending") return;
    const shown = running.querySelector(".mpkj-running-text");
    const words = state.result.querySelector(".mpkj-summary").textContent;
    if (shown.textContent !== words) shown.textContent = words;
    running.toggleAttribute("data-empty", !words); // a link with no words: hidden, its space kept
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
    const shown = result.querySelector(".mpkj-summary");
    if (summary !== undefined && shown.textContent !== summary) shown.textContent = summary;
    showRunning(state);
  }

  // The lines of an estimate as a table: item, description (label, the detail when it says more, and where the
  // line comes from), quantity, unit, rate, amount. `text` gives the column names, `pick` the page's language.
  // `groups` (a building plan's designs, from calc: a label, a subtotal and the indices of its lines), when there
  // are two or more, puts each design's lines in a body of their own under its name, ending with its subtotal;
  // the lines of no design stay where they are, before or after them.
  function linesTable(lines, text, pick, groups) {
    const columns = ["col_item", "col_label", "col_quantity", "col_unit", "col_rate", "col_amount"];
    const numeric = (index) => index === 2 || index >= 4; // right-aligned, headers over their values
    const table = element("table", undefined, "mpkj-lines-table");
    const head = table.createTHead().insertRow();
    columns.forEach((key, index) => {
      const th = element("th", text[key], numeric(index) ? "mpkj-amount" : undefined);
      th.scope = "col";
      head.appendChild(th);
    });
    const shown = (value) => (value === null || value === undefined ? "—" : String(value));
    const addLine = (body, line) => {
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
    };
    const grouped = Array.isArray(groups) && groups.length > 1 ? groups : [];
    const inGroup = new Set(grouped.flatMap((group) => group.lines));
    const first = inGroup.size ? Math.min(...inGroup) : lines.length;
    const apart = (before) => lines.filter((line, index) => !inGroup.has(index) && index < first === before);
    const plain = (some) => {
      if (!some.length) return;
      const body = table.createTBody();
      some.forEach((line) => addLine(body, line));
    };
    plain(apart(true));
    grouped.forEach((group) => {
      const body = table.createTBody();
      body.className = "mpkj-group";
      const name = element("th", pick(group.label));
      name.scope = "rowgroup";
      name.colSpan = columns.length;
      body.insertRow().appendChild(name);
      group.lines.forEach((index) => addLine(body, lines[index]));
      const subtotal = body.insertRow();
      subtotal.className = "mpkj-subtotal";
      const words = element("th", text.subtotal + ": " + pick(group.label));
      words.scope = "row";
      words.colSpan = columns.length - 1;
      subtotal.appendChild(words);
      const amount = subtotal.insertCell();
      amount.className = "mpkj-amount";
      amount.textContent = text.currency + " " + money(group.total);
    });
    plain(apart(false));
    if (!table.tBodies.length) table.createTBody();
    return table;
  }

  // Writes the table `fresh` into `target` (or `items` into a list), changing only the cells (items) whose words
  // differ when the shape is the same: a keystroke changes one or two amounts, and rebuilding the whole table each
  // time cost layout, style and the theme's observers most of a frame (bench, typing).
  function patchItems(target, items) {
    const old = Array.from(target.children);
    if (old.length !== items.length) target.replaceChildren(...items);
    else
      items.forEach((item, index) => {
        if (old[index].textContent !== item.textContent) old[index].replaceWith(item);
      });
  }

  function patchInto(target, fresh) {
    const table = target.firstElementChild;
    const sameShape =
      table &&
      table.tagName === fresh.tagName &&
      table.className === fresh.className &&
      table.rows.length === fresh.rows.length &&
      Array.prototype.every.call(
        table.rows,
        (row, index) =>
          row.cells.length === fresh.rows[index].cells.length && row.dataset.item === fresh.rows[index].dataset.item,
      );
    if (!sameShape || target.children.length !== 1) {
      target.replaceChildren(fresh);
      return;
    }
    Array.prototype.forEach.call(table.rows, (row, r) => {
      Array.prototype.forEach.call(row.cells, (cell, c) => {
        const next = fresh.rows[r].cells[c];
        if (cell.textContent !== next.textContent) cell.replaceChildren(...next.childNodes);
      });
    });
  }

  function showEstimate(state, response) {
    const { result, lang, text } = state;
    const pick = (bilingual) => (bilingual ? bilingual[lang] || bilingual.en || "" : "");
    // A project has no lines of its own: project.js shows its payments' lines.
    const table = linesTable(response.lines || [], text, pick, response.designs);
    const foot = table.createTFoot().insertRow();
    const totalLabel = element("th", text.total);
    totalLabel.scope = "row";
    totalLabel.colSpan = 5;
    foot.appendChild(totalLabel);
    const total = foot.insertCell();
    total.className = "mpkj-amount mpkj-total";
    total.textContent = text.currency + " " + money(response.total);
    const lines = result.querySelector(".mpkj-lines");
    patchInto(lines, table);
    lines.hidden = false;
    const notes = result.querySelector(".mpkj-notes");
    patchItems(
      notes,
      (response.notes || []).map((note) => element("li", pick(note))),
    );
    notes.hidden = notes.children.length === 0;
    // A development's answer is said once: the fees, the deposit paid with them and claimed back later, and what
    // that makes to pay (calc gives all three: no sums here).
    let summary = text.total + ": " + text.currency + " " + money(response.total);
    if (response.fees_total !== undefined) {
      const amounts = {
        currency: text.currency,
        fees: money(response.fees_total),
        deposit: money(response.refundable_total),
        total: money(response.total),
      };
      summary = format(/[1-9]/.test(response.refundable_total) ? text.to_pay : text.to_pay_fees, amounts);
    }
    setResult(state, "ok", summary);
    result.dataset.total = response.total;
    const version = state.form.querySelector(".mpkj-print-version");
    const versionWords = response.notes && response.notes.length ? pick(response.notes[0]) : null;
    if (versionWords !== null && version.textContent !== versionWords) version.textContent = versionWords;
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
        // Open this page again with the inputs as they are now: the address bar may not hold them yet (it is
        // written after a pause in typing, asynchronously).
        const { permalink } = window.MPKjCalculator;
        const link = state.touched ? permalink.linkUrl(state) : Promise.resolve(location.href);
        link
          .catch(() => location.href)
          .then((href) => (href === location.href ? location.reload() : location.replace(href)));
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
    patchInto,
    clearErrors,
    pathMap,
    isWaiting,
    showErrors,
    keepErrors,
    showIncomplete,
    showEstimate,
    showFailure,
    markStale,
    onStatus,
  });
})();
