// The calculator forms (rendered by site_scripts/forms.py): form -> request -> MPKjFees.estimate -> result.
// No fee logic here: calc (in Python, through docs/javascripts/fees.js) computes and validates everything.
// This part, the last of six, binds each form and runs it: every edit schedules a request, and only the answer
// for the current inputs is shown. The parts, which site_scripts/hooks/calculator_script.py joins in this order
// into the one script the pages load, javascripts/calculator.js:
//   calculator-form.js       the form's state: the request read from it, values written into it, rows, paths, ids
//   calculator-render.js     the result: the estimate's table, errors, the start-up status, the failure notice
//   calculator-permalink.js  the request to and from the page URL (the short share link)
//   calculator-share.js      the estimate's QR code and reference
//   calculator-print.js      the printed estimate's inputs, date and address
//   calculator-bind.js       binding and running
// They share window.MPKjCalculator (classic scripts: the offline zip runs from file://, where modules fail), frozen
// here once complete. The DOM contract is written once, in site_scripts/forms.py's docstring.
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (!calculator || !calculator.form || !calculator.render || !calculator.permalink || !calculator.print) {
    console.error("MPKjCalculator: the parts of calculator.js are missing or out of order");
    return;
  }
  if (Object.isFrozen(calculator)) return; // loaded twice: the first copy already listens
  calculator.version = 1;
  Object.freeze(calculator);
  const { own, idsOf, renumber, addRow, addPart, showConditional, showAreaUnit, requestOf } = calculator.form;
  const { unfold, fold, foldedValues, unfoldFilled } = calculator.form;
  const { clearErrors, pathMap, isWaiting, showErrors, keepErrors, showIncomplete, showEstimate } = calculator.render;
  const { showFailure, markStale, onStatus } = calculator.render;
  const { shortValues, writeUrl, restore, copyLink, addressNow } = calculator.permalink;
  const { beforePrint } = calculator.print; // the print copy of the inputs is written just before printing
  const { showShare } = calculator.share; // [share-print] the estimate's QR code and reference

  const states = new WeakMap(); // form -> state; a form is bound once, however often the page is swapped in

  // ------------------------------------------------------------------------------------------- running

  // Every edit counts (state.edits): an answer is shown only if no edit came after its request was made, so an
  // answer that arrives between a keystroke and the run it schedules is never shown, nor announced, as current.
  // An edit is answered at once, without waiting for the typist to pause: Python answers in a few milliseconds,
  // the worker answers in order, and an answer overtaken by a later edit is dropped (see run), so every keystroke
  // gets its own result (bench: typing p95 budget 16 ms). The task queued here, not a call, lets one event's input
  // and change handlers share one request.
  function schedule(state) {
    state.edits += 1;
    if (state.touched && !state.failed) markStale(state);
    clearTimeout(state.timer);
    state.timer = setTimeout(() => run(state, false));
  }

  // The page URL (the permalink) follows the inputs once the typist pauses, or at once when a field is left, a
  // choice made or the form submitted: history.replaceState took 5-6 ms a keystroke in Chromium, a third of a
  // frame (bench, typing). The print copy of the inputs is written only for the print (beforeprint).
  const URL_PAUSE_MS = 400;

  function scheduleUrl(state) {
    clearTimeout(state.urlTimer);
    state.urlTimer = setTimeout(() => flushUrl(state), URL_PAUSE_MS);
  }

  function flushUrl(state) {
    clearTimeout(state.urlTimer);
    state.urlTimer = 0;
    // A form swapped away by instant navigation must not write its inputs into the next page's URL.
    if (state.touched && state.form.isConnected) writeUrl(state);
  }

  async function run(state, focusErrors) {
    const { form } = state;
    clearTimeout(state.timer);
    if (!form.isConnected) return;
    if (state.restoring) return; // [share-print] a link is being restored; restore runs the form when it is filled
    if (!state.touched) return; // an untouched form shows the prompt, not "required" errors
    // A submit's answer may be overtaken by the change event that Enter fires after it: the submit then holds
    // until an answer is shown (state.submitting), whichever run brings it.
    if (focusErrors) state.submitting = true;
    if (state.submitting || state.urlNow) flushUrl(state);
    else scheduleUrl(state);
    state.urlNow = false;
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
    if (response && Array.isArray(response.errors)) {
      const byPath = pathMap(form);
      // Errors show on a submit (or as a shared link arrives), never as a field is left: see isWaiting.
      const submitted = state.submitting;
      state.submitting = false;
      if (!submitted && !state.revealErrors) {
        if (state.errorsShown) keepErrors(state);
        else showIncomplete(state, isWaiting(state, response.errors, byPath));
        return;
      }
      state.revealErrors = false;
      clearErrors(state);
      showErrors(state, response.errors, byPath);
      // Every submit with errors moves the focus to the summary, even when the same errors are shown again.
      if (submitted) form.querySelector(".mpkj-error-heading").focus();
    } else {
      state.submitting = false;
      state.revealErrors = false;
      clearErrors(state);
      showEstimate(state, response);
      showShare(state); // [share-print]
    }
  }

  // ------------------------------------------------------------------------------------------- binding

  function bind(form) {
    if (states.has(form)) return;
    // The form's own language first: after Material's instant navigation to the other language, <html lang>
    // still names the first page's language.
    const lang = (form.dataset.lang || document.documentElement.lang || "ms").toLowerCase().startsWith("en")
      ? "en"
      : "ms";
    let text;
    let ids;
    try {
      text = JSON.parse(form.dataset.text);
      ids = idsOf(form);
    } catch {
      return; // not a form of forms.py
    }
    // typing: the path of the field being typed in; revealErrors: show calc's errors with the next answer (a shared
    // link); run: this form's run, for the failure notice's retry.
    const state = {
      form,
      lang,
      text,
      ids,
      address: addressNow(), // as this form last knew it: it writes over this address only (writeUrl)
      result: form.querySelector(".mpkj-result"),
      seq: 0,
      edits: 0,
      timer: 0,
      urlTimer: 0,
      touched: false,
      failed: false,
      typing: null,
      revealErrors: false,
      submitting: false,
      run: (focusErrors) => run(state, focusErrors),
    };
    states.set(form, state);
    state.result.dataset.state = "prompt";
    renumber(state);
    state.pristine = shortValues(form); // the lists as the page renders them, before any link fills them
    const folded = foldedValues(state);
    // A shared link's site office or boards are shown, not left folded: once the link has filled the form (the
    // restore is asynchronous, in slices), and before the form runs.
    form.addEventListener("mpkj:restored", () => unfoldFilled(folded), { once: true });
    state.touched = restore(state);
    showConditional(state);
    state.revealErrors = state.touched; // a shared link's values are all "done": show what is wrong
    const fieldOf = (target) => (target instanceof Element ? target.closest(".mpkj-field") : null);

    form.addEventListener("focusout", (event) => {
      const field = fieldOf(event.target);
      if (!field || !field.dataset.path || !state.touched) return;
      if (state.typing === field.dataset.path) state.typing = null;
      state.urlNow = true;
      schedule(state);
    });

    form.addEventListener("input", (event) => {
      if (event.target.matches(".mpkj-copy-url")) return;
      const field = fieldOf(event.target);
      if (field && event.target.matches("input:not([type=checkbox]), textarea")) state.typing = field.dataset.path;
      state.touched = true;
      schedule(state);
    });
    form.addEventListener("change", (event) => {
      if (event.target.matches(".mpkj-copy-url")) return;
      if (event.target.name === "area_unit") showAreaUnit(state);
      showConditional(state);
      state.touched = true;
      state.urlNow = true;
      schedule(state);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault(); // Enter in a field, or the Calculate button: compute now, and show every error
      state.touched = true;
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
      } else if (target.matches(".mpkj-add-part")) {
        const part = addPart(state, target.closest(".mpkj-row"));
        const area = part.querySelector('[data-kind="area"] input') || part.querySelector("input, select");
        if (area) area.focus();
      } else if (target.matches(".mpkj-unfold")) {
        const section = document.getElementById(target.getAttribute("aria-controls"));
        if (!section) return;
        unfold(section);
        const first = section.querySelector("input, select");
        if (first) first.focus();
        return; // nothing asked yet: an empty section changes no estimate
      } else if (target.matches(".mpkj-fold")) {
        fold(target.closest(".mpkj-object")).focus();
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
      schedule(state);
    });

    if (window.MPKjFees) {
      let unsubscribe = null;
      let gone = false;
      unsubscribe = window.MPKjFees.onStatus((status) => {
        if (!form.isConnected) {
          // page swapped away
          gone = true;
          if (unsubscribe) unsubscribe();
          return;
        }
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

  // The language switch leads to this calculator in the other language (site_scripts/hooks/language_switch.py); give it the
  // inputs too. Done as the link is followed, because the theme rewrites those links after every page swap.
  document.addEventListener(
    "click",
    (event) => {
      const link = event.target instanceof Element ? event.target.closest(".md-select a[hreflang]") : null;
      if (!link) return;
      flushAll();
      if (location.search && document.querySelector("form.mpkj-calculator")) link.search = location.search;
    },
    true,
  );
  function flushAll() {
    document.querySelectorAll("form.mpkj-calculator").forEach((form) => {
      const state = states.get(form);
      if (state && state.urlTimer) flushUrl(state);
    });
  }
  window.addEventListener("pagehide", flushAll); // a reload or a bookmark keeps the last inputs
  window.addEventListener("beforeprint", () => {
    flushAll();
    document.querySelectorAll("form.mpkj-calculator").forEach((form) => {
      const state = states.get(form);
      if (state) beforePrint(state);
    });
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start); // Material: on the first page and after every instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
