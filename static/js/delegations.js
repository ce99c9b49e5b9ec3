// Delegation pages. No inline scripts anywhere (the CSP).
// A long multiple select (the sending countries: some 250) marked data-filterable gets a
// filter box above it, toggles an option on a plain click (no Ctrl needed), and says below
// it which options are chosen. Without JavaScript it stays an ordinary multiple select.
document.addEventListener("DOMContentLoaded", () => {
  const fold = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();

  document.querySelectorAll("select[multiple][data-filterable]").forEach((select) => {
    const filter = document.createElement("input");
    filter.type = "search";
    filter.className = "form-control form-control-sm mb-1";
    filter.placeholder = select.dataset.filterPlaceholder || "";
    filter.setAttribute("aria-label", select.dataset.filterLabel || "");
    filter.setAttribute("aria-controls", select.id);
    select.before(filter);

    const chosen = document.createElement("p");
    chosen.className = "form-text mb-0 chosen-summary";
    chosen.setAttribute("aria-live", "polite");
    select.after(chosen);

    const describe = () => {
      const names = [...select.selectedOptions].map((option) => option.text.trim());
      chosen.textContent = names.length
        ? `${select.dataset.chosenLabel || ""} ${names.join(", ")}`
        : select.dataset.noneLabel || "";
    };

    filter.addEventListener("input", () => {
      const wanted = fold(filter.value);
      [...select.options].forEach((option) => {
        option.hidden = Boolean(wanted) && !fold(option.text).includes(wanted);
      });
    });
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // filtering, not submitting
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      }
    });
    select.addEventListener("mousedown", (event) => {
      const option = event.target.closest("option");
      if (!option || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      option.selected = !option.selected;
      select.focus();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    });
    select.addEventListener("change", describe);
    describe();
  });
});

// Buttons with data-confirm ask before their form is sent (cancelling a visit is undone
// only by an administrator).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
