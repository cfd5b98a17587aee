// <blocks-uploadbutton>: a button that opens the file picker; the picked files are uploaded
// (a progress bar meanwhile), become its value, and `upload` is emitted.
import { BlocksElement, define, el, stylesheet } from "../base.js";
import { acceptOf, uploadFiles } from "./file_upload.js";

stylesheet(new URL("./button.css", import.meta.url));
stylesheet(new URL("./file.css", import.meta.url));

const many = (props) => props.file_count && props.file_count !== "single";

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

  async take(picked) {
    if (!this.blocks) return;
    const chosen = many(this.props) ? picked : picked.slice(0, 1);
    this.error.hidden = true;
    this.progress.hidden = false;
    this.progress.value = 0;
    this.button.setAttribute("aria-busy", "true");
    try {
      const uploaded = await uploadFiles(this.blocks, chosen, (done) => { this.progress.value = done; });
      const value = many(this.props) ? uploaded : uploaded[0];
      this.setProps({ value });
      this.userChanged(value, { input: false });
      this.emit("upload");
    } catch (error) {
      this.error.textContent = error.message || String(error);
      this.error.hidden = false;
    } finally {
      this.progress.hidden = true;
      this.button.removeAttribute("aria-busy");
    }
  }
});
