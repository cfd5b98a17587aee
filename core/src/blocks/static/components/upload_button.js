// <blocks-uploadbutton>: a button that opens the file picker; the picked files are uploaded
// (a progress bar meanwhile), become its value, and `upload` is emitted.
import { BlocksElement, define, el, stylesheet } from "../base.js";
import { acceptOf, many, takeFiles } from "./file_upload.js";

stylesheet(new URL("./button.css", import.meta.url));
stylesheet(new URL("./file.css", import.meta.url));

export default define("blocks-uploadbutton", class extends BlocksElement {
  build() {
    this.input = el("input", { type: "file", class: "sr-only", tabindex: "-1",
                               "aria-hidden": "true" });
    this.input.addEventListener("change", () => {
      const picked = [...(this.input.files || [])];
      this.input.value = "";
      if (picked.length) this.take(picked);
    });
    this.button = el("button", { type: "button" });
    this.button.addEventListener("click", () => {
      this.emit("click");
      this.input.click();
    });
    this.progress = el("progress", { max: "1", "aria-label": "Upload progress", hidden: true });
    this.error = el("p", { class: "file-error", role: "alert", hidden: true });
    this.append(this.input, this.button, this.progress, this.error);
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.button.textContent = props.label ?? "Upload a File";
    if (props.icon) this.button.prepend(el("img", { src: props.icon, alt: "", class: "btn-icon" }));
    this.button.className = `btn btn-${props.variant || "secondary"} btn-${props.size || "lg"}`;
    this.button.disabled = !this.interactive;
    const accept = acceptOf(props.file_types);
    if (accept) this.input.setAttribute("accept", accept); else this.input.removeAttribute("accept");
    this.input.multiple = many(props);
    this.input.toggleAttribute("webkitdirectory", props.file_count === "directory");
  }

  take(picked) {
    return takeFiles(this, picked, {
      progress: this.progress, error: this.error, busy: this.button,
      value: (uploaded, several) => (several ? uploaded : uploaded[0]),
    });
  }
});
