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
  const options = (box) => [
    ...box.querySelectorAll("[role=option][data-value], [role=option][data-create-url]"),
  ];
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

  // Create "<typed text>" (core.views.InPlaceCreateMixin): the create page's form opens in
  // a dialog; once saved, the new entry is picked in the box that asked for it. Without
  // JavaScript the same link opens the create page, which returns to this one.
  const createInPlace = (box, trigger) => {
    if (!window.htmx || !window.HTMLDialogElement) return false;
    const search = box.querySelector("[role=combobox]");
    const url = new URL(trigger.dataset.createUrl, window.location.href);
    const typed = (trigger.dataset.createName || search.value || "").trim();
    if (typed) url.searchParams.set("name", typed);
    const dialog = document.createElement("dialog");
    dialog.className = "inplace-dialog";
    const body = document.createElement("div");
    body.className = "inplace-slot";
    dialog.append(body);
    document.body.append(dialog);
    dialog.pickInto = box;
    dialog.addEventListener("close", () => {
      dialog.remove();
      search.focus();
    });
    box.querySelector("[role=listbox]").innerHTML = "";
    setExpanded(box, false);
    window.htmx.ajax("GET", url.toString(), { target: body, swap: "innerHTML" }).then(() => {
      const heading = body.querySelector("h2");
      if (heading) {
        heading.id = `inplace-title-${Date.now()}`;
        dialog.setAttribute("aria-labelledby", heading.id);
      }
      dialog.showModal();
      const first = body.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
    return true;
  };
  document.body.addEventListener("click", (event) => {
    const trigger = event.target.closest("[data-autocomplete] [data-create-url]");
    if (trigger && createInPlace(trigger.closest("[data-autocomplete]"), trigger)) {
      event.preventDefault();
    }
    const cancel = event.target.closest("dialog.inplace-dialog [data-inplace-cancel]");
    if (cancel) cancel.closest("dialog").close();
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    const dialog = event.target.closest("dialog.inplace-dialog");
    if (!dialog) return;
    const created = dialog.querySelector("[data-created]");
    if (created) {
      const box = dialog.pickInto;
      dialog.close();
      choose(box, created);
      return;
    }
    const invalid = dialog.querySelector("[aria-invalid=true], .is-invalid, #duplicates input");
    if (invalid) invalid.focus();
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
      if (list[index].dataset.createUrl) createInPlace(box, list[index]);
      else choose(box, list[index]);
    } else if (event.key === "Escape") {
      // Close the list and stay in the field (an option that had focus is gone with it).
      const hadList = list.length > 0;
      box.querySelector("[role=listbox]").innerHTML = "";
      setExpanded(box, false);
      box.querySelector("[role=combobox]").focus();
      if (hadList) event.preventDefault();
    }
  });
  // Tabbing (or clicking) away from a combobox and its list closes the list.
  document.body.addEventListener("focusout", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (!box || (event.relatedTarget && box.contains(event.relatedTarget))) return;
    window.setTimeout(() => {
      if (box.contains(document.activeElement)) return;
      box.querySelector("[role=listbox]").innerHTML = "";
      setExpanded(box, false);
    }, 150); // a click on an option lands first
  });
});

// A table wider than its box scrolls inside it (.table-responsive): the box is then made
// reachable by keyboard (tabindex, a region named after the table) and says, under it,
// that it scrolls (the words come translated from base.html's body[data-scroll-hint]).
document.addEventListener("DOMContentLoaded", () => {
  const words = document.body.dataset.scrollHint || "";
  const label = (box) => {
    const caption = box.querySelector("caption");
    const heading = box.closest("section, article, main")?.querySelector("h1, h2, h3");
    return (caption || heading)?.textContent.trim().replace(/\s+/g, " ") || words;
  };
  const mark = (box) => {
    const scrolls = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("is-scrollable", scrolls);
    let hint = box.nextElementSibling;
    if (!hint || !hint.classList.contains("scroll-hint")) {
      if (!scrolls) return;
      hint = document.createElement("p");
      hint.className = "scroll-hint small text-body-secondary";
      hint.id = `scroll-hint-${Math.random().toString(36).slice(2)}`;
      hint.textContent = `↔ ${words}`;
      box.after(hint);
    }
    if (scrolls) {
      box.tabIndex = 0;
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", label(box));
      box.setAttribute("aria-describedby", hint.id);
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  };
  const markAll = (root) => root.querySelectorAll(".table-responsive").forEach(mark);
  markAll(document);
  window.addEventListener("resize", () => markAll(document));
  document.body.addEventListener("htmx:afterSettle", (event) => markAll(event.target));
});

// Multi-autocompletes (core.autocomplete.MultiAutocompleteWidget): a pick adds a ticked
// checkbox ("chip") after the others, so the boxes keep the order they were picked in.
// Without JavaScript the listed checkboxes still work.
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
});

// A form is sent once. After the first submit its submit buttons are disabled, and a
// second submit (double click, Enter pressed twice) is dropped. The server saves once
// per submission token anyway (core/views.py); this spares the second request. The
// buttons come back when an htmx request ends or the page returns from the back/forward
// cache. Forms sent with GET (filters, search) are left alone.
document.addEventListener("DOMContentLoaded", () => {
  const submitButtons = (form) => [
    ...form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]"),
    ...(form.id ? document.querySelectorAll(`[type=submit][form="${form.id}"]`) : []),
  ];
  const release = (form) => {
    delete form.dataset.submitting;
    submitButtons(form).forEach((button) => {
      if (button.dataset.disabledBySubmit) {
        button.disabled = false;
        delete button.dataset.disabledBySubmit;
        button.removeAttribute("aria-busy");
      }
    });
  };
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    const viaHtmx = form.hasAttribute("hx-post");
    if (event.defaultPrevented && !viaHtmx) return; // another script stopped it
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "true";
    // After this event: the clicked button's name and value still go with the form.
    window.setTimeout(() => {
      submitButtons(form).forEach((button) => {
        if (!button.disabled) {
          button.disabled = true;
          button.dataset.disabledBySubmit = "true";
          button.setAttribute("aria-busy", "true");
        }
      });
    }, 0);
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    const form = event.detail.elt instanceof Element ? event.detail.elt.closest("form") : null;
    if (form) release(form);
  });
  window.addEventListener("pageshow", (event) => {
    if (event.persisted) document.querySelectorAll("form[data-submitting]").forEach(release);
  });
});
