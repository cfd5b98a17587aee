import { BlocksElement, define, el } from "../base.js";

function cssSize(value) {
  if (value === null || value === undefined || value === "") return "";
  return typeof value === "number" ? `${value}px` : String(value);
}

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
    this.body.style.height = cssSize(this.props.height);
    this.body.style.minHeight = cssSize(this.props.min_height);
    this.body.style.maxHeight = cssSize(this.props.max_height);
    this.body.style.overflowY = this.props.height || this.props.max_height ? "auto" : "";
  }
});
