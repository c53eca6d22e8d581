// Goodwill's only script: the person picker on the log form. Everything works without it.
"use strict";

function chosenChanged(chosen) {
  chosen.dispatchEvent(new Event("chosen-changed", { bubbles: true }));
}

document.addEventListener("change", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLInputElement) || box.name !== "participants") return;
  const chosen = document.getElementById("chosen");
  if (!chosen) return;
  if (box.closest("#who-results") && box.checked) {
    // A pick from the search results joins the chosen people; the search clears.
    chosen.appendChild(box.closest("label"));
    const results = document.getElementById("who-results");
    if (results) results.replaceChildren();
    const q = document.getElementById("who-q");
    if (q) {
      q.value = "";
      q.focus();
    }
    chosenChanged(chosen);
  } else if (box.closest("#chosen") && !box.checked) {
    box.closest("label").remove();
    chosenChanged(chosen);
  }
});

// Enter in the search box searches; it must not save a half-filled form.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || !(event.target instanceof HTMLElement)) return;
  if (event.target.id !== "who-q") return;
  event.preventDefault();
  if (window.htmx) window.htmx.trigger(event.target, "search");
});
