// The itinerary item form: formsets grow a row at a time.
// Without JavaScript the form still works: one blank row.
document.addEventListener("DOMContentLoaded", () => {
  // "Add another …": copy the formset's empty form, numbered, and count it.
  document.querySelectorAll("[data-formset-add]").forEach((button) => {
    const prefix = button.dataset.formsetAdd;
    const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
    const template = document.getElementById(`${prefix}-empty`);
    const rows = document.getElementById(`${prefix}-rows`);
    if (!total || !template || !rows) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      const index = Number(total.value);
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replaceAll("__prefix__", String(index));
      const row = holder.firstElementChild;
      rows.append(row);
      total.value = String(index + 1);
      if (window.htmx) window.htmx.process(row);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });
});
