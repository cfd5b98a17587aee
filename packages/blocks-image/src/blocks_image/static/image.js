// <blocks-image>: takes an image from the user (upload, drop, paste, webcam) or
// shows one a function returned. The value is a FileData dict (or null).
//
// Served at {root}/assets/blocks_image/image.js, next to the core's modules at
// {root}/assets/blocks/, hence the relative import of the base class. The webcam
// module is imported only when the user opens the webcam.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import {
  ImageSources, downloadLink, dropTarget, fileName, fullscreenButton, hasButton, showDownload,
  uploading,
} from "./media.js";

stylesheet(new URL("./image.css", import.meta.url));

function sources(props) {
  return props.sources || ["upload", "webcam", "clipboard"];
}

export default define("blocks-image", class extends BlocksElement {
  build() {
    const id = this.uid("image");
    this.classList.add("block", "media-block", "image-block");
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });

    this.img = el("img", { class: "image-preview", hidden: true });
    this.img.addEventListener("click", (event) => this.selectAt(event));
    this.empty = el("div", { class: "media-empty" });
    this.empty.addEventListener("click", () => {
      if (this.canUpload) this.input.click();
    });

    this.input = el("input", { id, type: "file", accept: "image/*", class: "sr-only" });
    this.input.addEventListener("change", () => {
      const file = this.input.files && this.input.files[0];
      this.input.value = "";
      if (file) this.receive(file);
    });
    this.inputId = id;

    this.intake = new ImageSources(this, { onFile: (file) => this.receive(file),
                                            onChange: () => this.update({}) });
    this.frame = el("div", { class: "media-frame image-frame media-drop" }, this.img,
                    this.empty, this.intake.video, this.input);
    dropTarget(this.frame, { enabled: () => this.canUpload, accept: () => ["image/*"],
                             onFiles: (found) => this.receive(found[0]) });
    this.clearButton = el("button", { type: "button", class: "media-button", text: "Clear" });
    this.clearButton.addEventListener("click", () => this.clear());
    this.download = downloadLink("media-button");
    this.fullscreen = fullscreenButton(this, "media-button");
    const { pasteButton, webcamButton, captureButton, error } = this.intake;
    // with `stream` listeners, the webcam streams frames to them (stream_webcam.js)
    this.streamButton = el("button", { type: "button", class: "media-button",
                                       text: "Start streaming", hidden: true });
    this.streamButton.addEventListener("click", () => this.toggleStream());
    this.frames = null;
    this.toolbar = el("div", { class: "media-toolbar" }, pasteButton, webcamButton,
                      captureButton, this.streamButton, this.download, this.fullscreen,
                      this.clearButton);
    this.error = error;

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
    this.intake.show(srcs, this.interactive);
    const webcamOn = this.intake.webcamOn;
    const streaming = !!(this.frames && this.frames.active);
    // a stream's own outputs (an Image that is its stream's output) replace the preview
    if (streaming && "value" in changed && changed.value) this.streamShown = true;
    const canStream = this.interactive && srcs.includes("webcam") && !!this.blocks &&
      this.blocks.streamEvery?.(this) != null;
    this.streamButton.hidden = !canStream;
    this.streamButton.textContent = streaming ? "Stop streaming" : "Start streaming";
    if (canStream) {
      this.intake.webcamButton.hidden = true;
      this.intake.captureButton.hidden = true;
    }
    if (streaming && this.streamShown) this.intake.video.hidden = true;
    else if (webcamOn) this.img.hidden = true;
    this.empty.hidden = !!url || webcamOn;
    if (streaming && this.streamShown && url) this.img.hidden = false;
    this.empty.textContent = props.placeholder || (this.canUpload
      ? "Drop an image here, or click to upload" : "No image");
    this.empty.classList.toggle("clickable", this.canUpload);

    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);

    this.clearButton.hidden = !this.interactive || !url || webcamOn;
    const downloadable = !!url && !webcamOn && props.show_download_button !== false &&
      hasButton(props, "download");
    showDownload(this.download, downloadable ? url : null, fileName(value));
    this.fullscreen.hidden = !url || webcamOn || !hasButton(props, "fullscreen");
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  // --- the user gives an image ----------------------------------------------------------
  receive(file) {
    return uploading(this, async (blocks) => {
      const fileData = await blocks.upload(file);
      this.userChanged(fileData);
      this.update({ value: fileData });
      this.emit("upload");
    });
  }

  // --- streaming the webcam to the `stream` listeners ------------------------------------
  async toggleStream() {
    if (this.frames && this.frames.active) {
      this.stopStream(true);
      return;
    }
    this.error.show(null);
    await this.intake.toggleWebcam();
    if (!this.intake.webcamOn) return;
    const { FrameStream } = await import("./stream_webcam.js");
    this.streamShown = false;
    this.frames = new FrameStream(this, this.intake.webcam, this.blocks.streamEvery(this) ?? 0.5);
    this.frames.start();
    this.update({});
    this.streamButton.focus();
  }

  // `tell`: the user stopped (the server is told); else the server ended the stream.
  stopStream(tell) {
    if (this.frames) this.frames.stop(tell);
    this.intake.stopWebcam();
    this.streamShown = false;
    this.update({});
  }

  // The server ended a stream of this webcam: its time limit, an error, a cancel.
  streamEnded(done) {
    this.stopStream(false);
    if (done && done.time_limit) {
      this.error.show(`The stream reached its time limit (${done.time_limit} s).`);
    }
  }

  clear() {
    if (this.frames) this.frames.stop(true);
    this.intake.stopWebcam();
    this.userChanged(null);
    this.update({ value: null });
    this.emit("clear");
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
    this.error.show(message);
  }

  disconnectedCallback() {
    if (this.frames) this.frames.stop(true);
    this.intake.stopWebcam();
  }
});
