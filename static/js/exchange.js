// Exchange: small progressive enhancements. No inline scripts anywhere (the CSP).
// Forms with fields that follow a "kind" select (data-follows="field:value,value")
// show only the fields that apply; without JavaScript every field stays visible.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-follows]").forEach((wrapper) => {
    const [fieldName, values] = wrapper.dataset.follows.split(":");
    const select = document.querySelector(`[name="${fieldName}"]`);
    if (!select) return;
    const wanted = values.split(",");
    const update = () => {
      wrapper.hidden = !wanted.includes(select.value);
    };
    select.addEventListener("change", update);
    update();
  });
});

// Autocomplete comboboxes (core/autocomplete.py): htmx fills the listbox as the user
// types; this picks an option by click or keyboard (arrows, Enter, Escape) and writes
// its primary key into the hidden input.
document.addEventListener("DOMContentLoaded", () => {
  const setExpanded = (box, expanded) => {
    box.querySelector("[role=combobox]").setAttribute("aria-expanded", String(expanded));
  };
  const options = (box) => [...box.querySelectorAll("[role=option][data-value]")];
  const choose = (box, option) => {
    box.querySelector("[data-autocomplete-value]").value = option.dataset.value;
    const input = box.querySelector("[role=combobox]");
    input.value = option.dataset.label;
    box.querySelector("[role=listbox]").innerHTML = "";
    setExpanded(box, false);
    input.focus();
    box.dispatchEvent(new CustomEvent("autocomplete:chosen", { bubbles: true, detail: option.dataset }));
  };
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (box) setExpanded(box, options(box).length > 0);
  });
  document.body.addEventListener("click", (event) => {
    const option = event.target.closest("[data-autocomplete] [role=option][data-value]");
    if (option) choose(option.closest("[data-autocomplete]"), option);
  });
  document.body.addEventListener("input", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (box && event.target.matches("[role=combobox]")) {
      box.querySelector("[data-autocomplete-value]").value = "";
    }
  });
  document.body.addEventListener("keydown", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (!box) return;
    const list = options(box);
    const index = list.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && list.length) {
      event.preventDefault();
      list[Math.min(index + 1, list.length - 1)].focus();
    } else if (event.key === "ArrowUp" && list.length) {
      event.preventDefault();
      if (index <= 0) box.querySelector("[role=combobox]").focus();
      else list[index - 1].focus();
    } else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      choose(box, list[index]);
    } else if (event.key === "Escape") {
      box.querySelector("[role=listbox]").innerHTML = "";
      setExpanded(box, false);
    }
  });
});
