// The page footer's Settings: a dialog whose theme choice (System, Light, Dark) is
// applied at once and kept in this browser (localStorage "blocks-theme"); the
// inline script of the page shell applies it before the next page paints. The
// runtime loads this module when the footer's Settings button is first clicked.

const KEY = "blocks-theme";

function stored() {
  try {
    const mode = localStorage.getItem(KEY);
    return mode === "dark" || mode === "light" ? mode : "system";
  } catch {
    return "system";
  }
}

export function applyTheme(mode) {
  const root = document.documentElement;
  root.classList.remove("dark", "light");
  if (mode === "dark" || mode === "light") root.classList.add(mode);
  try {
    if (mode === "system") localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, mode);
  } catch {
    // storage refused (private mode): the choice holds for this page only
  }
}

function current() {
  const root = document.documentElement;
  if (root.classList.contains("dark")) return "dark";
  if (root.classList.contains("light")) return "light";
  return stored();
}

// The dialog is made from its <template> the first time it opens, so that a page whose
// footer is never used holds no second control named "Settings".
function dialogOf(doc, opener) {
  let dialog = doc.getElementById("blocks-settings");
  if (dialog) return dialog;
  const template = doc.getElementById("blocks-settings-template");
  if (!template) return null;
  doc.body.append(template.content.cloneNode(true));
  dialog = doc.getElementById("blocks-settings");
  dialog.addEventListener("change", (event) => {
    if (event.target.name === "blocks-theme") applyTheme(event.target.value);
  });
  dialog.addEventListener("close", () => opener.focus());
  return dialog;
}

// Open the Settings dialog for the footer's button `opener`.
export function openSettings(opener, doc = document) {
  const dialog = dialogOf(doc, opener);
  if (!dialog) return;
  const mode = current();
  for (const input of dialog.querySelectorAll("input[name=blocks-theme]")) {
    input.checked = input.value === mode;
  }
  dialog.showModal();
}
