// The project calculator (calculators/project): shows a development's estimate as the council collects it.
// calculator.js runs the form like any other (request, permalink, errors, print) and, after each estimate,
// dispatches "mpkj:estimate" with calc's response; this file then writes, in the result section:
//   how each design was counted in each schedule, and one <details> per payment (its total, when it is due, and
//   whether it is a refundable deposit) opening into its lines with their sources. The total to pay, fees and
//   refundable deposit apart, is the result's own summary line (calculator-render.js), said once.
// No fee logic here: the payments, their lines, labels and due dates all come from calc (calc/project.py).
(function () {
  "use strict";
  if (window.MPKjProject) return; // loaded twice: the first copy already listens
  window.MPKjProject = Object.freeze({ version: 1 });

  // The words of this result only; the form's own words come from its data-text (site_scripts/forms.py).
  const WORDS = {
    ms: {
      refundable: "cagaran, boleh dituntut semula",
      counted: "Cara setiap rekabentuk dikira",
      planning_permission: "Kebenaran merancang",
      building_plan: "Pelan bangunan",
      deposit: "Cagaran",
      due: "Bila dibayar",
      payment_source: "Berdasarkan",
      items_of: "Perkara daripada",
    },
    en: {
      refundable: "deposit, refundable",
      counted: "How each design was counted",
      planning_permission: "Planning permission",
      building_plan: "Building plan",
      deposit: "Deposit",
      due: "When it is paid",
      payment_source: "On the authority of",
      items_of: "Items of",
    },
  };
  // The lines table, money and element helpers of the calculator's result (calculator-render.js, in calculator.js, loaded before).
  const { linesTable, money, element } = window.MPKjCalculator.render;

  function countedList(designs, words, pick) {
    const list = element("ol", undefined, "mpkj-counted");
    designs.forEach((design) => {
      const item = element("li");
      const schedules = element("ul");
      ["planning_permission", "building_plan", "deposit"].forEach((key) => {
        const entry = element("li");
        entry.append(element("strong", words[key] + ": "), pick(design[key]));
        schedules.appendChild(entry);
      });
      item.appendChild(schedules);
      list.appendChild(item);
    });
    return list;
  }

  // The schedule every line of a payment cites at its own item ("First Schedule, UUKBSS 1986, item B1"), or null
  // if they cite more than one. On paper it is said once, under the payment, and the item column says which item.
  function scheduleOfAll(lines, pick) {
    const cited = lines.map((line) => {
      const source = pick(line.source);
      const at = source.lastIndexOf(", "); // "…, item B1" / "…, perkara B1"
      const item = source
        .slice(at + 2)
        .split(" ")
        .pop();
      return at > 0 && item === line.item ? source.slice(0, at) : null;
    });
    return cited.length && cited.every((schedule) => schedule && schedule === cited[0]) ? cited[0] : null;
  }

  // A payment the visitor opened stays open when the estimate is redrawn after an edit (calculator.js has already
  // replaced the old result when "mpkj:estimate" arrives, so the open ones are remembered as they are toggled).
  const openPayments = new WeakMap(); // form -> Set of payment ids
  const openedIn = (form) => {
    if (!openPayments.has(form)) openPayments.set(form, new Set());
    return openPayments.get(form);
  };
  // A click on a payment's summary is noted at once: the blur it causes may redraw the result before the
  // (asynchronous) toggle event of the old element arrives.
  document.addEventListener(
    "click",
    (event) => {
      const summary = event.target instanceof Element && event.target.closest("details.mpkj-payment > summary");
      const form = summary && summary.closest("form");
      if (!form) return;
      const details = summary.parentElement;
      if (details.open) openedIn(form).delete(details.dataset.payment);
      else openedIn(form).add(details.dataset.payment);
    },
    true,
  );
  document.addEventListener(
    "toggle",
    (event) => {
      const details = event.target;
      if (!(details instanceof HTMLDetailsElement) || !details.matches("details.mpkj-payment")) return;
      const form = details.closest("form");
      if (!form) return;
      if (details.open) openedIn(form).add(details.dataset.payment);
      else openedIn(form).delete(details.dataset.payment);
    },
    true,
  ); // toggle does not bubble

  function show(form, response) {
    const lang = form.dataset.lang === "en" ? "en" : "ms";
    const words = WORDS[lang];
    const text = JSON.parse(form.dataset.text || "{}");
    const pick = (bilingual) => (bilingual ? bilingual[lang] || bilingual.en || "" : "");
    const out = document.createDocumentFragment();
    const target = form.querySelector(".mpkj-result .mpkj-lines");
    const opened = openedIn(form);

    if (response.development && response.development.designs.length) {
      out.appendChild(element("h3", words.counted, "mpkj-counted-heading"));
      out.appendChild(countedList(response.development.designs, words, pick));
    }

    response.payments.forEach((payment) => {
      const details = element("details", undefined, "mpkj-payment");
      details.dataset.payment = payment.id;
      details.open = opened.has(payment.id);
      const summary = element("summary");
      const label = element("span", pick(payment.label), "mpkj-payment-label");
      if (payment.refundable) label.append(" ", element("small", "(" + words.refundable + ")", "mpkj-refundable"));
      summary.append(
        label,
        element("span", text.currency + " " + money(payment.total), "mpkj-amount mpkj-payment-total"),
        element("small", words.due + ": " + pick(payment.due), "mpkj-payment-due"),
      );
      details.appendChild(summary);
      const lines = payment.lines.map(([part, line]) => response.parts[part].lines[line]);
      details.appendChild(linesTable(lines, text, pick));
      const schedule = scheduleOfAll(lines, pick);
      if (schedule) {
        details.classList.add("mpkj-one-schedule");
        details.appendChild(element("span", words.items_of + ": " + schedule, "mpkj-print-only mpkj-payment-schedule"));
      }
      details.appendChild(element("p", words.payment_source + ": " + pick(payment.source), "mpkj-payment-source"));
      out.appendChild(details);
    });

    target.replaceChildren(out);
    target.hidden = false;
  }

  document.addEventListener("mpkj:estimate", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !Array.isArray(event.detail && event.detail.payments)) return;
    show(form, event.detail);
  });

  // A printed estimate shows every payment's lines: open the closed ones for the print, close them after (by id:
  // the result may be redrawn in between).
  const openedForPrint = [];
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details.mpkj-payment:not([open])").forEach((details) => {
      details.open = true;
      openedForPrint.push([details.closest("form"), details.dataset.payment]);
    });
  });
  window.addEventListener("afterprint", () => {
    openedForPrint.splice(0).forEach(([form, id]) => {
      if (!form) return;
      openedIn(form).delete(id);
      form.querySelectorAll("details.mpkj-payment").forEach((details) => {
        if (details.dataset.payment === id) details.open = false;
      });
    });
  });
})();
