import { el, stylesheet } from "../base.js";

stylesheet(new URL("./copy.css", import.meta.url));

// A button (in a span with its live status) that copies text to the clipboard and says so ("Copied") for two seconds.
// `text()` gives what to copy at the moment of the click. Pages served over plain
// HTTP from another host have no clipboard API: a hidden text field and the older
// copy command do the work there.
export function copyButton(label, text) {
  const button = el("button", { type: "button", class: "corner-button", text: "Copy",
                                "aria-label": label });
  const status = el("span", { class: "sr-only", role: "status" });
  button.addEventListener("click", async () => {
    const copied = await copyText(text());
    button.textContent = copied ? "Copied" : "Copy failed";
    status.textContent = copied ? "Copied" : "Copy failed";
    clearTimeout(button._reset);
    button._reset = setTimeout(() => {
      button.textContent = "Copy";
      status.textContent = "";
    }, 2000);
  });
  return el("span", { class: "corner-button-wrap" }, button, status);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = el("textarea", { "aria-hidden": "true", class: "sr-only", tabindex: "-1" });
    area.value = text;
    document.body.append(area);
    area.select();
    let done = false;
    try {
      done = document.execCommand("copy");
    } catch {
      done = false;
    }
    area.remove();
    return done;
  }
}
