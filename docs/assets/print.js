// Print support: CSS cannot open <details> blocks, so open them all just before printing
// and close again afterwards the ones that were closed. Loaded as a module: no globals.
const reopened = new Set();

window.addEventListener("beforeprint", () => {
  for (const details of document.querySelectorAll("details:not([open])")) {
    details.open = true;
    reopened.add(details);
  }
});

window.addEventListener("afterprint", () => {
  for (const details of reopened) details.open = false;
  reopened.clear();
});
