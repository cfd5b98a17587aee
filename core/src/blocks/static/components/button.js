import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./button.css", import.meta.url));

export default define("blocks-button", class extends BlocksElement {
  build() {
    this.button = el("button", { type: "button", class: "btn" });
    this.button.addEventListener("click", () => this.emit("click"));
    this.append(this.button);
  }

  update(changed) {
    super.update(changed);
    if ("value" in changed) this.button.textContent = changed.value ?? "";
    this.button.className = `btn btn-${this.props.variant || "secondary"} btn-${this.props.size || "lg"}`;
    this.button.disabled = !this.interactive;
  }
});
