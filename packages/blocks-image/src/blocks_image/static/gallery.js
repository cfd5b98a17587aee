// <blocks-gallery>: a grid of images and videos with captions, a large preview with
// keyboard navigation (arrows, Escape), and uploads when interactive. The value is a
// list of {image|video: FileData, caption}.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import {
  ImageSources, downloadLink, dropTarget, fileName, fullscreenButton, hasButton, showDownload,
  uploading,
} from "./media.js";

stylesheet(new URL("./gallery.css", import.meta.url));

const media = (item) => item.image || item.video;

function accepted(props) {
  const types = props.file_types;
  if (!types || !types.length) return ["image/*", "video/*"];
  return types.map((t) => (t === "image" || t === "video" ? `${t}/*` : t));
}

export default define("blocks-gallery", class extends BlocksElement {
  build() {
    const id = this.uid("gallery");
    this.classList.add("block", "media-block", "gallery-block");
    this.selected = null;
    this.previewing = false;
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });

    this.previewMedia = el("div", { class: "gallery-preview-media" });
    this.previewMedia.addEventListener("click", (event) => this.previewClick(event));
    this.counter = el("span", { class: "gallery-counter", "aria-live": "polite" });
    this.caption = el("p", { class: "gallery-caption" });
    const button = (text, onClick, cls = "media-button") => {
      const node = el("button", { type: "button", class: cls, text });
      node.addEventListener("click", onClick);
      return node;
    };
    this.prevButton = button("Previous", () => this.step(-1));
    this.nextButton = button("Next", () => this.step(1));
    this.closeButton = button("Close preview", () => this.closePreview(true));
    this.download = downloadLink("media-button");
    this.preview = el("section", { class: "gallery-preview", hidden: true, tabindex: "-1" },
      el("div", { class: "gallery-preview-bar" }, this.counter, this.prevButton,
         this.nextButton, this.download, this.closeButton),
      this.previewMedia, this.caption);
    this.preview.addEventListener("keydown", (event) => this.previewKey(event));

    this.grid = el("ul", { class: "gallery-grid" });
    this.empty = el("div", { class: "media-empty" });
    this.empty.addEventListener("click", () => this.canUpload && this.input.click());
    this.input = el("input", { id, type: "file", multiple: true, class: "sr-only" });
    this.input.addEventListener("change", () => {
      const found = [...(this.input.files || [])];
      this.input.value = "";
      if (found.length) this.receive(found);
    });
    this.inputId = id;
    this.intake = new ImageSources(this, { onFile: (file) => this.receive([file]),
                                            onChange: () => this.updateToolbar() });
    this.body = el("div", { class: "gallery-body media-drop" }, this.preview, this.grid,
                   this.empty, this.intake.video, this.input);
    dropTarget(this.body, { enabled: () => this.canUpload, accept: () => accepted(this.props),
                            onFiles: (found) => this.receive(found) });
    this.downloadAll = button("Download all", () => this.downloadEverything());
    this.fullscreen = fullscreenButton(this, "media-button");
    this.clearButton = button("Clear", () => this.setItems([], "clear"));
    const { pasteButton, webcamButton, captureButton, error } = this.intake;
    this.toolbar = el("div", { class: "media-toolbar" }, pasteButton, webcamButton,
                      captureButton, this.downloadAll, this.fullscreen, this.clearButton);
    this.error = error;
    this.append(this.labelEl, this.infoEl, this.body, this.toolbar, this.error);
    this.resizer = new ResizeObserver(() => this.fitRows());
    this.resizer.observe(this.grid);
  }

  get items() {
    return this.props.value || [];
  }

  get canUpload() {
    return this.interactive && (this.props.sources || ["upload"]).includes("upload");
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "Gallery");
    const label = this.labelText("Gallery");
    this.grid.setAttribute("aria-label", `${label} thumbnails`);
    this.preview.setAttribute("aria-label", `${label} preview`);
    this.applyInfo(this.infoEl);
    this.input.hidden = this.input.disabled = !this.canUpload;
    this.input.accept = accepted(props).join(",");
    if (this.canUpload) this.labelEl.setAttribute("for", this.inputId);
    else this.labelEl.removeAttribute("for");

    const first = !this.shown;
    const count = this.items.length;
    if ("value" in changed) {
      this.renderGrid();
      if (first) this.selected = null;
      else if (this.selected !== null) this.selected = count ? Math.min(this.selected, count - 1)
        : null;
      if (this.selected === null) this.closePreview(false);
    }
    if ("selected_index" in changed) {
      const index = props.selected_index;
      if (index === null || index === undefined) {
        if (!first) this.deselect();
      } else if (index >= 0 && index < count) {
        this.selected = index;
        if (props.allow_preview !== false) this.openPreview(false);
      }
    }
    if (first && props.preview && props.allow_preview !== false && count) {
      if (this.selected === null) this.selected = 0;
      this.openPreview(false);
    }
    this.shown = true;
    this.layoutGrid();
    this.showSelection();
    this.updateToolbar();
  }

  // --- the grid ---------------------------------------------------------------------------
  itemName(item, index) {
    return item.caption || `${item.video ? "Video" : "Image"} ${index + 1}`;
  }

  renderGrid() {
    const items = this.items;
    this.thumbs = items.map((item, index) => {
      const url = this.blocks ? this.blocks.fileUrl(media(item)) : "";
      const picture = item.video
        ? el("video", { src: url, muted: true, preload: "metadata", "aria-hidden": "true" })
        : el("img", { src: url, alt: "", loading: "lazy" });
      const thumb = el("button", { type: "button", class: "gallery-thumb",
                                   "aria-label": this.itemName(item, index) }, picture);
      if (item.caption) thumb.append(el("span", { class: "gallery-thumb-caption",
                                                   "aria-hidden": "true", text: item.caption }));
      thumb.addEventListener("click", () => this.choose(index));
      const cell = el("li", { class: "gallery-item" }, thumb);
      if (this.interactive) {
        const remove = el("button", { type: "button", class: "gallery-delete", text: "\u00d7",
                                      "aria-label": `Delete ${this.itemName(item, index)}` });
        remove.addEventListener("click", () => this.remove(index));
        cell.append(remove);
      }
      return cell;
    });
    this.grid.replaceChildren(...this.thumbs);
    this.empty.hidden = items.length > 0;
    this.empty.textContent = this.canUpload ? "Drop images or videos here, or click to upload"
      : "No images";
    this.empty.classList.toggle("clickable", this.canUpload);
  }

  layoutGrid() {
    const props = this.props;
    const count = this.items.length || 1;
    let columns = props.columns || 2;
    if (props.fit_columns !== false) columns = Math.min(columns, count);
    this.grid.style.setProperty("--gallery-columns", String(columns));
    this.grid.style.setProperty("--gallery-fit", props.object_fit || "cover");
    this.previewMedia.style.setProperty("--gallery-fit", props.object_fit || "contain");
    this.body.style.height = props.height === "auto" ? "" : cssSize(props.height);
    this.body.classList.toggle("bounded", !!props.height && props.height !== "auto");
    this.fitRows();
  }

  // With `rows` and no height, the grid shows that many rows and scrolls.
  fitRows() {
    const rows = this.props.rows;
    const first = this.grid.firstElementChild;
    if (!rows || this.props.height || !first) {
      this.grid.style.maxHeight = "";
      return;
    }
    const gap = parseFloat(getComputedStyle(this.grid).rowGap) || 0;
    this.grid.style.maxHeight = `${rows * (first.offsetHeight + gap) - gap}px`;
  }

  showSelection() {
    (this.thumbs || []).forEach((cell, index) => {
      cell.firstElementChild.setAttribute("aria-pressed", String(index === this.selected));
    });
    if (this.previewing) this.renderPreview();
  }

  // --- selecting and previewing -------------------------------------------------------------
  choose(index) {
    this.selected = index;
    this.emitSelect();
    if (this.props.allow_preview !== false) this.openPreview(true);
    this.showSelection();
  }

  emitSelect() {
    const item = this.items[this.selected];
    if (item) this.emit("select", { index: this.selected, value: item, selected: true });
  }

  deselect() {
    this.selected = null;
    this.closePreview(false);
    this.showSelection();
  }

  openPreview(byUser) {
    if (this.selected === null || !this.items.length) return;
    const wasOpen = this.previewing;
    this.previewing = true;
    this.preview.hidden = false;
    this.grid.hidden = true;
    this.renderPreview();
    if (byUser) this.preview.focus();
    if (!wasOpen) this.emit("preview_open");
  }

  closePreview(byUser) {
    if (!this.previewing) return;
    this.previewing = false;
    this.preview.hidden = true;
    this.grid.hidden = false;
    this.previewMedia.replaceChildren();
    this.emit("preview_close");
    if (byUser) {
      const thumb = this.thumbs && this.thumbs[this.selected];
      if (thumb) thumb.firstElementChild.focus();
    }
  }

  renderPreview() {
    const item = this.items[this.selected];
    if (!item) return;
    const url = this.blocks ? this.blocks.fileUrl(media(item)) : "";
    const name = this.itemName(item, this.selected);
    const current = this.previewMedia.firstElementChild;
    if (!current || current.getAttribute("src") !== url) {
      this.previewMedia.replaceChildren(item.video
        ? el("video", { src: url, controls: true, "aria-label": name })
        : el("img", { src: url, alt: name }));
    }
    this.counter.textContent = `${this.selected + 1} / ${this.items.length}`;
    this.caption.textContent = item.caption || "";
    this.caption.hidden = !item.caption;
    const many = this.items.length > 1;
    this.prevButton.hidden = this.nextButton.hidden = !many;
    const downloadable = this.props.show_download_button !== false &&
      hasButton(this.props, "download");
    showDownload(this.download, downloadable ? url : null, fileName(media(item)));
  }

  step(delta) {
    const count = this.items.length;
    if (!count || this.selected === null) return;
    this.selected = (this.selected + delta + count) % count;
    this.emitSelect();
    this.showSelection();
  }

  previewKey(event) {
    if (event.key === "ArrowLeft") this.step(-1);
    else if (event.key === "ArrowRight") this.step(1);
    else if (event.key === "Escape") this.closePreview(true);
    else return;
    event.preventDefault();
  }

  previewClick(event) {
    const target = event.target;
    if (target.tagName !== "IMG" || this.items.length < 2) return;
    this.step(event.offsetX < target.offsetWidth / 2 ? -1 : 1);
  }

  // --- the user adds or removes items -----------------------------------------------------
  setItems(items, reason, data = null) {
    this.props.value = items;
    this.update({ value: items });
    if (reason === "upload") this.emit("upload", data);
    this.emit("change");
  }

  receive(found) {
    return uploading(this, async (blocks) => {
      const added = [];
      for (const file of found) {
        const data = await blocks.upload(file);
        added.push(file.type.startsWith("video/") ? { video: data, caption: null }
          : { image: data, caption: null });
      }
      this.setItems([...this.items, ...added], "upload", added);
    });
  }

  remove(index) {
    const item = this.items[index];
    if (!item) return;
    const items = this.items.filter((_, i) => i !== index);
    this.emit("delete", { file: media(item), index });
    if (this.selected !== null && this.selected >= index) {
      this.selected = this.selected === index ? null : this.selected - 1;
    }
    this.setItems(items, "delete");
    const cells = this.thumbs || [];
    const next = cells[Math.min(index, cells.length - 1)];
    (next ? next.firstElementChild : this.labelEl).focus?.();
  }

  async downloadEverything() {
    this.showError(null);
    try {
      const { zip } = await import("./zip.js");
      const entries = [];
      for (const item of this.items) {
        const response = await fetch(this.blocks.fileUrl(media(item)));
        if (!response.ok) throw new Error(`${fileName(media(item))}: ${response.status}`);
        entries.push({ name: fileName(media(item)),
                       bytes: new Uint8Array(await response.arrayBuffer()) });
      }
      const link = el("a", { href: URL.createObjectURL(zip(entries)),
                             download: `${this.labelText("gallery")}.zip` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      this.showError(`Cannot download the gallery: ${error.message || error}`);
    }
  }

  updateToolbar() {
    const props = this.props;
    const interactive = this.interactive;
    this.intake.show(props.sources || ["upload"], interactive);
    this.downloadAll.hidden = !this.items.length || !hasButton(props, "download_all");
    this.fullscreen.hidden = !this.items.length || !hasButton(props, "fullscreen");
    this.clearButton.hidden = !interactive || !this.items.length;
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  showError(message) {
    this.error.show(message);
  }

  get value() {
    return this.props.value;
  }

  disconnectedCallback() {
    this.intake.stopWebcam();
  }
});
