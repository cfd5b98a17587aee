import { BlocksElement, define, el, stylesheet } from "../base.js";

stylesheet(new URL("./date_time.css", import.meta.url));

// A date (and time) as text in the field's format, YYYY-MM-DD[ HH:MM:SS], or "now - 2h";
// beside it the system's calendar (<input type="datetime-local"> or "date") fills the
// field. The value changes when the text is committed (Enter, leaving the field, or a
// pick in the calendar); Enter also emits `submit`.
export default define("blocks-datetime", class extends BlocksElement {
  build() {
    const id = this.uid("datetime");
    this.labelEl = el("label", { for: id, class: "block-label" });
    this.infoEl = el("div", { class: "block-info", id: `${id}-info` });
    this.text = el("input", { type: "text", id, class: "input", autocomplete: "off",
                              spellcheck: "false", "aria-describedby": `${id}-info` });
    this.calendarLabel = el("label", { for: `${id}-calendar`, class: "sr-only" });
    this.calendar = el("input", { id: `${id}-calendar`, class: "datetime-calendar" });
    this.text.addEventListener("change", () => this.commit(this.text.value.trim()));
    this.text.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.isComposing) {
        event.preventDefault();
        this.commit(this.text.value.trim());
        this.emit("submit");
      }
    });
    this.calendar.addEventListener("change", () => {
      if (!this.calendar.value) return;
      const [date, time = "00:00:00"] = this.calendar.value.split("T");
      const full = time.length === 5 ? `${time}:00` : time;
      this.text.value = this.props.include_time === false ? date : `${date} ${full}`;
      this.commit(this.text.value);
    });
    this.classList.add("block", "datetime");
    this.append(this.labelEl, this.infoEl,
                el("div", { class: "datetime-row" }, this.text, this.calendarLabel, this.calendar));
  }

  get value() {
    return this.text ? this.text.value.trim() : this.props.value ?? "";
  }

  commit(text) {
    if (text === (this.props.value ?? "")) return;
    this.userChanged(text, { input: false });
    this.showCalendar(text);
  }

  // The calendar shows the field's date when it is one (not for "now - 1d").
  showCalendar(text) {
    const match = /^(\d{4}-\d{2}-\d{2})(?: (\d{2}:\d{2}:\d{2}))?$/.exec(text || "");
    if (!match) {
      this.calendar.value = "";
      return;
    }
    this.calendar.value = this.props.include_time === false ? match[1]
      : `${match[1]}T${match[2] || "00:00:00"}`;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Date and time");
    this.applyInfo(this.infoEl);
    const withTime = this.props.include_time !== false;
    this.calendar.type = withTime ? "datetime-local" : "date";
    this.calendar.step = withTime ? "1" : "";
    this.calendarLabel.textContent = `${this.labelText("Date and time")}: calendar`;
    this.text.placeholder = withTime ? "YYYY-MM-DD HH:MM:SS" : "YYYY-MM-DD";
    if ("value" in changed || "include_time" in changed) {
      this.text.value = this.props.value ?? "";
      this.showCalendar(this.text.value);
    }
    this.text.readOnly = !this.interactive;
    this.calendar.disabled = !this.interactive;
  }
});
