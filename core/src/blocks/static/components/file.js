// <blocks-file> and <blocks-files>: a list of files to download, and (when interactive) a
// drop zone and a file input to upload more, with a progress bar while they are sent.
import { BlocksElement, applyHeights, define, el, stylesheet } from "../base.js";
import { acceptOf, humanSize, many, takeFiles } from "./file_upload.js";

stylesheet(new URL("./file.css", import.meta.url));

export class FileElement extends BlocksElement {
  build() {
    const id = this.uid("file");
    this.labelEl = el("label", { class: "block-label", id: `${id}-label`, for: `${id}-input` });
    this.infoEl = el("div", { class: "block-info" });
    this.input = el("input", { id: `${id}-input`, type: "file", class: "sr-only" });
    this.input.addEventListener("change", () => {
      const picked = [...(this.input.files || [])];
      this.input.value = "";
      if (picked.length) this.take(picked);
    });
    this.pick = el("button", { type: "button", class: "file-pick" });
    this.pick.addEventListener("click", () => this.input.click());
    this.drop = el("div", { class: "file-drop" }, this.pick);
    this.drop.addEventListener("dragover", (event) => {
      if (!this.interactive) return;
      event.preventDefault();
      this.drop.classList.add("dragging");
    });
    this.drop.addEventListener("dragleave", () => this.drop.classList.remove("dragging"));
    this.drop.addEventListener("drop", (event) => {
      this.drop.classList.remove("dragging");
      if (!this.interactive) return;
      event.preventDefault();
      const dropped = [...(event.dataTransfer?.files || [])];
      if (dropped.length) this.take(dropped);
    });
    this.progress = el("progress", { max: "1", "aria-label": "Upload progress", hidden: true });
    this.error = el("p", { class: "file-error", role: "alert", hidden: true });
    this.list = el("ul", { class: "file-list" });
    this.clearButton = el("button", { type: "button", class: "file-clear", text: "Clear" });
    this.clearButton.addEventListener("click", () => {
      this.userChanged(null, { input: false });
      this.setProps({ value: null });
      this.emit("clear");
    });
    this.classList.add("block");
    this.append(this.labelEl, this.infoEl, this.input, this.drop, this.progress, this.error,
                this.list, this.clearButton);
  }

  get files() {
    const value = this.props.value;
    if (!value) return [];
    return Array.isArray(value) ? value : [value];
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.applyLabel(this.labelEl, "File");
    this.applyInfo(this.infoEl);
    this.list.setAttribute("aria-label", `${this.labelText("File")}: files`);
    const accept = acceptOf(props.file_types);
    if (accept) this.input.setAttribute("accept", accept); else this.input.removeAttribute("accept");
    this.input.multiple = many(props);
    this.input.toggleAttribute("webkitdirectory", props.file_count === "directory");
    this.input.disabled = !this.interactive;
    this.drop.hidden = !this.interactive;
    this.pick.textContent = props.file_count === "directory"
      ? "Drop a folder here, or click to choose one"
      : `Drop ${many(props) ? "files" : "a file"} here, or click to upload`;
    applyHeights(this.list, props);
    this.showFiles();
  }

  showFiles() {
    const files = this.files;
    this.clearButton.hidden = !this.interactive || !files.length;
    this.list.replaceChildren(...files.map((file, index) => {
      const name = file.orig_name || (file.path || file.url || "").split("/").pop();
      const link = el("a", { href: this.blocks ? this.blocks.fileUrl(file) : file.url || "#",
                             download: name, text: name, class: "file-name" });
      link.addEventListener("click", () => {
        this.emit("select", { index, value: name, selected: true });
        this.emit("download", { file });
      });
      const row = el("li", { class: "file-row" }, link,
                     el("span", { class: "file-size", text: humanSize(file.size) }));
      if (this.interactive) {
        const remove = el("button", { type: "button", class: "file-remove", text: "\u00d7",
                                      "aria-label": `Remove ${name}` });
        remove.addEventListener("click", () => this.remove(index));
        row.append(remove);
      }
      return row;
    }));
    if (!files.length && !this.interactive) {
      this.list.append(el("li", { class: "file-empty", text: "No file" }));
    }
  }

  remove(index) {
    const files = this.files;
    const [file] = files.splice(index, 1);
    const value = many(this.props) ? (files.length ? files : null) : null;
    this.setProps({ value });
    this.userChanged(value, { input: false });
    this.emit("delete", { file });
  }

  take(picked) {
    if (!this.interactive) return undefined;
    return takeFiles(this, picked, {
      progress: this.progress, error: this.error, busy: this,
      value: (uploaded, several) => (several ? [...this.files, ...uploaded] : uploaded[0]),
    });
  }
}

define("blocks-files", class extends FileElement {});
export default define("blocks-file", FileElement);
