import { BlocksElement, define, el } from "../base.js";

export default define("blocks-textbox", class extends BlocksElement {
  build() {
    const id = this.uid("textbox");
    this.labelEl = el("label", { for: id, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.multiline = (this.props.lines || 1) > 1 || (this.props.max_lines || 1) > 1;
    this.input = this.multiline ? el("textarea", { id, rows: this.props.lines || 1 })
      : el("input", { id, type: this.props.type || "text" });
    this.input.setAttribute("aria-describedby", `${id}-info`);
    this.input.addEventListener("input", () => this.userChanged(this.input.value));
    this.input.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing &&
          (!this.multiline || (this.props.lines || 1) === 1)) {
        event.preventDefault();
        this.emit("submit");
      }
    });
    this.input.addEventListener("focus", () => this.emit("focus"));
    this.input.addEventListener("blur", () => this.emit("blur"));
    this.input.addEventListener("select", () => {
      const { selectionStart: start, selectionEnd: end, value } = this.input;
      this.emit("select", { index: [start, end], value: value.slice(start, end), selected: true });
    });
    this.classList.add("block", "form-block");
    this.append(this.labelEl, this.infoEl, this.input);
  }

  get value() {
    return this.input ? this.input.value : this.props.value ?? "";
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Textbox");
    this.applyInfo(this.infoEl);
    if ("value" in changed) this.input.value = changed.value ?? "";
    if ("placeholder" in changed) this.input.placeholder = changed.placeholder || "";
    if ("max_length" in changed && changed.max_length) this.input.maxLength = changed.max_length;
    if ("autofocus" in changed && changed.autofocus) this.input.autofocus = true;
    if ("text_align" in changed) this.input.style.textAlign = changed.text_align || "";
    if ("rtl" in changed) this.input.dir = changed.rtl ? "rtl" : "auto";
    this.input.readOnly = !this.interactive;
  }
});
