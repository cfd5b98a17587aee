// <blocks-image>: takes an image from the user (upload, drop, paste, webcam) or
// shows one a function returned. The value is a FileData dict (or null).
//
// Served at {root}/assets/blocks_image/image.js, next to the core's modules at
// {root}/assets/blocks/, hence the relative import of the base class.

import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("./image.css", import.meta.url));

function sources(props) {
  return props.sources && props.sources.length ? props.sources : ["upload"];
}

export default define("blocks-image", class extends BlocksElement {
  build() {
    const id = this.uid("image");
    this.classList.add("block", "image-block");
    this.labelEl = el("label", { class: "block-label", id: `${id}-label` });
    this.infoEl = el("div", { class: "block-info" });

    this.img = el("img", { class: "image-preview", hidden: true });
    this.img.addEventListener("click", (event) => this.selectAt(event));
    this.empty = el("div", { class: "image-empty" });
    this.empty.addEventListener("click", () => {
      if (this.canUpload) this.input.click();
    });

    this.input = el("input", { id, type: "file", accept: "image/*",
                               class: "image-file-input" });
    this.input.addEventListener("change", () => {
      const file = this.input.files && this.input.files[0];
      this.input.value = "";
      if (file) this.receive(file);
    });
    this.inputId = id;

    this.video = el("video", { class: "image-webcam", hidden: true, playsinline: true,
                               "aria-label": "Webcam preview" });
    this.video.muted = true;

    this.frame = el("div", { class: "image-frame" }, this.img, this.empty, this.video,
                    this.input);
    this.frame.addEventListener("dragover", (event) => {
      if (!this.canUpload) return;
      event.preventDefault();
      this.frame.classList.add("dragging");
    });
    this.frame.addEventListener("dragleave", () => this.frame.classList.remove("dragging"));
    this.frame.addEventListener("drop", (event) => {
      this.frame.classList.remove("dragging");
      if (!this.canUpload) return;
      event.preventDefault();
      const file = [...(event.dataTransfer?.files || [])].find((f) => f.type.startsWith("image/"));
      if (file) this.receive(file);
    });
    this.addEventListener("paste", (event) => {
      if (!this.interactive || !sources(this.props).includes("clipboard")) return;
      const item = [...(event.clipboardData?.items || [])].find((i) => i.type.startsWith("image/"));
      const file = item && item.getAsFile();
      if (file) {
        event.preventDefault();
        this.receive(file);
      }
    });

    this.clearButton = el("button", { type: "button", class: "image-button", text: "Clear" });
    this.clearButton.addEventListener("click", () => this.clear());
    this.pasteButton = el("button", { type: "button", class: "image-button", text: "Paste" });
    this.pasteButton.addEventListener("click", () => this.pasteFromClipboard());
    this.webcamButton = el("button", { type: "button", class: "image-button", text: "Webcam" });
    this.webcamButton.addEventListener("click", () => this.toggleWebcam());
    this.captureButton = el("button", { type: "button", class: "image-button", text: "Capture",
                                        hidden: true });
    this.captureButton.addEventListener("click", () => this.capture());
    this.download = el("a", { class: "image-button image-download", text: "Download" });
    this.toolbar = el("div", { class: "image-toolbar" }, this.pasteButton, this.webcamButton,
                      this.captureButton, this.download, this.clearButton);
    this.error = el("p", { class: "image-error", role: "alert", hidden: true });

    this.append(this.labelEl, this.infoEl, this.frame, this.toolbar, this.error);
  }

  get canUpload() {
    return this.interactive && sources(this.props).includes("upload");
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    const label = this.labelText("Image");
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
    this.img.alt = label;
    if (url) {
      if (this.img.getAttribute("src") !== url) this.img.src = url;
      this.img.hidden = false;
    } else {
      this.img.removeAttribute("src");
      this.img.hidden = true;
    }
    this.empty.hidden = !!url || !this.video.hidden;
    this.empty.textContent = props.placeholder || (this.canUpload
      ? "Drop an image here, or click to upload" : "No image");
    this.empty.classList.toggle("clickable", this.canUpload);

    this.frame.style.height = cssSize(props.height);
    this.frame.style.width = cssSize(props.width);

    this.clearButton.hidden = !this.interactive || !url;
    this.pasteButton.hidden = !this.interactive || !srcs.includes("clipboard") ||
      !navigator.clipboard || !navigator.clipboard.read;
    this.webcamButton.hidden = !this.interactive || !srcs.includes("webcam") ||
      !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia;
    if (!this.interactive) this.stopWebcam();
    const downloadable = !!url && props.show_download_button !== false;
    this.download.hidden = !downloadable;
    if (downloadable) {
      this.download.href = url;
      this.download.setAttribute("download", value.orig_name || "image");
    } else {
      this.download.removeAttribute("href");
    }
    this.toolbar.hidden = [...this.toolbar.children].every((child) => child.hidden);
  }

  // --- the user gives an image ----------------------------------------------------------
  async receive(file) {
    if (!this.blocks) return;
    this.showError(null);
    this.setAttribute("aria-busy", "true");
    try {
      const fileData = await this.blocks.upload(file);
      this.userChanged(fileData, { input: false });
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
    this.userChanged(null, { input: false });
    this.update({ value: null });
    this.emit("clear");
  }

  async pasteFromClipboard() {
    try {
      for (const item of await navigator.clipboard.read()) {
        const type = item.types.find((t) => t.startsWith("image/"));
        if (type) {
          const blob = await item.getType(type);
          const ext = type.split("/")[1] || "png";
          await this.receive(new File([blob], `pasted.${ext}`, { type }));
          return;
        }
      }
      this.showError("The clipboard holds no image.");
    } catch (error) {
      this.showError(`Cannot read the clipboard: ${error.message || error}`);
    }
  }

  async toggleWebcam() {
    if (this.stream) {
      this.stopWebcam();
      return;
    }
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video: true });
    } catch (error) {
      this.showError(`Cannot open the webcam: ${error.message || error}`);
      return;
    }
    this.video.srcObject = this.stream;
    this.video.hidden = false;
    this.img.hidden = true;
    this.empty.hidden = true;
    this.captureButton.hidden = false;
    this.webcamButton.textContent = "Close webcam";
    await this.video.play().catch(() => {});
  }

  stopWebcam() {
    if (!this.stream) return;
    for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
    this.video.hidden = true;
    this.captureButton.hidden = true;
    this.webcamButton.textContent = "Webcam";
    this.update({});
  }

  async capture() {
    const { videoWidth: w, videoHeight: h } = this.video;
    if (!w || !h) return;
    const canvas = el("canvas", { width: w, height: h });
    canvas.getContext("2d").drawImage(this.video, 0, 0, w, h);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    this.stopWebcam();
    if (blob) await this.receive(new File([blob], "webcam.png", { type: "image/png" }));
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
