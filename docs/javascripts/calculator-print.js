// The calculator forms, part 4 of 5: the printed estimate. The inputs in brief, the date and the page's address,
// which only the print stylesheet shows (it hides the form's controls).
(function () {
  "use strict";
  const calculator = window.MPKjCalculator;
  if (calculator.print) return; // loaded twice: the first copy is in use
  const { own, controlOf } = calculator.form;
  const { element } = calculator.render;

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

  // Just before printing: the inputs as they are now, today's date and this page's address.
  function beforePrint(state) {
    const { form } = state;
    writePrintInputs(state);
    const locale = state.lang === "ms" ? "ms-MY" : "en-GB";
    form.querySelector(".mpkj-print-date").textContent = new Date().toLocaleDateString(locale, {
      day: "numeric",
      month: "long",
      year: "numeric",
    });
    form.querySelector(".mpkj-print-url").textContent = location.href;
  }

  calculator.print = Object.freeze({ writePrintInputs, beforePrint });
})();
