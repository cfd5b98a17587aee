// <blocks-model3d>: shows a 3D model (viewer3d.js, three.js, imported when a model is
// first shown) that the user turns, zooms and pans with the pointer or the keyboard;
// takes one the user uploads (file input, drop). The value is a FileData, or a remote
// file (an http(s) URL) the page loads itself.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("../blocks/components/media.css", import.meta.url));
stylesheet(new URL("./model3d.css", import.meta.url));

const DRAWN = [".glb", ".gltf", ".obj", ".stl", ".ply"];
const ACCEPT = [...DRAWN, ".splat"];
const HINT = "Drag or use the arrow keys to turn the model, the wheel or + and - to zoom, " +
  "right-drag or Shift and the arrow keys to pan.";

function suffixOf(file) {
  const name = (file && (file.orig_name || file.path || file.url)) || "";
  const match = /\.[a-z0-9]+$/i.exec(name.split("?")[0]);
  return match ? match[0].toLowerCase() : "";
}

function button(text, onClick) {
  const node = el("button", { type: "button", class: "media-button", text });
  node.addEventListener("click", onClick);
  return node;
}

let viewerModule = null;
function viewer3d() {
  viewerModule = viewerModule || import("./viewer3d.js");
  return viewerModule;
}

export default define("blocks-model3d", class extends BlocksElement {
  build() {
    const id = this.uid("model3d");
    this.classList.add("block", "media-block", "model3d-block");
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });
    this.hint = el("p", { id: `${id}-hint`, class: "sr-only", text: HINT });
    this.canvas = el("canvas", { class: "model3d-canvas", tabindex: "0", role: "img",
                                 "aria-describedby": `${id}-hint`, hidden: true });
    this.canvas.addEventListener("keydown", (event) => {
      if (this.viewer && !event.ctrlKey && !event.metaKey && !event.altKey &&
          this.viewer.key(event)) event.preventDefault();
    });
    this.empty = el("div", { class: "media-empty" });
    this.empty.addEventListener("click", () => {
      if (this.interactive) this.input.click();
    });
    this.input = el("input", { id, type: "file", accept: ACCEPT.join(","), class: "sr-only" });
    this.input.addEventListener("change", () => {
      const file = this.input.files && this.input.files[0];
      this.input.value = "";
      if (file) this.receive(file);
    });
    this.inputId = id;
    this.frame = el("div", { class: "media-frame model3d-frame" }, this.canvas, this.empty,
                    this.input, this.hint);
    this.frame.addEventListener("dragover", (event) => {
      if (this.interactive) event.preventDefault();
    });
    this.frame.addEventListener("drop", (event) => {
      if (!this.interactive) return;
      event.preventDefault();
      const file = [...(event.dataTransfer?.files || [])]
        .find((f) => ACCEPT.includes(suffixOf({ orig_name: f.name })));
      if (file) this.receive(file);
    });
    this.resetButton = button("Reset view", () => {
      if (this.viewer) this.viewer.reset();
      this.canvas.focus();
    });
    this.clearButton = button("Clear", () => this.clear());
    this.download = el("a", { class: "media-button", text: "Download" });
    this.toolbar = el("div", { class: "media-toolbar" }, this.resetButton, this.download,
                      this.clearButton);
    this.status = el("p", { class: "media-status", role: "status" });
    this.error = el("p", { class: "media-error", role: "alert", hidden: true });
    this.viewer = null;
    this.shown = null;
    this.append(this.labelEl, this.infoEl, this.frame, this.toolbar, this.status, this.error);
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "3D model");
    this.applyInfo(this.infoEl);
    const canUpload = this.interactive;
    this.input.hidden = this.input.disabled = !canUpload;
    if (canUpload) this.labelEl.setAttribute("for", this.inputId);
    else this.labelEl.removeAttribute("for");
    this.frame.style.height = cssSize(props.height ?? 320);

    const file = props.value || null;
    const url = file && this.blocks ? this.blocks.fileUrl(file) : null;
    const drawn = !!url && DRAWN.includes(suffixOf(file));
    this.canvas.hidden = !drawn;
    this.canvas.setAttribute("aria-label", `${this.labelText("3D model")}: ` +
                             (file ? file.orig_name || "model" : "empty"));
    this.empty.hidden = drawn;
    this.empty.classList.toggle("clickable", canUpload);
    this.empty.textContent = url && !drawn
      ? `${file.orig_name || "This file"} cannot be drawn here (it is not a glTF, OBJ, STL ` +
        "or PLY model): download it."
      : canUpload ? "Drop a 3D model here (.glb, .gltf, .obj, .stl, .ply), or click to upload"
        : "No 3D model";
    this.resetButton.hidden = !drawn;
    this.clearButton.hidden = !canUpload || !url;
    this.download.hidden = !url;
    if (url) {
      this.download.href = url;
      this.download.setAttribute("download", file.orig_name || "");
    } else {
      this.download.removeAttribute("href");
    }
    const options = ["clear_color", "zoom_speed", "pan_speed"];
    if (this.viewer && options.some((name) => name in changed)) this.applyOptions();
    const key = drawn ? `${url}|${props.display_mode}|${JSON.stringify(props.camera_position)}`
      : null;
    if (key !== this.shown) {
      this.shown = key;
      if (drawn) this.draw(url, suffixOf(file), key);
      else if (this.viewer) this.viewer.clear();
    }
  }

  applyOptions() {
    this.viewer.setOptions({ clearColor: this.props.clear_color,
                             zoomSpeed: this.props.zoom_speed, panSpeed: this.props.pan_speed });
  }

  async draw(url, suffix, key) {
    this.showError(null);
    this.status.textContent = "Loading the model…";
    this.setAttribute("aria-busy", "true");
    try {
      const { Viewer, webglAvailable } = await viewer3d();
      if (!this.viewer) {
        if (!webglAvailable()) {
          throw new Error("this browser cannot draw 3D graphics (WebGL is off); download " +
                          "the model instead");
        }
        this.viewer = new Viewer(this.canvas);
        this.applyOptions();
      }
      await this.viewer.show(url, suffix, { mode: this.props.display_mode,
                                            camera: this.props.camera_position });
      if (this.shown !== key) return; // another model was asked for meanwhile
      this.viewer.resize();
      this.status.textContent = `Showing ${(this.props.value || {}).orig_name || "the model"}`;
    } catch (error) {
      if (this.shown !== key) return;
      this.status.textContent = "";
      this.showError(`Cannot show the model: ${error.message || error}`);
    } finally {
      if (this.shown === key) this.removeAttribute("aria-busy");
    }
  }

  get value() {
    return this.props.value ?? null;
  }

  async receive(file) {
    if (!this.blocks) return;
    this.showError(null);
    if (!ACCEPT.includes(suffixOf({ orig_name: file.name }))) {
      this.showError(`${file.name} is not a 3D model Model3D takes (${ACCEPT.join(", ")}).`);
      return;
    }
    this.setAttribute("aria-busy", "true");
    try {
      const fileData = await this.blocks.upload(file);
      this.userChanged(fileData);
      this.update({ value: fileData });
      this.emit("upload");
    } catch (error) {
      this.showError(`Upload failed: ${error.message || error}`);
    } finally {
      this.removeAttribute("aria-busy");
    }
  }

  clear() {
    this.userChanged(null);
    this.update({ value: null });
    this.status.textContent = "";
    this.emit("clear");
  }

  showError(message) {
    this.error.textContent = message || "";
    this.error.hidden = !message;
  }

  // Leaving the page frees the WebGL context (a page has a few only); coming back
  // (a re-render moving the element) draws the model again.
  connectedCallback() {
    const again = this._built;
    super.connectedCallback();
    if (again && !this.viewer) this.update({});
  }

  disconnectedCallback() {
    if (this.viewer) this.viewer.dispose();
    this.viewer = null;
    this.shown = null;
  }
});
