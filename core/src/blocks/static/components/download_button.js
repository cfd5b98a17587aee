// <blocks-downloadbutton>: a button that downloads its file (its value) and emits `click`.
import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./button.css", import.meta.url));

export default define("blocks-downloadbutton", class extends BlocksElement {
  build() {
    this.button = el("button", { type: "button" });
    this.button.addEventListener("click", () => {
      this.emit("click");
      const file = this.props.value;
      if (!file) return;
      const link = el("a", { href: this.blocks ? this.blocks.fileUrl(file) : file.url,
                             download: file.orig_name || "", hidden: true });
      this.append(link);
      link.click();
      link.remove();
    });
    this.append(this.button);
  }

  update(changed) {
    super.update(changed);
    const props = this.props;
    this.button.textContent = props.label ?? "Download";
    if (props.icon) this.button.prepend(el("img", { src: props.icon, alt: "", class: "btn-icon" }));
    this.button.className = `btn btn-${props.variant || "secondary"} btn-${props.size || "lg"}`;
    this.button.disabled = !this.interactive;
  }
});
