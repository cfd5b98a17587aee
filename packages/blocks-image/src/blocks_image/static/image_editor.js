// <blocks-imageeditor> (and <blocks-sketchpad>, <blocks-paint>, <blocks-imagemask>): a
// canvas with a background and layers, a brush and an eraser driven by the pointer,
// crop and resize, undo and redo. Every finished edit uploads the images that changed
// (PNG) and emits input and change with the EditorValue {background, layers, composite}.

import { BlocksElement, cssSize, define, el, same, stylesheet } from "../blocks/base.js";
import { EditorDoc, canvas as makeCanvas, parseColor } from "./editor_doc.js";
import {
  layerList, numberForm, palette, setDisabled, sizeControl, toolButton, toolbar,
} from "./editor_panels.js";
import {
  ImageSources, downloadLink, dropTarget, fullscreenButton, hasButton, showDownload,
} from "./media.js";

stylesheet(new URL("./image_editor.css", import.meta.url));

const blob = (node) => new Promise((resolve) => node.toBlob(resolve, "image/png"));

function loadImage(url) {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.crossOrigin = "anonymous";
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error(`Cannot load ${url}`));
    img.src = url;
  });
}

export class ImageEditorElement extends BlocksElement {
  build() {
    const id = this.uid("editor");
    this.classList.add("block", "media-block", "editor-block");
    this.setAttribute("role", "group");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.setAttribute("aria-labelledby", this.labelEl.id);
    this.infoEl = el("div", { class: "block-info" });
    const [w, h] = this.props.canvas_size || [800, 800];
    this.doc = new EditorDoc(w, h, this.layerNames());
    this.tool = "brush";
    this.scratch = null;
    this.uploads = new WeakMap(); // canvas -> {version, file}

    this.brushTool = toolButton("Brush", () => this.pickTool("brush"), { toggle: true });
    this.eraserTool = toolButton("Eraser", () => this.pickTool("eraser"), { toggle: true });
    this.cropTool = toolButton("Crop", () => this.pickTool("crop"), { toggle: true });
    this.resizeTool = toolButton("Resize", () => this.pickTool("resize"), { toggle: true });
    this.undoButton = toolButton("Undo", () => this.history("undo"));
    this.redoButton = toolButton("Redo", () => this.history("redo"));
    this.tools = toolbar("Tools", [this.brushTool, this.eraserTool, this.cropTool,
                                   this.resizeTool, this.undoButton, this.redoButton]);

    this.colors = palette(`${id}-colour`, (color, index) => {
      this.color = color;
      this.colorIndex = index;
    });
    this.brushSize = sizeControl(`${id}-brush-size`, "Brush size", (v) => { this.sizes.brush = v; });
    this.eraserSize = sizeControl(`${id}-eraser-size`, "Eraser size",
                                  (v) => { this.sizes.eraser = v; });
    this.cropForm = numberForm(`${id}-crop`, "Crop", [["x", "Left"], ["y", "Top"],
                               ["w", "Width"], ["h", "Height"]], "Apply crop",
                               () => this.applyCrop(), () => this.pickTool("brush"));
    for (const input of Object.values(this.cropForm.inputs)) {
      input.addEventListener("input", () => this.render());
    }
    this.resizeForm = numberForm(`${id}-resize`, "Resize", [["w", "Width"], ["h", "Height"]],
                                 "Apply resize", () => this.applyResize(),
                                 () => this.pickTool("brush"));
    this.keepRatio = el("input", { type: "checkbox", id: `${id}-ratio`, checked: true });
    this.resizeForm.insertBefore(el("span", { class: "editor-field" }, this.keepRatio,
                                    el("label", { for: this.keepRatio.id,
                                                  text: "Keep proportions" })),
                                 this.resizeForm.querySelector("button"));
    this.resizeForm.inputs.w.addEventListener("input", () => this.keepProportions("w"));
    this.resizeForm.inputs.h.addEventListener("input", () => this.keepProportions("h"));
    this.options = el("div", { class: "editor-options" }, this.colors, this.brushSize,
                      this.eraserSize, this.cropForm, this.resizeForm);

    this.canvas = el("canvas", { class: "editor-canvas", role: "img" });
    this.canvas.addEventListener("pointerdown", (event) => this.pointerDown(event));
    this.canvas.addEventListener("pointermove", (event) => this.pointerMove(event));
    this.canvas.addEventListener("pointerup", (event) => this.pointerUp(event));
    this.canvas.addEventListener("pointercancel", (event) => this.pointerUp(event));
    this.intake = new ImageSources(this, { onFile: (file) => this.receive(file),
                                           onChange: () => this.showControls() });
    this.empty = el("div", { class: "media-empty editor-placeholder" });
    this.frame = el("div", { class: "media-frame editor-frame media-drop" }, this.canvas,
                    this.intake.video, this.empty);
    dropTarget(this.frame, { enabled: () => this.canUpload, accept: () => ["image/*"],
                             onFiles: (found) => this.receive(found[0]) });
    this.addEventListener("keydown", (event) => this.shortcut(event));

    this.layersPanel = layerList(`${id}-layer`, {
      onPick: (index) => { this.doc.active = index; },
      onShow: (index, shown) => { this.doc.setVisible(index, shown); this.edited(); },
    });
    this.addLayerButton = el("button", { type: "button", class: "media-button",
                                         text: "Add layer" });
    this.addLayerButton.addEventListener("click", () => this.addLayer());
    this.removeLayerButton = el("button", { type: "button", class: "media-button",
                                            text: "Delete layer" });
    this.removeLayerButton.addEventListener("click", () => {
      this.doc.removeLayer(this.doc.active);
      this.edited();
    });
    this.layersPanel.append(el("div", { class: "editor-layer-buttons" },
                               this.addLayerButton, this.removeLayerButton));

    this.fileInput = el("input", { id: `${id}-upload`, type: "file", accept: "image/*",
                                   class: "sr-only" });
    this.fileInput.addEventListener("change", () => {
      const file = this.fileInput.files && this.fileInput.files[0];
      this.fileInput.value = "";
      if (file) this.receive(file);
    });
    this.uploadLabel = el("label", { for: this.fileInput.id, class: "media-button",
                                     text: "Upload background" }, this.fileInput);
    const button = (text, onClick) => {
      const node = el("button", { type: "button", class: "media-button", text });
      node.addEventListener("click", onClick);
      return node;
    };
    this.download = downloadLink("media-button");
    this.download.addEventListener("click", () => this.prepareDownload());
    this.fullscreen = fullscreenButton(this, "media-button");
    this.clearButton = button("Clear", () => this.clear());
    this.applyButton = button("Apply", () => this.applyEdits());
    const { pasteButton, webcamButton, captureButton, error } = this.intake;
    this.actions = el("div", { class: "media-toolbar" }, this.uploadLabel, pasteButton,
                      webcamButton, captureButton, this.download, this.fullscreen,
                      this.clearButton, this.applyButton);
    this.error = error;
    this.append(this.labelEl, this.infoEl, this.tools, this.options, this.frame,
                this.layersPanel, this.actions, this.error);
    this.sizes = { brush: null, eraser: null };
    this.chain = Promise.resolve();
  }

  get sources() {
    return this.props.sources || [];
  }

  get canUpload() {
    return this.interactive && this.sources.includes("upload");
  }

  layerNames() {
    const options = this.props.layers;
    return options && options.layers && options.layers.length ? options.layers : ["Layer 1"];
  }

  // --- props --------------------------------------------------------------------------------
  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "Image editor");
    this.applyInfo(this.infoEl);
    const label = this.labelText("Image editor");
    this.tools.setAttribute("aria-label", `${label} tools`);
    this.canvas.setAttribute("aria-label", `${label} canvas`);
    if ("brush" in changed || !this.color) this.setupBrush();
    if ("value" in changed && !same(props.value, this.sent)) this.load(props.value);
    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);
    this.canvas.style.maxHeight = props.height ? "100%" : "";
    this.showControls();
  }

  setupBrush() {
    const brush = this.props.brush;
    if (!brush) return;
    const colors = brush.colors || [];
    const current = colors.findIndex((c) => same(c, brush.default_color));
    this.color = brush.default_color || colors[0] || ["#000000", 1];
    this.colorIndex = current < 0 ? null : current;
    this.colors.set(colors, this.colorIndex, brush.color_mode !== "fixed");
    this.sizes.brush = null;
    this.sizes.eraser = null;
  }

  autoSize(tool) {
    const options = tool === "brush" ? this.props.brush : this.props.eraser;
    const size = options && options.default_size;
    if (typeof size === "number") return size;
    return Math.max(1, Math.round(Math.min(this.doc.width, this.doc.height) / 50));
  }

  showControls() {
    const props = this.props;
    const interactive = this.interactive;
    const brush = !!props.brush;
    const eraser = brush && !!props.eraser;
    const transforms = props.transforms || [];
    if (this.tool === "brush" && !brush) this.tool = null;
    this.tools.hidden = !interactive;
    this.brushTool.hidden = !brush;
    this.eraserTool.hidden = !eraser;
    this.cropTool.hidden = !transforms.includes("crop");
    this.resizeTool.hidden = !transforms.includes("resize");
    for (const [button, tool] of [[this.brushTool, "brush"], [this.eraserTool, "eraser"],
                                  [this.cropTool, "crop"], [this.resizeTool, "resize"]]) {
      button.setAttribute("aria-pressed", String(this.tool === tool));
    }
    setDisabled(this.undoButton, !this.doc.done.length);
    setDisabled(this.redoButton, !this.doc.undone.length);
    this.tools.resetStop();

    const max = Math.max(100, Math.round(Math.min(this.doc.width, this.doc.height) / 4));
    this.colors.hidden = !interactive || this.tool !== "brush";
    this.brushSize.hidden = !interactive || this.tool !== "brush";
    this.brushSize.set(this.sizes.brush ?? this.autoSize("brush"), max);
    this.eraserSize.hidden = !interactive || this.tool !== "eraser";
    this.eraserSize.set(this.sizes.eraser ?? this.autoSize("eraser"), max);
    this.cropForm.hidden = !interactive || this.tool !== "crop";
    this.resizeForm.hidden = !interactive || this.tool !== "resize";
    this.options.hidden = [...this.options.children].every((child) => child.hidden);

    const layers = props.layers || {};
    this.layersPanel.hidden = !interactive || layers.disabled === true;
    this.layersPanel.set(this.doc.layers, this.doc.active);
    this.addLayerButton.hidden = layers.allow_additional_layers === false;
    this.removeLayerButton.hidden = layers.allow_additional_layers === false ||
      this.doc.layers.length < 2;

    this.intake.show(this.sources, interactive);
    const webcamOn = this.intake.webcamOn;
    this.canvas.hidden = webcamOn;
    this.empty.hidden = true;
    if (!interactive && !this.props.value) {
      this.empty.hidden = false;
      this.empty.textContent = props.placeholder || "No image";
      this.canvas.hidden = true;
    }
    this.uploadLabel.hidden = this.fileInput.disabled = !this.canUpload || webcamOn;
    const hasValue = !!this.props.value;
    showDownload(this.download, hasValue && hasButton(props, "download") ? "#" : null,
                 "image.png");
    this.fullscreen.hidden = !hasButton(props, "fullscreen");
    this.clearButton.hidden = !interactive || !hasValue;
    this.applyButton.hidden = !interactive;
    this.render();
  }

  // --- the value from the server --------------------------------------------------------------
  async load(value) {
    const token = (this.loading = {});
    const [w, h] = this.props.canvas_size || [800, 800];
    const url = (file) => (this.blocks ? this.blocks.fileUrl(file) : null);
    try {
      const background = value && (value.background || (!(value.layers || []).length &&
                                                         value.composite));
      const bg = background ? await loadImage(url(background)) : null;
      const layers = [];
      for (const file of (value && value.layers) || []) layers.push(await loadImage(url(file)));
      if (token !== this.loading) return;
      const names = this.layerNames();
      this.doc.reset(w, h, layers.length ? layers.map((_, i) => names[i] || `Layer ${i + 1}`)
        : names);
      if (bg) {
        this.doc.setBackground(bg, !!this.props.fixed_canvas);
      }
      layers.forEach((img, index) => {
        this.doc.layers[index].canvas.getContext("2d").drawImage(img, 0, 0, this.doc.width,
                                                                 this.doc.height);
      });
      this.doc.done = [];
      this.doc.undone = [];
      this.uploads = new WeakMap();
      if (bg && background) this.uploads.set(this.doc.background.canvas, { version: 0,
                                                                          file: background });
      this.sent = value;
      this.showError(null);
    } catch (error) {
      this.showError(error.message || String(error));
    }
    this.showControls();
  }

  // --- drawing --------------------------------------------------------------------------------
  render() {
    if (!this.frameRequested) {
      this.frameRequested = true;
      requestAnimationFrame(() => {
        this.frameRequested = false;
        this.paint();
      });
    }
  }

  paint() {
    const doc = this.doc;
    if (this.canvas.width !== doc.width || this.canvas.height !== doc.height) {
      this.canvas.width = doc.width;
      this.canvas.height = doc.height;
    }
    if (!this.scratch || this.scratch.width !== doc.width || this.scratch.height !== doc.height) {
      this.scratch = makeCanvas(doc.width, doc.height);
    }
    const ctx = this.canvas.getContext("2d");
    doc.draw(ctx, this.scratch);
    if (this.tool === "crop" && this.interactive) this.paintCrop(ctx);
  }

  paintCrop(ctx) {
    const [x, y, w, h] = this.cropRect();
    ctx.save();
    ctx.fillStyle = "rgb(0 0 0 / 0.45)";
    ctx.beginPath();
    ctx.rect(0, 0, this.doc.width, this.doc.height);
    ctx.rect(x, y, w, h);
    ctx.fill("evenodd");
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = Math.max(1, this.doc.width / 400);
    ctx.strokeStyle = "#fff";
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
    ctx.restore();
  }

  point(event) {
    const box = this.canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * (this.doc.width / box.width),
            (event.clientY - box.top) * (this.doc.height / box.height)];
  }

  pointerDown(event) {
    if (!this.interactive || event.button !== 0) return;
    this.canvas.setPointerCapture(event.pointerId);
    const [x, y] = this.point(event);
    this.pressed = { x, y, moved: false };
    if (this.tool === "brush" || this.tool === "eraser") {
      const color = this.tool === "brush" ? parseColor(this.color[0]) : [0, 0, 0, 1];
      this.doc.beginStroke(this.tool, x, y, { color, opacity: this.color[1] ?? 1,
        size: this.sizes[this.tool] ?? this.autoSize(this.tool) });
      this.render();
    }
  }

  pointerMove(event) {
    if (!this.pressed) return;
    const [x, y] = this.point(event);
    if (Math.hypot(x - this.pressed.x, y - this.pressed.y) > 2) this.pressed.moved = true;
    if (this.doc.stroke) {
      const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      for (const one of events.length ? events : [event]) this.doc.strokeTo(...this.point(one));
      this.render();
    } else if (this.tool === "crop") {
      this.setCropRect(this.pressed.x, this.pressed.y, x, y);
    }
  }

  pointerUp(event) {
    const pressed = this.pressed;
    if (!pressed) return;
    this.pressed = null;
    if (this.doc.stroke) {
      if (this.doc.endStroke()) this.edited();
      this.render();
    } else if (!pressed.moved && !["crop", "resize"].includes(this.tool)) {
      const [x, y] = this.point(event);
      this.emit("select", { index: [Math.floor(x), Math.floor(y)], value: null,
                            selected: true });
    }
  }

  pickTool(tool) {
    this.tool = this.tool === tool && (tool === "brush" || tool === "eraser") ? null : tool;
    if (this.tool === "crop") this.setCropRect(0, 0, this.doc.width, this.doc.height);
    if (this.tool === "resize") {
      this.resizeForm.inputs.w.value = String(this.doc.width);
      this.resizeForm.inputs.h.value = String(this.doc.height);
    }
    this.showControls();
  }

  // --- crop and resize --------------------------------------------------------------------------
  setCropRect(x1, y1, x2, y2) {
    const clamp = (v, max) => Math.round(Math.max(0, Math.min(max, v)));
    const [left, right] = [clamp(Math.min(x1, x2), this.doc.width),
                           clamp(Math.max(x1, x2), this.doc.width)];
    const [top, bottom] = [clamp(Math.min(y1, y2), this.doc.height),
                           clamp(Math.max(y1, y2), this.doc.height)];
    const inputs = this.cropForm.inputs;
    inputs.x.value = String(left);
    inputs.y.value = String(top);
    inputs.w.value = String(right - left);
    inputs.h.value = String(bottom - top);
    this.render();
  }

  cropRect() {
    const { x, y, w, h } = this.cropForm.inputs;
    const X = Math.max(0, Math.min(this.doc.width - 1, Number(x.value) || 0));
    const Y = Math.max(0, Math.min(this.doc.height - 1, Number(y.value) || 0));
    return [X, Y, Math.max(1, Math.min(this.doc.width - X, Number(w.value) || 0)),
            Math.max(1, Math.min(this.doc.height - Y, Number(h.value) || 0))];
  }

  applyCrop() {
    const [x, y, w, h] = this.cropRect();
    if (x === 0 && y === 0 && w === this.doc.width && h === this.doc.height) return;
    this.doc.crop(x, y, w, h);
    this.tool = "brush";
    this.edited();
  }

  keepProportions(changed) {
    if (!this.keepRatio.checked) return;
    const { w, h } = this.resizeForm.inputs;
    const ratio = this.doc.width / this.doc.height;
    if (changed === "w") h.value = String(Math.max(1, Math.round(Number(w.value) / ratio)));
    else w.value = String(Math.max(1, Math.round(Number(h.value) * ratio)));
  }

  applyResize() {
    const w = Math.round(Number(this.resizeForm.inputs.w.value));
    const h = Math.round(Number(this.resizeForm.inputs.h.value));
    if (!(w >= 1 && h >= 1 && w <= 8192 && h <= 8192)) {
      this.showError("The width and height must be from 1 to 8192 pixels.");
      return;
    }
    if (w === this.doc.width && h === this.doc.height) return;
    this.doc.resize(w, h);
    this.tool = "brush";
    this.edited();
  }

  // --- history and layers -----------------------------------------------------------------------
  history(direction) {
    if (this.doc[direction]()) this.edited();
  }

  shortcut(event) {
    if (!(event.ctrlKey || event.metaKey) || !this.interactive) return;
    if (event.target.matches && event.target.matches("input[type=number]")) return;
    const key = event.key.toLowerCase();
    if (key === "z") this.history(event.shiftKey ? "redo" : "undo");
    else if (key === "y") this.history("redo");
    else return;
    event.preventDefault();
  }

  addLayer() {
    const names = new Set(this.doc.layers.map((layer) => layer.name));
    let n = this.doc.layers.length + 1;
    while (names.has(`Layer ${n}`)) n += 1;
    this.doc.addLayer(`Layer ${n}`);
    this.edited();
  }

  // --- the value sent to the server ---------------------------------------------------------------
  // An edit happened: show it, then upload what changed and emit input and change. Edits
  // made during an upload are sent together once it ends.
  edited(extra = null) {
    this.showError(null);
    this.showControls();
    this.dirty = true;
    if (extra) (this.extraEvents ||= []).push(extra);
    this.chain = this.chain.then(() => this.send());
    return this.chain;
  }

  async send() {
    if (!this.dirty || !this.blocks) return;
    this.dirty = false;
    this.setAttribute("aria-busy", "true");
    try {
      const value = await this.exportValue();
      if (this.dirty) return; // a newer edit follows: send that one
      this.sent = value;
      this.userChanged(value);
      for (const name of this.extraEvents || []) this.emit(name);
      this.extraEvents = [];
      this.showControls();
    } catch (error) {
      this.showError(`Upload failed: ${error.message || error}`);
    } finally {
      this.removeAttribute("aria-busy");
    }
  }

  async upload(node, version) {
    const known = this.uploads.get(node);
    if (known && known.version === version) return known.file;
    const file = await this.blocks.upload(new File([await blob(node)], "image.png",
                                                   { type: "image/png" }));
    this.uploads.set(node, { version, file });
    return file;
  }

  async exportValue() {
    const doc = this.doc;
    const background = doc.background
      ? await this.upload(doc.background.canvas, doc.background.version) : null;
    const layers = [];
    for (const layer of doc.layers) layers.push(await this.upload(layer.canvas, layer.version));
    const composite = await this.upload(doc.composite(), 0);
    return { background, layers, composite };
  }

  async applyEdits() {
    await this.chain;
    this.emit("apply");
  }

  // --- sources ----------------------------------------------------------------------------------
  async receive(file) {
    try {
      const url = URL.createObjectURL(file);
      const img = await loadImage(url);
      URL.revokeObjectURL(url);
      this.doc.setBackground(img, !!this.props.fixed_canvas);
      this.edited("upload");
    } catch (error) {
      this.showError(`Cannot read that image: ${error.message || error}`);
    }
  }

  clear() {
    const [w, h] = this.props.canvas_size || [800, 800];
    this.doc.reset(w, h, this.layerNames());
    this.sent = null;
    this.dirty = false;
    this.userChanged(null);
    this.emit("clear");
    this.showControls();
  }

  prepareDownload() {
    const composite = this.props.value && this.props.value.composite;
    if (composite && this.blocks) this.download.href = this.blocks.fileUrl(composite);
  }

  showError(message) {
    this.error.show(message);
  }

  disconnectedCallback() {
    this.intake.stopWebcam();
  }
}

define("blocks-imageeditor", ImageEditorElement);
define("blocks-sketchpad", class extends ImageEditorElement {});
define("blocks-paint", class extends ImageEditorElement {});
export default define("blocks-imagemask", class extends ImageEditorElement {});
