// Helpers the image components share: files dropped, pasted or read from the
// clipboard, a download link and a fullscreen button. No component of their own.

import { el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("./media.css", import.meta.url));

// Whether a File fits an accept list ("image/*", "video/*", ".png", "image/png").
export function accepts(file, accept) {
  if (!accept || !accept.length) return true;
  const name = (file.name || "").toLowerCase();
  const type = (file.type || "").toLowerCase();
  return accept.some((wanted) => {
    wanted = wanted.toLowerCase();
    if (wanted.startsWith(".")) return name.endsWith(wanted);
    if (wanted.endsWith("/*")) return type.startsWith(wanted.slice(0, -1));
    return type === wanted;
  });
}

// Files dragged onto `node` go to onFiles(files) while enabled() holds.
export function dropTarget(node, { enabled, onFiles, accept }) {
  node.addEventListener("dragover", (event) => {
    if (!enabled()) return;
    event.preventDefault();
    node.classList.add("dragging");
  });
  node.addEventListener("dragleave", () => node.classList.remove("dragging"));
  node.addEventListener("drop", (event) => {
    node.classList.remove("dragging");
    if (!enabled()) return;
    event.preventDefault();
    const found = [...(event.dataTransfer?.files || [])].filter((f) => accepts(f, accept()));
    if (found.length) onFiles(found);
  });
}

// The image pasted by a paste event (Ctrl+V inside the component), or null.
export function pastedImage(event) {
  const item = [...(event.clipboardData?.items || [])].find((i) => i.type.startsWith("image/"));
  return item ? item.getAsFile() : null;
}

export function clipboardReadable() {
  return !!(navigator.clipboard && navigator.clipboard.read);
}

// The first image of the system clipboard (the Paste button), or null.
export async function clipboardImage() {
  for (const item of await navigator.clipboard.read()) {
    const type = item.types.find((t) => t.startsWith("image/"));
    if (type) {
      const blob = await item.getType(type);
      return new File([blob], `pasted.${type.split("/")[1] || "png"}`, { type });
    }
  }
  return null;
}

// A link that downloads a file, drawn as a button.
export function downloadLink(className, text = "Download") {
  return el("a", { class: className, text });
}

export function showDownload(link, url, name) {
  link.hidden = !url;
  if (url) {
    link.href = url;
    link.setAttribute("download", name || "");
  } else {
    link.removeAttribute("href");
  }
}

// A button that shows `target` on the whole screen, and leaves it.
export function fullscreenButton(target, className) {
  const button = el("button", { type: "button", class: className, text: "Fullscreen",
                                "aria-pressed": "false" });
  button.addEventListener("click", () => {
    if (document.fullscreenElement === target) document.exitFullscreen();
    else target.requestFullscreen?.().catch(() => {});
  });
  document.addEventListener("fullscreenchange", () => {
    const on = document.fullscreenElement === target;
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "Exit fullscreen" : "Fullscreen";
  });
  return button;
}

export function hasButton(props, name) {
  const buttons = props.buttons;
  return buttons === null || buttons === undefined || buttons.includes(name);
}

// The file name a FileData should be downloaded as.
export function fileName(fileData, fallback = "image") {
  return (fileData && (fileData.orig_name || (fileData.path || "").split("/").pop())) ||
    fallback;
}
