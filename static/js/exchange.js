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
