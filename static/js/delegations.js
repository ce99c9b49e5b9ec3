// Delegation pages. No inline scripts anywhere (the CSP).
// Buttons with data-confirm ask before their form is sent (cancelling a visit is undone
// only by an administrator).
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
