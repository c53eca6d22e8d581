// Copy buttons for drafts on the leads pages. Without JavaScript they stay hidden and the
// draft can still be selected, or opened in the mail app through its mailto: link.
"use strict";

function showCopyButtons(root) {
  if (!navigator.clipboard) return;
  for (const button of root.querySelectorAll("[data-copy]")) button.hidden = false;
}

document.addEventListener("click", (event) => {
  if (!(event.target instanceof Element)) return;
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.getElementById(button.dataset.copy);
  if (!source) return;
  navigator.clipboard.writeText(source.value).then(() => {
    button.textContent = "Copied";
  });
});

document.addEventListener("htmx:load", (event) => showCopyButtons(event.target));
showCopyButtons(document);
