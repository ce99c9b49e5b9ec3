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
