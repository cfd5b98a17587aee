// What the image components share: files dropped, pasted or read from the clipboard,
// stills from the webcam, an error line, a download link and a fullscreen button.

import { el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("../blocks/components/media.css", import.meta.url));
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

// Runs `work` (the uploads of a component and what follows them) with the component
// marked busy (aria-busy) and its error line cleared; a failure is shown on that line.
export async function uploading(host, work) {
  if (!host.blocks) return;
  host.showError(null);
  host.setAttribute("aria-busy", "true");
  try {
    await work(host.blocks);
  } catch (error) {
    host.showError(`Upload failed: ${error.message || error}`);
  } finally {
    host.removeAttribute("aria-busy");
  }
}

// A line that shows an error (role alert) under a component: line.show(message or null).
export function errorLine() {
  const line = el("p", { class: "media-error", role: "alert", hidden: true });
  line.show = (message) => {
    line.textContent = message || "";
    line.hidden = !message;
  };
  return line;
}

function plainButton(text, onClick) {
  const node = el("button", { type: "button", class: "media-button", text });
  node.addEventListener("click", onClick);
  return node;
}

// The ways to give a component an image besides its file input: the Paste button (and
// Ctrl+V inside the component), and the webcam (Webcam, then Capture; webcam.js is
// imported when it first opens). It owns those buttons, the webcam's <video> and the
// error line; the component places them, calls show() from its update, and gets each
// image as a File through onFile(file). onChange() follows the webcam opening or closing.
export class ImageSources {
  constructor(host, { onFile, onChange = () => {} }) {
    this.host = host;
    this.onFile = onFile;
    this.onChange = onChange;
    this.sources = [];
    this.video = el("video", { class: "media-webcam", hidden: true, playsinline: true,
                               "aria-label": "Webcam preview" });
    this.video.muted = true;
    this.pasteButton = plainButton("Paste", () => this.pasteFromClipboard());
    this.webcamButton = plainButton("Webcam", () => this.toggleWebcam());
    this.captureButton = plainButton("Capture", () => this.capture());
    this.error = errorLine();
    host.addEventListener("paste", (event) => {
      if (!host.interactive || !this.sources.includes("clipboard")) return;
      const file = pastedImage(event);
      if (file) {
        event.preventDefault();
        this.onFile(file);
      }
    });
  }

  get webcamOn() {
    return !!(this.webcam && this.webcam.active);
  }

  // Which buttons show, from the component's `sources` and `interactive`.
  show(sources, interactive) {
    this.sources = sources || [];
    const on = this.webcamOn;
    this.pasteButton.hidden = !interactive || !this.sources.includes("clipboard") ||
      !clipboardReadable() || on;
    this.webcamButton.hidden = !interactive || !this.sources.includes("webcam") ||
      !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    this.webcamButton.textContent = on ? "Close webcam" : "Webcam";
    this.captureButton.hidden = !on;
    this.video.hidden = !on;
    if (!interactive && on) this.stopWebcam();
  }

  async pasteFromClipboard() {
    try {
      const file = await clipboardImage();
      if (file) await this.onFile(file);
      else this.error.show("The clipboard holds no image.");
    } catch (error) {
      this.error.show(`Cannot read the clipboard: ${error.message || error}`);
    }
  }

  async toggleWebcam() {
    if (this.webcamOn) {
      this.stopWebcam();
      return;
    }
    this.error.show(null);
    const { Webcam } = await import("./webcam.js");
    this.webcam = new Webcam(this.video, this.host.props.webcam_options || {});
    try {
      await this.webcam.start();
    } catch (error) {
      this.error.show(`Cannot open the webcam: ${error.message || error}`);
      return;
    }
    this.onChange();
    this.captureButton.focus();
  }

  stopWebcam() {
    if (!this.webcamOn) return;
    this.webcam.stop();
    this.onChange();
  }

  async capture() {
    const file = this.webcam && await this.webcam.capture("image/png");
    this.stopWebcam();
    if (file) await this.onFile(file);
  }
}
