// <blocks-image>: takes an image from the user (upload, drop, paste, webcam) or
// shows one a function returned. The value is a FileData dict (or null).
//
// Served at {root}/assets/blocks_image/image.js, next to the core's modules at
// {root}/assets/blocks/, hence the relative import of the base class. The webcam
// module is imported only when the user opens the webcam.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import {
  clipboardImage, clipboardReadable, downloadLink, dropTarget, fileName, fullscreenButton,
  hasButton, pastedImage, showDownload,
} from "./media.js";

stylesheet(new URL("./image.css", import.meta.url));

function sources(props) {
  return props.sources || ["upload", "webcam", "clipboard"];
}

export default define("blocks-image", class extends BlocksElement {
  build() {
    const id = this.uid("image");
    this.classList.add("block", "image-block");
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });

    this.img = el("img", { class: "image-preview", hidden: true });
    this.img.addEventListener("click", (event) => this.selectAt(event));
    this.empty = el("div", { class: "media-empty" });
    this.empty.addEventListener("click", () => {
      if (this.canUpload) this.input.click();
    });

    this.input = el("input", { id, type: "file", accept: "image/*",
                               class: "media-hidden-input" });
    this.input.addEventListener("change", () => {
      const file = this.input.files && this.input.files[0];
      this.input.value = "";
      if (file) this.receive(file);
    });
    this.inputId = id;

    this.video = el("video", { class: "media-webcam", hidden: true, playsinline: true,
                               "aria-label": "Webcam preview" });
    this.video.muted = true;

    this.frame = el("div", { class: "image-frame media-drop" }, this.img, this.empty, this.video,
                    this.input);
    dropTarget(this.frame, { enabled: () => this.canUpload, accept: () => ["image/*"],
                             onFiles: (found) => this.receive(found[0]) });
    this.addEventListener("paste", (event) => {
      if (!this.interactive || !sources(this.props).includes("clipboard")) return;
      const file = pastedImage(event);
      if (file) {
        event.preventDefault();
        this.receive(file);
      }
    });

    const button = (text) => el("button", { type: "button", class: "media-button", text });
    this.clearButton = button("Clear");
    this.clearButton.addEventListener("click", () => this.clear());
    this.pasteButton = button("Paste");
    this.pasteButton.addEventListener("click", () => this.pasteFromClipboard());
    this.webcamButton = button("Webcam");
    this.webcamButton.addEventListener("click", () => this.toggleWebcam());
    this.captureButton = button("Capture");
    this.captureButton.hidden = true;
    this.captureButton.addEventListener("click", () => this.capture());
    this.download = downloadLink("media-button");
    this.fullscreen = fullscreenButton(this, "media-button");
    this.toolbar = el("div", { class: "media-toolbar" }, this.pasteButton, this.webcamButton,
                      this.captureButton, this.download, this.fullscreen, this.clearButton);
    this.error = el("p", { class: "media-error", role: "alert", hidden: true });

    this.append(this.labelEl, this.infoEl, this.frame, this.toolbar, this.error);
  }

  get canUpload() {
    return this.interactive && sources(this.props).includes("upload");
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    const srcs = sources(props);
    this.applyLabel(this.labelEl, "Image");
    this.applyInfo(this.infoEl);

    // A <label> tied to the file input when the user can upload; a plain
    // caption (naming the image) when the component only shows images.
    this.input.hidden = !this.canUpload;
    this.input.disabled = !this.canUpload;
    if (this.canUpload) this.labelEl.setAttribute("for", this.inputId);
    else this.labelEl.removeAttribute("for");

    const value = props.value;
    const url = value && this.blocks ? this.blocks.fileUrl(value) : null;
    this.img.alt = props.alt_text || this.labelText("Image");
    if (url) {
      if (this.img.getAttribute("src") !== url) this.img.src = url;
      this.img.hidden = false;
    } else {
      this.img.removeAttribute("src");
      this.img.hidden = true;
    }
    const webcamOn = !!(this.webcam && this.webcam.active);
    if (webcamOn) this.img.hidden = true;
    this.empty.hidden = !!url || webcamOn;
    this.empty.textContent = props.placeholder || (this.canUpload
      ? "Drop an image here, or click to upload" : "No image");
    this.empty.classList.toggle("clickable", this.canUpload);

    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);

    this.clearButton.hidden = !this.interactive || !url || webcamOn;
    this.pasteButton.hidden = !this.interactive || !srcs.includes("clipboard") ||
      !clipboardReadable() || webcamOn;
    this.webcamButton.hidden = !this.interactive || !srcs.includes("webcam") ||
      !(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
    if (!this.interactive) this.stopWebcam();
    const downloadable = !!url && !webcamOn && props.show_download_button !== false &&
      hasButton(props, "download");
    showDownload(this.download, downloadable ? url : null, fileName(value));
    this.fullscreen.hidden = !url || webcamOn || !hasButton(props, "fullscreen");
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  // --- the user gives an image ----------------------------------------------------------
  async receive(file) {
    if (!this.blocks) return;
    this.showError(null);
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
    this.stopWebcam();
    this.userChanged(null);
    this.update({ value: null });
    this.emit("clear");
  }

  async pasteFromClipboard() {
    try {
      const file = await clipboardImage();
      if (file) await this.receive(file);
      else this.showError("The clipboard holds no image.");
    } catch (error) {
      this.showError(`Cannot read the clipboard: ${error.message || error}`);
    }
  }

  async toggleWebcam() {
    if (this.webcam && this.webcam.active) {
      this.stopWebcam();
      return;
    }
    this.showError(null);
    const { Webcam } = await import("./webcam.js");
    const options = this.props.webcam_options || {};
    this.webcam = new Webcam(this.video, options);
    try {
      await this.webcam.start();
    } catch (error) {
      this.showError(`Cannot open the webcam: ${error.message || error}`);
      return;
    }
    this.video.hidden = false;
    this.captureButton.hidden = false;
    this.webcamButton.textContent = "Close webcam";
    this.update({});
    this.captureButton.focus();
  }

  stopWebcam() {
    if (!this.webcam || !this.webcam.active) return;
    this.webcam.stop();
    this.video.hidden = true;
    this.captureButton.hidden = true;
    this.webcamButton.textContent = "Webcam";
    this.update({});
  }

  async capture() {
    const file = this.webcam && await this.webcam.capture("image/png");
    this.stopWebcam();
    if (file) await this.receive(file);
  }

  // --- select: the pixel the user clicked (x, y in the image's own pixels) ---------------
  selectAt(event) {
    const { naturalWidth: nw, naturalHeight: nh, clientWidth: cw, clientHeight: ch } = this.img;
    if (!nw || !nh || !cw || !ch) return;
    const scale = Math.min(cw / nw, ch / nh); // object-fit: contain
    const left = (cw - nw * scale) / 2;
    const top = (ch - nh * scale) / 2;
    const x = Math.floor((event.offsetX - left) / scale);
    const y = Math.floor((event.offsetY - top) / scale);
    if (x < 0 || y < 0 || x >= nw || y >= nh) return;
    this.emit("select", { index: [x, y], value: null, selected: true });
  }

  showError(message) {
    this.error.textContent = message || "";
    this.error.hidden = !message;
  }

  disconnectedCallback() {
    this.stopWebcam();
  }
});
