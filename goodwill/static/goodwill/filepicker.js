// The import page's file picker: a big target that names the chosen file and takes a
// dropped one. Without this script the browser's own file input shows and works.
"use strict";

for (const zone of document.querySelectorAll("[data-dropzone]")) {
  const input = zone.querySelector("input[type=file]");
  const name = zone.querySelector("[data-file-name]");
  if (!input || !name) continue;
  const empty = name.textContent;
  zone.classList.add("is-enhanced");

  const show = () => {
    const file = input.files && input.files[0];
    name.textContent = file ? `Chosen: ${file.name}` : empty;
    zone.classList.toggle("has-file", Boolean(file));
  };
  input.addEventListener("change", show);

  for (const type of ["dragenter", "dragover"]) {
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  }
  for (const type of ["dragleave", "dragend"]) {
    zone.addEventListener(type, () => zone.classList.remove("is-over"));
  }
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("is-over");
    const files = event.dataTransfer && event.dataTransfer.files;
    if (!files || !files.length) return;
    input.files = files;
    show();
  });
  show();
}
