// <blocks-multimodal_textbox>: a message box for text and files. Files come from the
// attach button, drag and drop, or paste; pasting long text attaches it as a file.
// The value is {text, files: [FileData]}; Enter submits, Shift+Enter starts a line.
// With the "microphone" source, a Record button records a sound that becomes one of
// the files (mm_microphone.js, with blocks-media's recorder).
import { BlocksElement, define, el, stylesheet } from "../blocks/base.js";
import { icon } from "./icons.js";

stylesheet(new URL("./multimodal_textbox.css", import.meta.url));

const KINDS = { image: "image/*", audio: "audio/*", video: "video/*", text: "text/*" };

function accepts(file, types) {
  if (!types || !types.length) return true;
  const name = file.name.toLowerCase();
  const mime = file.type || "";
  return types.some((wanted) => {
    const type = String(wanted).toLowerCase();
    if (type === "file") return true;
    if (KINDS[type]) return mime.startsWith(type + "/");
    if (type.startsWith(".")) return name.endsWith(type);
    if (type.endsWith("/*")) return mime.startsWith(type.slice(0, -1));
    return mime === type;
  });
}

export default define("blocks-multimodal_textbox", class extends BlocksElement {
  build() {
    const id = this.uid("multimodal");
    this.classList.add("block", "form-block", "multimodal");
    this.labelEl = el("label", { class: "block-label", for: `${id}-text` });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.files = [];
    this.uploading = 0;
    this.fileList = el("ul", { class: "mm-files", "aria-label": "Attached files" });
    this.input = el("input", { type: "file", hidden: true, tabindex: "-1", "aria-hidden": "true" });
    this.attach = el("button", { type: "button", class: "mm-button mm-attach", "aria-label": "Attach files", title: "Attach files" }, icon("attach"));
    this.text = el("textarea", { id: `${id}-text`, rows: "1", "aria-describedby": `${id}-info` });
    this.submitButton = el("button", { type: "button", class: "mm-button mm-submit" });
    this.stopButton = el("button", { type: "button", class: "mm-button mm-stop" });
    this.status = el("div", { class: "mm-status", role: "status" });
    this.alert = el("div", { class: "mm-alert", role: "alert" });
    this.mic = el("button", { type: "button", class: "mm-button mm-mic", "aria-label": "Record audio", title: "Record audio", "aria-pressed": "false", hidden: true }, icon("mic"));
    this.mic.addEventListener("click", () => this.toggleMicrophone());
    const row = el("div", { class: "mm-row" }, this.attach, this.mic, this.text, this.submitButton, this.stopButton);
    this.append(this.labelEl, this.infoEl, this.fileList, row, this.status, this.alert, this.input);

    this.attach.addEventListener("click", () => this.input.click());
    this.input.addEventListener("change", () => {
      this.addFiles([...this.input.files]);
      this.input.value = "";
    });
    this.text.addEventListener("input", () => {
      this.resize();
      this.changed();
    });
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submit();
      }
    });
    this.text.addEventListener("focus", () => this.emit("focus"));
    this.text.addEventListener("blur", () => this.emit("blur"));
    this.text.addEventListener("select", () => {
      const { selectionStart: start, selectionEnd: end } = this.text;
      this.emit("select", { index: [start, end], value: this.text.value.slice(start, end), selected: true });
    });
    this.text.addEventListener("paste", (event) => this.paste(event));
    this.submitButton.addEventListener("click", () => this.submit());
    this.stopButton.addEventListener("click", () => this.emit("stop"));
    this.addEventListener("dragover", (event) => {
      if (!this.canUpload) return;
      event.preventDefault();
      this.classList.add("dragging");
    });
    this.addEventListener("dragleave", () => this.classList.remove("dragging"));
    this.addEventListener("drop", (event) => {
      this.classList.remove("dragging");
      if (!this.canUpload) return;
      event.preventDefault();
      this.addFiles([...(event.dataTransfer?.files || [])]);
    });
  }

  get canUpload() {
    return this.interactive && (this.props.sources || ["upload"]).includes("upload");
  }

  get value() {
    return { text: this.text ? this.text.value : this.props.value?.text ?? "", files: this.files.slice() };
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "Message");
    this.applyInfo(this.infoEl);
    if ("value" in changed) {
      const value = changed.value;
      const given = value && typeof value === "object" ? value : { text: value ?? "", files: [] };
      this.text.value = given.text ?? "";
      this.files = Array.isArray(given.files) ? given.files.slice() : [];
      this.drawFiles();
      this.resize();
      if (props.autoscroll !== false) this.text.scrollTop = this.text.scrollHeight;
    }
    this.text.placeholder = props.placeholder ?? "";
    this.text.readOnly = !this.interactive;
    this.text.dir = props.rtl ? "rtl" : "auto";
    this.text.style.textAlign = props.text_align || "";
    const types = props.file_types || [];
    const accept = types.map((t) => KINDS[String(t).toLowerCase()] ?? (String(t).toLowerCase() === "file" ? "" : t)).filter(Boolean);
    if (accept.length && !types.includes("file")) this.input.setAttribute("accept", accept.join(","));
    else this.input.removeAttribute("accept");
    this.input.multiple = props.file_count !== "single";
    this.input.toggleAttribute("webkitdirectory", props.file_count === "directory");
    this.attach.hidden = !this.canUpload;
    this.attach.disabled = !this.interactive;
    this.mic.hidden = !this.interactive || !(props.sources || []).includes("microphone");
    const submit = props.submit_btn;
    this.submitButton.hidden = submit === false || submit === null;
    this.submitButton.replaceChildren(typeof submit === "string" ? submit : icon("send"));
    this.submitButton.setAttribute("aria-label", typeof submit === "string" ? submit : "Submit");
    this.submitButton.disabled = !this.interactive || this.uploading > 0;
    const stop = props.stop_btn;
    this.stopButton.hidden = stop === false || stop === null || stop === undefined;
    this.stopButton.replaceChildren(typeof stop === "string" ? stop : icon("stop"));
    this.stopButton.setAttribute("aria-label", typeof stop === "string" ? stop : "Stop");
    this.resize();
    if ("autofocus" in changed && props.autofocus) queueMicrotask(() => this.text.focus());
  }

  resize() {
    const lines = Math.max(1, this.props.lines || 1);
    const max = Math.max(lines, this.props.max_lines || 20);
    const count = Math.min(max, Math.max(lines, this.text.value.split("\n").length));
    this.text.rows = count;
  }

  changed() {
    this.props.value = this.value;
    this.emit("input");
    this.emit("change");
  }

  submit() {
    if (!this.interactive) return;
    if (this.uploading > 0) {
      this.status.textContent = "Wait for the files to finish uploading.";
      return;
    }
    this.emit("submit");
  }

  paste(event) {
    const data = event.clipboardData;
    if (!data) return;
    const pasted = [...data.files];
    if (pasted.length && this.canUpload) {
      event.preventDefault();
      this.addFiles(pasted);
      return;
    }
    const text = data.getData("text/plain");
    const limit = this.props.max_plain_text_length ?? 1000;
    if (text && text.length > limit && this.canUpload) {
      event.preventDefault();
      this.addFiles([new File([text], "pasted_text.txt", { type: "text/plain" })]);
    }
  }

  // --- the microphone: a recording becomes one of the files --------------------------------
  async toggleMicrophone() {
    this.microphone ??= await import("./mm_microphone.js").then(({ Microphone }) => new Microphone(this));
    await this.microphone.toggle();
  }

  // `recorded`: a sound from the microphone, attached even when "upload" is not a source.
  async addFiles(list, recorded = false) {
    this.alert.textContent = "";
    if (!list.length || !(recorded ? this.interactive : this.canUpload)) return;
    const types = this.props.file_types;
    const refused = list.filter((file) => !accepts(file, types));
    if (refused.length) {
      this.alert.textContent = `Not an accepted file type (${types.join(", ")}): ${refused.map((f) => f.name).join(", ")}`;
      list = list.filter((file) => accepts(file, types));
    }
    if (this.props.file_count === "single") list = list.slice(0, 1);
    if (!list.length) return;
    this.uploading += list.length;
    this.status.textContent = `Uploading ${list.length} file${list.length > 1 ? "s" : ""}\u2026`;
    this.submitButton.disabled = true;
    const uploaded = await Promise.all(list.map(async (file) => {
      try {
        return await this.blocks.upload(file);
      } catch (error) {
        this.alert.textContent = `${file.name}: ${error.message}`;
        return null;
      } finally {
        this.uploading -= 1;
      }
    }));
    const good = uploaded.filter(Boolean);
    this.files = this.props.file_count === "single" ? good.slice(0, 1) : this.files.concat(good);
    this.status.textContent = good.length ? `${good.length} file${good.length > 1 ? "s" : ""} attached.` : "";
    this.submitButton.disabled = !this.interactive || this.uploading > 0;
    this.drawFiles();
    this.changed();
  }

  drawFiles() {
    this.fileList.replaceChildren(...this.files.map((file, index) => {
      const name = file.orig_name || String(file.path).split("/").pop();
      const item = el("li", { class: "mm-file" });
      if ((file.mime_type || "").startsWith("image/") && this.blocks) {
        item.append(el("img", { src: this.blocks.fileUrl(file), alt: "" }));
      }
      item.append(el("span", { text: name }));
      const remove = el("button", { type: "button", class: "mm-button", "aria-label": `Remove ${name}`, title: `Remove ${name}` }, icon("close"));
      remove.disabled = !this.interactive;
      remove.addEventListener("click", () => {
        this.files.splice(index, 1);
        this.drawFiles();
        this.changed();
      });
      item.append(remove);
      return item;
    }));
    this.fileList.hidden = this.files.length === 0;
  }
});
