// Rows of a formset added in the page, and the running total of its amounts.
//
// Each `.portal-formset` holds a formset rendered by crispy's table_inline_formset (its
// management form, and the empty form as a hidden `tr.empty-form` whose names hold
// `__prefix__`). "Add a row" copies the empty form with the next index and raises
// TOTAL_FORMS, up to MAX_NUM_FORMS; typed values stay where they are (nothing is posted).
// With `data-total-field`, the sum of that column is shown as the user types, read in the
// page's language ("1.440,00" in Italian, "1,440.00" in English, "2500" in both), the way
// the server reads it (trinno_portal/lib/forms.py: MoneyField). Without JavaScript the
// page works as before: the server's extra rows, the total computed on saving.
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "it").slice(0, 2);

  function parseAmount(text) {
    var value = (text || "").replace(/\s|€|EUR/g, "");
    if (!value) return 0;
    if (lang === "it") value = value.replace(/\./g, "").replace(",", ".");
    else value = value.replace(/,/g, "");
    var number = Number(value);
    return isFinite(number) ? number : NaN;
  }

  function formatAmount(number) {
    return new Intl.NumberFormat(lang === "it" ? "it-IT" : "en-GB", {
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
      useGrouping: "always",
    }).format(number) + " EUR";
  }

  function enhance(box) {
    var total = box.querySelector('input[name$="-TOTAL_FORMS"]');
    var max = box.querySelector('input[name$="-MAX_NUM_FORMS"]');
    var template = box.querySelector("tr.empty-form");
    var add = box.querySelector(".portal-formset-add");
    if (!total || !template || !add) return;
    var prefix = total.name.replace(/-TOTAL_FORMS$/, "");
    var field = box.dataset.totalField;
    var output = box.querySelector(".portal-formset-total output");

    function refreshTotal() {
      if (!field || !output) return;
      var sum = 0;
      var bad = false;
      box.querySelectorAll('input[name^="' + prefix + '-"][name$="-' + field + '"]').forEach(function (input) {
        if (input.closest("tr.empty-form")) return;
        var row = input.closest("tr");
        var deleted = row && row.querySelector('input[name$="-DELETE"]');
        if (deleted && deleted.checked) return;
        var amount = parseAmount(input.value);
        if (isNaN(amount)) bad = true;
        else sum += amount;
      });
      output.textContent = bad ? "—" : formatAmount(sum);
    }

    function refreshButton() {
      var limit = max ? parseInt(max.value, 10) : 1000;
      add.disabled = parseInt(total.value, 10) >= limit;
    }

    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var row = template.cloneNode(true);
      row.classList.remove("d-none", "empty-form");
      row.innerHTML = row.innerHTML.replace(/__prefix__/g, String(index));
      template.parentNode.appendChild(row);
      total.value = String(index + 1);
      refreshButton();
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
    box.addEventListener("input", refreshTotal);
    box.addEventListener("change", refreshTotal);
    add.hidden = false;
    if (output) output.closest(".portal-formset-total").hidden = false;
    refreshButton();
    refreshTotal();
  }

  function start() {
    document.querySelectorAll(".portal-formset").forEach(enhance);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
