// <blocks-imageslider>: two images on top of each other; a slider (a native range
// input over them: drag, click, arrow keys, Shift+arrows, Page Up/Down, Home/End)
// shows the first image left of the handle and the second right of it. The value
// is [first, second], each a FileData or null.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import {
  downloadLink, dropTarget, errorLine, fileName, fullscreenButton, hasButton, showDownload,
  uploading,
} from "./media.js";

stylesheet(new URL("./image_slider.css", import.meta.url));

export default define("blocks-imageslider", class extends BlocksElement {
  build() {
    const id = this.uid("imageslider");
    this.classList.add("block", "media-block", "imageslider-block");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });
    this.base = el("img", { class: "imageslider-base", hidden: true });
    this.overlay = el("img", { class: "imageslider-overlay", hidden: true });
    this.divider = el("div", { class: "imageslider-divider", "aria-hidden": "true" },
                      el("span", { class: "imageslider-handle" }));
    this.range = el("input", { type: "range", min: "0", max: "100", step: "any",
                               class: "imageslider-range" });
    this.range.addEventListener("input", () => this.moveTo(Number(this.range.value)));
    this.range.addEventListener("keydown", (event) => {
      const delta = { ArrowLeft: -10, ArrowDown: -10, ArrowRight: 10, ArrowUp: 10 }[event.key];
      if (delta && event.shiftKey) {
        event.preventDefault();
        this.moveTo(this.position + delta);
      }
    });
    this.range.addEventListener("pointerdown", (event) => {
      this.pressed = { x: event.clientX, y: event.clientY };
    });
    this.range.addEventListener("click", (event) => this.selectAt(event));
    this.empty = el("div", { class: "media-empty" });
    this.stage = el("div", { class: "imageslider-stage" }, this.base, this.overlay,
                    this.range, this.divider);
    this.frame = el("div", { class: "media-frame imageslider-frame media-drop" }, this.stage,
                    this.empty);
    dropTarget(this.frame, { enabled: () => this.interactive, accept: () => ["image/*"],
                             onFiles: (found) => this.receive(found.slice(0, 2)) });

    this.inputs = ["First image", "Second image"].map((text, index) => {
      const input = el("input", { id: `${id}-${index}`, type: "file", accept: "image/*",
                                  class: "sr-only" });
      input.addEventListener("change", () => {
        const file = input.files && input.files[0];
        input.value = "";
        if (file) this.receive([file], index);
      });
      const label = el("label", { for: input.id, class: "media-button imageslider-upload",
                                  text: `Upload ${text.toLowerCase()}` }, input);
      return { input, label, text };
    });
    this.downloads = ["first", "second"].map((which) =>
      downloadLink("media-button", `Download ${which} image`));
    this.fullscreen = fullscreenButton(this, "media-button");
    this.clearButton = el("button", { type: "button", class: "media-button", text: "Clear" });
    this.clearButton.addEventListener("click", () => this.clear());
    this.toolbar = el("div", { class: "media-toolbar" }, ...this.inputs.map((i) => i.label),
                      ...this.downloads, this.fullscreen, this.clearButton);
    this.error = errorLine();
    this.append(this.labelEl, this.infoEl, this.frame, this.toolbar, this.error);
  }

  get position() {
    const value = Number(this.props.slider_position);
    return Number.isFinite(value) ? Math.max(0, Math.min(100, value)) : 50;
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "Image slider");
    const label = this.labelText("Image slider");
    this.applyInfo(this.infoEl);
    const [first, second] = props.value || [null, null];
    const url = (file) => (file && this.blocks ? this.blocks.fileUrl(file) : null);
    const urls = [url(first), url(second)];
    // The image in the flow sizes the frame; the other lies over it, clipped.
    const both = !!(urls[0] && urls[1]);
    const baseUrl = urls[1] || urls[0];
    this.show(this.base, baseUrl, `${label}: ${urls[1] ? "second" : "first"} image`);
    this.show(this.overlay, both ? urls[0] : null, `${label}: first image`);
    this.range.hidden = this.divider.hidden = !both;
    this.range.setAttribute("aria-label", `${label}: slider position`);
    this.empty.hidden = !!baseUrl;
    this.empty.textContent = this.interactive ? "Drop two images here, or upload them"
      : "No images";
    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);
    this.frame.style.setProperty("--imageslider-max-height", cssSize(props.max_height) ||
                                 "500px");
    this.moveTo(this.position, false);

    this.inputs.forEach(({ input, label: node }) => {
      node.hidden = input.disabled = !this.interactive;
    });
    const downloadable = hasButton(props, "download");
    this.downloads.forEach((link, index) => {
      showDownload(link, downloadable ? urls[index] : null, fileName([first, second][index]));
    });
    this.fullscreen.hidden = !baseUrl || !hasButton(props, "fullscreen");
    this.clearButton.hidden = !this.interactive || !baseUrl;
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  show(img, url, alt) {
    img.alt = alt;
    img.hidden = !url;
    if (!url) img.removeAttribute("src");
    else if (img.getAttribute("src") !== url) img.src = url;
  }

  moveTo(position, byUser = true) {
    position = Math.max(0, Math.min(100, position));
    if (byUser) this.props.slider_position = position;
    this.range.value = String(position);
    this.range.setAttribute("aria-valuetext", `${Math.round(position)}%`);
    this.overlay.style.clipPath = `inset(0 ${100 - position}% 0 0)`;
    this.divider.style.left = `${position}%`;
  }

  // A click without a drag reports the pixel of the images under the pointer.
  selectAt(event) {
    const start = this.pressed;
    this.pressed = null;
    if (start && Math.hypot(event.clientX - start.x, event.clientY - start.y) > 4) return;
    const img = this.base;
    const box = img.getBoundingClientRect();
    const { naturalWidth: nw, naturalHeight: nh } = img;
    if (!nw || !nh || !box.width || !box.height) return;
    const scale = Math.min(box.width / nw, box.height / nh);
    const x = Math.floor((event.clientX - box.left - (box.width - nw * scale) / 2) / scale);
    const y = Math.floor((event.clientY - box.top - (box.height - nh * scale) / 2) / scale);
    if (x < 0 || y < 0 || x >= nw || y >= nh) return;
    this.emit("select", { index: [x, y], value: null, selected: true });
  }

  receive(found, index = 0) {
    return uploading(this, async (blocks) => {
      const value = [...(this.props.value || [null, null])];
      for (const [offset, file] of found.entries()) {
        value[Math.min(1, index + offset)] = await blocks.upload(file);
      }
      this.userChanged(value);
      this.update({ value });
      this.emit("upload");
    });
  }

  clear() {
    this.userChanged(null);
    this.update({ value: null });
    this.emit("clear");
  }

  showError(message) {
    this.error.show(message);
  }
});
