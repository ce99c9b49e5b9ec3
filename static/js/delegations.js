// Delegation pages. No inline scripts anywhere (the CSP).
// Buttons with data-confirm ask before their form is sent (cancelling a visit is undone
// only by an administrator).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});

// The page's sections fold on a phone (<details class="page-fold">): as sent, all are open
// (the page reads whole without JavaScript); below 768 px all but the first fold, and
// from 768 px up all open again. A link to something inside a folded section (the page's
// contents, the day navigator, an address with #anchor) opens that section first.
(() => {
  const folds = [...document.querySelectorAll("details.page-fold")];
  if (!folds.length) return;
  const narrow = window.matchMedia("(max-width: 767.98px)");

  const foldOf = (id) => {
    const target = id && document.getElementById(id);
    return target ? [target, target.closest("details.page-fold")] : [null, null];
  };
  const openFor = (id, scroll) => {
    const [target, fold] = foldOf(id);
    if (!fold) return;
    fold.open = true;
    if (scroll) target.scrollIntoView();
  };
  const hashId = () => decodeURIComponent(window.location.hash.slice(1));
  const arrange = () => {
    folds.forEach((fold, index) => {
      fold.open = !narrow.matches || index === 0;
    });
    openFor(hashId(), true);
  };

  arrange();
  narrow.addEventListener("change", arrange);
  window.addEventListener("hashchange", () => openFor(hashId(), true));
  // Before the browser follows the link, so that it scrolls to a target now shown.
  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link) openFor(decodeURIComponent(link.hash.slice(1)), false);
  });
})();
