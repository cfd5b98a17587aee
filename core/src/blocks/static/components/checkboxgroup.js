import { BlocksElement, define, el, same, stylesheet } from "../base.js";

stylesheet(new URL("./radio.css", import.meta.url)); // the choices' look, as gr.Radio's
stylesheet(new URL("./checkboxgroup.css", import.meta.url));

// Any number of `choices` ([label, value] pairs) checked, as checkboxes grouped in a
// fieldset whose legend is the label. `show_select_all` adds a box that checks or
// clears them all (mixed while only some are checked).
export default define("blocks-checkboxgroup", class extends BlocksElement {
  build() {
    this.group = this.uid("checkboxgroup");
    this.legend = el("legend", { class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${this.group}-info` });
    this.allInput = el("input", { type: "checkbox", id: `${this.group}-all` });
    this.allInput.addEventListener("change", () => this.toggleAll(this.allInput.checked));
    this.allRow = el("label", { for: `${this.group}-all`, class: "choice select-all" },
                     this.allInput, el("span", { text: "Select all" }));
    this.options = el("div", { class: "choices" });
    this.fieldset = el("fieldset", { "aria-describedby": `${this.group}-info` },
                       this.legend, this.infoEl, this.allRow, this.options);
    this.classList.add("block", "form-block", "checkboxgroup");
    this.append(this.fieldset);
  }

  get choices() {
    return Array.isArray(this.props.choices) ? this.props.choices : [];
  }

  // The checked values, in the order of the choices.
  get value() {
    if (!this.inputs) return this.checkedList(this.props.value);
    return this.inputs.flatMap((input, index) => (input.checked ? [this.choices[index][1]] : []));
  }

  checkedList(value) {
    if (Array.isArray(value)) return value;
    return value === null || value === undefined ? [] : [value];
  }

  renderChoices() {
    this.inputs = this.choices.map(([label], index) => {
      const input = el("input", { type: "checkbox", id: `${this.group}-${index}`,
                                  value: String(index) });
      input.addEventListener("change", () => {
        const value = this.choices[index][1];
        this.userChanged(this.value);
        this.emit("select", { index, value, selected: input.checked });
        this.showAll();
      });
      return input;
    });
    this.options.replaceChildren(...this.inputs.map((input, index) =>
      el("label", { for: input.id, class: "choice" }, input,
         el("span", { text: this.choices[index][0] }))));
  }

  toggleAll(checked) {
    const changed = this.inputs.filter((input) => input.checked !== checked);
    if (!changed.length) return;
    for (const input of changed) input.checked = checked;
    this.userChanged(this.value);
    for (const input of changed) {
      const index = Number(input.value);
      this.emit("select", { index, value: this.choices[index][1], selected: checked });
    }
    this.showAll();
  }

  showValue() {
    const checked = this.checkedList(this.props.value);
    this.inputs.forEach((input, index) => {
      input.checked = checked.some((value) => same(value, this.choices[index][1]));
    });
    this.showAll();
  }

  showAll() {
    const count = this.inputs.filter((input) => input.checked).length;
    this.allInput.checked = count > 0 && count === this.inputs.length;
    this.allInput.indeterminate = count > 0 && count < this.inputs.length;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.legend, "Checkbox group");
    this.applyInfo(this.infoEl);
    if (!this.inputs || "choices" in changed) this.renderChoices();
    if (!this._shown || "choices" in changed || "value" in changed) {
      this._shown = true;
      this.showValue();
    }
    this.allRow.hidden = !this.props.show_select_all || !this.choices.length;
    this.fieldset.disabled = !this.interactive;
  }
});
