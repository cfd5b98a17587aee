import { BlocksElement, define, el, same, stylesheet } from "../base.js";

stylesheet(new URL("./radio.css", import.meta.url));

// One value picked from `choices` ([label, value] pairs) with round buttons,
// grouped in a fieldset whose legend is the label.

export default define("blocks-radio", class extends BlocksElement {
  build() {
    this.group = this.uid("radio");
    this.legend = el("legend", { class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${this.group}-info` });
    this.options = el("div", { class: "choices" });
    this.fieldset = el("fieldset", { "aria-describedby": `${this.group}-info` },
                       this.legend, this.infoEl, this.options);
    this.classList.add("block", "form-block", "radio");
    this.append(this.fieldset);
  }

  get choices() {
    return Array.isArray(this.props.choices) ? this.props.choices : [];
  }

  renderChoices() {
    this.inputs = this.choices.map(([label], index) => {
      const id = `${this.group}-${index}`;
      const input = el("input", { type: "radio", id, name: this.group, value: String(index) });
      input.addEventListener("change", () => {
        if (!input.checked) return;
        const value = this.choices[index][1];
        this.userChanged(value);
        this.emit("select", { index, value, selected: true });
      });
      return el("label", { for: id, class: "choice" }, input, el("span", { text: label }));
    });
    this.options.replaceChildren(...this.inputs);
    this.inputs = [...this.options.querySelectorAll("input")];
  }

  showValue() {
    const value = this.props.value;
    this.inputs.forEach((input, index) => {
      input.checked = same(this.choices[index][1], value);
    });
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.legend, "Radio");
    this.applyInfo(this.infoEl);
    if (!this.inputs || "choices" in changed) this.renderChoices();
    if (!this._shown || "choices" in changed || "value" in changed) {
      this._shown = true;
      this.showValue();
    }
    this.fieldset.disabled = !this.interactive;
  }
});
