import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./dialogue.css", import.meta.url));

// <blocks-dialogue>: a conversation between speakers. Editable, one row per line (a
// speaker <select>, a text field, "Remove line N") and "Add a line"; with ui_mode "both"
// a switch edits the whole dialogue as one text ("[speaker] text" lines joined by the
// separator; the server turns it back into lines when the function wants a list).
// Typing ":" in a line or in the text offers the tags (a listbox: arrows, Enter, Escape).
// Read-only, it shows the lines with a colour per speaker. The value is a list of
// {speaker, text} or, in the text view, a string.

// dark enough for white text (contrast of 4.5 or more)
const PALETTE = ["#1d4ed8", "#be185d", "#047857", "#b45309", "#6d28d9", "#0e7490",
                 "#b91c1c", "#4d7c0f"];

export function formatLines(lines, separator) {
  return lines.map((line) => `[${line.speaker}] ${line.text}`).join(separator);
}

export function parseText(text, separator, speaker) {
  return text.split(separator).map((part) => part.trim()).filter(Boolean).map((part) => {
    const end = part.indexOf("]");
    return part.startsWith("[") && end > 0
      ? { speaker: part.slice(1, end), text: part.slice(end + 1).trim() }
      : { speaker, text: part };
  });
}

define("blocks-dialogue", class extends BlocksElement {
  build() {
    const id = this.uid("dialogue");
    this.ids = id;
    this.heading = el("span", { class: "block-label", id: `${id}-label` });
    this.textLabel = el("label", { class: "block-label", for: `${id}-text` });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.list = el("ol", { class: "dialogue-lines" });
    this.group = el("div", { role: "group", "aria-labelledby": `${id}-label`,
                             "aria-describedby": `${id}-info` }, this.list);
    this.addButton = el("button", { type: "button", class: "dialogue-add", text: "Add a line" });
    this.addButton.addEventListener("click", () => this.addLine(this.lines.length));
    this.textarea = el("textarea", { id: `${id}-text`, rows: 4,
                                     "aria-describedby": `${id}-info` });
    this.textarea.addEventListener("input", () => {
      this.textValue = this.textarea.value;
      this.userChanged(this.textValue);
      this.offerTags(this.textarea);
    });
    this.watchKeys(this.textarea, { submitOnEnter: false });
    this.toggle = el("input", { type: "checkbox", id: `${id}-mode` });
    this.toggle.addEventListener("change", () => this.switchView(this.toggle.checked));
    this.toggleLabel = el("label", { class: "dialogue-mode" }, this.toggle, "Edit as text");
    this.menu = el("ul", { role: "listbox", id: `${id}-tags`, class: "dialogue-tags",
                           "aria-label": "Tags", hidden: "" });
    this.submitButton = el("button", { type: "button", class: "dialogue-submit" });
    this.submitButton.addEventListener("click", () => this.emit("submit"));
    this.lines = [];
    this.textValue = "";
    this.asText = false;
    this.classList.add("block", "form-block");
    this.append(this.heading, this.textLabel, this.infoEl, this.toggleLabel, this.group,
                this.addButton, this.textarea, this.menu, this.submitButton);
  }

  get value() {
    if (!this._built) return this.props.value ?? null;
    return this.asText ? this.textValue : this.lines.map((line) => ({ ...line }));
  }

  get speakers() {
    return this.props.speakers || [];
  }

  // Which view the props ask for: the lines, the text, or a switch between them.
  get mode() {
    const mode = this.props.ui_mode || "both";
    return this.speakers.length ? mode : "text";
  }

  update(changed) {
    super.update(changed);
    const label = this.labelText("Dialogue");
    this.heading.textContent = label;
    this.textLabel.textContent = label;
    this.heading.classList.toggle("sr-only", this.props.show_label === false);
    this.textLabel.classList.toggle("sr-only", this.props.show_label === false);
    this.applyInfo(this.infoEl);
    if ("value" in changed) this.setValue(changed.value);
    if ("ui_mode" in changed || "speakers" in changed) {
      if (this.mode === "text") this.asText = true;
      else if (this.mode === "dialogue") this.asText = false;
    }
    const submit = this.props.submit_btn;
    this.submitButton.hidden = !submit || !this.interactive;
    this.submitButton.textContent = typeof submit === "string" ? submit : "Submit";
    this.textarea.placeholder = this.props.placeholder || "";
    this.render();
  }

  setValue(value) {
    if (typeof value === "string") {
      this.textValue = value;
      this.lines = parseText(value, this.props.separator || "\n", this.speakers[0] || "");
      this.asText = this.mode !== "dialogue";
    } else {
      this.lines = (value || []).map((line) => ({ speaker: line.speaker, text: line.text }));
      this.textValue = formatLines(this.lines, this.props.separator || "\n");
      if (this.mode !== "text") this.asText = false;
    }
    if (!this.lines.length && this.speakers.length) this.lines = [this.emptyLine()];
  }

  emptyLine() {
    return { speaker: this.speakers[0] || "", text: "" };
  }

  switchView(asText) {
    if (asText) {
      this.textValue = formatLines(this.lines, this.props.separator || "\n");
    } else {
      this.lines = parseText(this.textValue, this.props.separator || "\n", this.speakers[0] || "");
      if (!this.lines.length) this.lines = [this.emptyLine()];
    }
    this.asText = asText;
    this.render();
    this.userChanged(this.value);
  }

  addLine(index) {
    if (this.props.max_lines && this.lines.length >= this.props.max_lines) return;
    const previous = this.lines[index - 1];
    const next = this.speakers.length && previous
      ? this.speakers[(this.speakers.indexOf(previous.speaker) + 1) % this.speakers.length]
      : this.speakers[0] || "";
    this.lines.splice(index, 0, { speaker: next, text: "" });
    this.render();
    this.list.querySelectorAll("input")[index]?.focus();
    this.userChanged(this.value);
  }

  removeLine(index) {
    this.lines.splice(index, 1);
    if (!this.lines.length) this.lines = [this.emptyLine()];
    this.render();
    const inputs = this.list.querySelectorAll("input");
    (inputs[Math.min(index, inputs.length - 1)] || this.addButton).focus();
    this.userChanged(this.value);
  }

  colour(speaker) {
    const map = this.props.color_map || {};
    if (map[speaker]) return map[speaker];
    const index = this.speakers.indexOf(speaker);
    return PALETTE[(index < 0 ? this.speakers.length : index) % PALETTE.length];
  }

  render() {
    const editable = this.interactive;
    const asText = this.asText;
    this.toggleLabel.hidden = !editable || this.mode !== "both";
    this.toggle.checked = asText;
    this.heading.hidden = asText;
    this.textLabel.hidden = !asText;
    this.group.hidden = asText;
    this.addButton.hidden = asText || !editable ||
      Boolean(this.props.max_lines && this.lines.length >= this.props.max_lines);
    this.textarea.hidden = !asText;
    this.textarea.readOnly = !editable;
    this.markTagged(this.textarea);
    if (asText) {
      if (this.textarea.value !== this.textValue) this.textarea.value = this.textValue;
      return;
    }
    this.list.replaceChildren(...this.lines.map((line, index) =>
      editable ? this.editableLine(line, index) : this.shownLine(line)));
  }

  shownLine(line) {
    const speaker = el("span", { class: "dialogue-speaker", text: line.speaker });
    speaker.style.setProperty("--dialogue-colour", this.colour(line.speaker));
    return el("li", { class: "dialogue-line" }, speaker, el("span", { text: line.text }));
  }

  editableLine(line, index) {
    const number = index + 1;
    const select = el("select", { "aria-label": `Speaker, line ${number}` });
    const choices = this.speakers.includes(line.speaker) || !line.speaker
      ? this.speakers : [line.speaker, ...this.speakers];
    for (const speaker of choices) {
      select.append(el("option", { value: speaker, text: speaker }));
    }
    select.value = line.speaker;
    select.style.setProperty("--dialogue-colour", this.colour(line.speaker));
    select.addEventListener("change", () => {
      line.speaker = select.value;
      select.style.setProperty("--dialogue-colour", this.colour(line.speaker));
      this.userChanged(this.value);
    });
    const input = el("input", { type: "text", "aria-label": `Text, line ${number}` });
    input.value = line.text;
    input.placeholder = this.props.placeholder || "";
    if (this.props.autofocus && index === 0) input.autofocus = true;
    input.addEventListener("input", () => {
      line.text = input.value;
      this.userChanged(this.value);
      this.offerTags(input);
    });
    this.watchKeys(input, { submitOnEnter: true });
    this.markTagged(input);
    const remove = el("button", { type: "button", class: "dialogue-remove", text: "×",
                                  "aria-label": `Remove line ${number}` });
    remove.addEventListener("click", () => this.removeLine(index));
    return el("li", { class: "dialogue-line" }, select, input, remove);
  }

  // --- the tags menu ------------------------------------------------------------------
  // A field that offers tags is a combobox (ARIA 1.2: a text field with a listbox).
  markTagged(field) {
    if ((this.props.tags || []).length && this.interactive) {
      field.setAttribute("role", "combobox");
      field.setAttribute("aria-autocomplete", "list");
      field.setAttribute("aria-controls", this.menu.id);
      if (this.menuField !== field) field.setAttribute("aria-expanded", "false");
    } else {
      for (const name of ["role", "aria-autocomplete", "aria-controls", "aria-expanded"]) {
        field.removeAttribute(name);
      }
    }
  }

  offerTags(field) {
    const tags = this.props.tags || [];
    const caret = field.selectionStart;
    if (!tags.length || field.value[caret - 1] !== ":") {
      this.closeTags();
      return;
    }
    this.menuField = field;
    this.menu.replaceChildren(...tags.map((tag, index) => {
      const option = el("li", { role: "option", id: `${this.ids}-tag-${index}`, text: tag,
                                "aria-selected": index === 0 ? "true" : "false" });
      option.addEventListener("mousedown", (event) => {
        event.preventDefault(); // keep the focus in the field
        this.insertTag(tag);
      });
      return option;
    }));
    this.activeTag = 0;
    field.setAttribute("aria-expanded", "true");
    field.setAttribute("aria-activedescendant", `${this.ids}-tag-0`);
    const box = field.getBoundingClientRect();
    const host = this.getBoundingClientRect();
    this.menu.style.top = `${box.bottom - host.top}px`;
    this.menu.style.left = `${box.left - host.left}px`;
    this.menu.hidden = false;
  }

  closeTags() {
    this.menu.hidden = true;
    const field = this.menuField;
    if (field) {
      field.setAttribute("aria-expanded", "false");
      field.removeAttribute("aria-activedescendant");
    }
    this.menuField = null;
  }

  moveTag(step) {
    const options = [...this.menu.children];
    this.activeTag = (this.activeTag + step + options.length) % options.length;
    options.forEach((option, index) =>
      option.setAttribute("aria-selected", index === this.activeTag ? "true" : "false"));
    this.menuField.setAttribute("aria-activedescendant", options[this.activeTag].id);
  }

  insertTag(tag) {
    const field = this.menuField;
    const caret = field.selectionStart;
    field.value = `${field.value.slice(0, caret - 1)}${tag}${field.value.slice(caret)}`;
    field.selectionStart = field.selectionEnd = caret - 1 + tag.length;
    this.closeTags();
    field.dispatchEvent(new Event("input"));
  }

  watchKeys(field, { submitOnEnter }) {
    field.addEventListener("keydown", (event) => {
      const open = this.menuField === field && !this.menu.hidden;
      if (open && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        this.moveTag(event.key === "ArrowDown" ? 1 : -1);
      } else if (open && (event.key === "Enter" || event.key === "Tab")) {
        event.preventDefault();
        this.insertTag(this.props.tags[this.activeTag]);
      } else if (open && event.key === "Escape") {
        event.preventDefault();
        this.closeTags();
      } else if (submitOnEnter && event.key === "Enter" && !event.shiftKey &&
                 !event.isComposing) {
        event.preventDefault();
        this.emit("submit");
      }
    });
    field.addEventListener("blur", () => {
      if (this.menuField === field) this.closeTags();
    });
  }
});
