import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./checkbox.css", import.meta.url));

// A yes/no box; the label text sits beside it and names it.
export default define("blocks-checkbox", class extends BlocksElement {
  build() {
    const id = this.uid("checkbox");
    this.input = el("input", { id, type: "checkbox", "aria-describedby": `${id}-info` });
    this.text = el("span", { class: "checkbox-text" });
    this.labelEl = el("label", { for: id, class: "checkbox-label" }, this.input, this.text);
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.input.addEventListener("change", () => {
      const checked = this.input.checked;
      this.userChanged(checked);
      this.emit("select", { value: checked, selected: checked });
    });
    this.classList.add("block", "form-block", "checkbox");
    this.append(this.labelEl, this.infoEl);
  }

  get value() {
    return this.input ? this.input.checked : !!this.props.value;
  }

  update(changed) {
    super.update(changed);
    this.text.textContent = this.labelText("Checkbox");
    this.applyInfo(this.infoEl);
    if ("value" in changed) this.input.checked = !!changed.value;
    this.input.disabled = !this.interactive;
  }
});
