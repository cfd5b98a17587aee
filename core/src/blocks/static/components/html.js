import { applyHeights, BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./html.css", import.meta.url));

// HTML written by the app's author, shown as it is given.
export default define("blocks-html", class extends BlocksElement {
  build() {
    this.labelEl = el("div", { class: "block-label" });
    this.body = el("div", { class: "html-content" });
    this.body.addEventListener("click", () => this.emit("click"));
    this.append(this.labelEl, this.body);
  }

  update(changed) {
    super.update(changed);
    const label = this.props.label;
    this.labelEl.textContent = label || "";
    this.labelEl.hidden = !(label && this.props.show_label === true);
    if ("value" in changed) this.body.innerHTML = changed.value ?? "";
    this.classList.toggle("block", !!this.props.container);
    this.classList.toggle("padded", !!this.props.padding);
    applyHeights(this.body, this.props);
  }
});
