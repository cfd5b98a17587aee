// <blocks-annotatedimage>: an image with coloured masks over it and a legend. Pointing
// at a mask or a legend entry highlights that annotation; clicking one (or pressing
// its legend button) emits select with {index, value: label}. The value is
// {image: FileData, annotations: [{image: FileData, label, color}]}.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import { fullscreenButton, hasButton } from "./media.js";

stylesheet(new URL("./annotated_image.css", import.meta.url));

export default define("blocks-annotatedimage", class extends BlocksElement {
  build() {
    const id = this.uid("annotated");
    this.classList.add("block", "media-block", "annotated-block");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });
    this.base = el("img", { class: "annotated-base" });
    this.masks = el("div", { class: "annotated-masks" });
    this.stage = el("div", { class: "annotated-stage" }, this.base, this.masks);
    this.stage.addEventListener("pointermove", (event) => this.highlight(this.hit(event)));
    this.stage.addEventListener("pointerleave", () => this.highlight(null));
    this.stage.addEventListener("click", (event) => {
      const index = this.hit(event);
      if (index !== null) this.select(index);
    });
    this.empty = el("div", { class: "media-empty", text: "No image" });
    this.frame = el("div", { class: "media-frame annotated-frame" }, this.stage, this.empty);
    this.legend = el("ul", { class: "annotated-legend" });
    this.fullscreen = fullscreenButton(this, "media-button");
    this.toolbar = el("div", { class: "media-toolbar" }, this.fullscreen);
    this.append(this.labelEl, this.infoEl, this.frame, this.legend, this.toolbar);
    this.alphas = [];
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "Annotated image");
    this.applyInfo(this.infoEl);
    const label = this.labelText("Annotated image");
    this.legend.setAttribute("aria-label", `${label} legend`);
    const value = props.value;
    const url = value && this.blocks ? this.blocks.fileUrl(value.image) : null;
    this.stage.hidden = !url;
    this.empty.hidden = !!url;
    this.base.alt = label;
    if (!url) this.base.removeAttribute("src");
    else if (this.base.getAttribute("src") !== url) this.base.src = url;
    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);
    if ("value" in changed) this.renderAnnotations(value ? value.annotations || [] : []);
    this.legend.hidden = props.show_legend === false || !this.annotations.length;
    this.fullscreen.hidden = !url || !hasButton(props, "fullscreen");
    this.toolbar.hidden = this.fullscreen.hidden;
  }

  renderAnnotations(annotations) {
    this.annotations = annotations;
    this.alphas = annotations.map(() => null);
    this.masks.replaceChildren(...annotations.map((annotation, index) => {
      const mask = el("img", { class: "annotated-mask", alt: "", "aria-hidden": "true" });
      mask.crossOrigin = "anonymous";
      mask.addEventListener("load", () => { this.alphas[index] = this.readAlpha(mask); });
      mask.src = this.blocks ? this.blocks.fileUrl(annotation.image) : "";
      return mask;
    }));
    this.legend.replaceChildren(...annotations.map((annotation, index) => {
      const button = el("button", { type: "button", class: "annotated-entry" },
                        el("span", { class: "annotated-swatch", "aria-hidden": "true" }),
                        annotation.label);
      button.style.setProperty("--annotation-color", annotation.color || "#e53935");
      button.addEventListener("click", () => this.select(index));
      for (const name of ["pointerenter", "focus"]) {
        button.addEventListener(name, () => this.highlight(index));
      }
      for (const name of ["pointerleave", "blur"]) {
        button.addEventListener(name, () => this.highlight(null));
      }
      return el("li", {}, button);
    }));
  }

  // The alpha channel of a loaded mask, to find which annotation is under the pointer.
  readAlpha(img) {
    const { naturalWidth: w, naturalHeight: h } = img;
    if (!w || !h) return null;
    const canvas = el("canvas", { width: w, height: h });
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(img, 0, 0);
    try {
      const data = context.getImageData(0, 0, w, h).data;
      const alpha = new Uint8Array(w * h);
      for (let i = 0; i < alpha.length; i += 1) alpha[i] = data[i * 4 + 3];
      return { w, h, alpha };
    } catch {
      return null; // a mask from another origin cannot be read
    }
  }

  // The topmost annotation whose mask covers the pointer, or null.
  hit(event) {
    const box = this.base.getBoundingClientRect();
    const { naturalWidth: nw, naturalHeight: nh } = this.base;
    if (!nw || !nh || !box.width) return null;
    const x = Math.floor(((event.clientX - box.left) / box.width) * nw);
    const y = Math.floor(((event.clientY - box.top) / box.height) * nh);
    for (let index = this.alphas.length - 1; index >= 0; index -= 1) {
      const mask = this.alphas[index];
      if (!mask) continue;
      const mx = Math.floor((x * mask.w) / nw);
      const my = Math.floor((y * mask.h) / nh);
      if (mx >= 0 && my >= 0 && mx < mask.w && my < mask.h && mask.alpha[my * mask.w + mx] > 0) {
        return index;
      }
    }
    return null;
  }

  highlight(index) {
    this.masks.classList.toggle("highlighting", index !== null);
    [...this.masks.children].forEach((mask, i) => mask.classList.toggle("active", i === index));
    [...this.legend.querySelectorAll("button")].forEach((button, i) => {
      button.classList.toggle("active", i === index);
    });
  }

  select(index) {
    const annotation = this.annotations[index];
    if (annotation) this.emit("select", { index, value: annotation.label, selected: true });
  }
});
