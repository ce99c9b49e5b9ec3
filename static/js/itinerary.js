// The itinerary item form: several organisations or places picked with the autocomplete
// become ticked checkboxes ("chips"), and formsets grow a row at a time.
// Without JavaScript the form still works: the listed checkboxes and one blank row.
document.addEventListener("DOMContentLoaded", () => {
  // A pick in a multi-autocomplete (core autocomplete's "autocomplete:chosen") adds a chip.
  document.body.addEventListener("autocomplete:chosen", (event) => {
    const multi = event.target.closest("[data-multi-autocomplete]");
    if (!multi) return;
    const { value, label } = event.detail;
    const chips = multi.querySelector("[data-chips]");
    let box = [...chips.querySelectorAll("input[type=checkbox]")].find((input) => input.value === value);
    if (!box) {
      const id = `${multi.dataset.idBase}_picked_${value}`;
      const chip = document.createElement("div");
      chip.className = "form-check chip";
      box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.name = multi.dataset.name;
      box.value = value;
      box.id = id;
      const text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = id;
      text.textContent = label;
      chip.append(box, text);
      chips.append(chip);
    }
    box.checked = true;
    multi.querySelector("[data-autocomplete-value]").value = "";
    const search = multi.querySelector("[role=combobox]");
    search.value = "";
    search.focus();
  });

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
