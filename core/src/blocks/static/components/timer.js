import { BlocksElement, define } from "../base.js";

// An invisible clock: emits "tick" every `value` seconds while `active`.
export default define("blocks-timer", class extends BlocksElement {
  build() {
    this.hidden = true;
  }

  update(changed) {
    super.update(changed);
    this.hidden = true;
    if ("value" in changed || "active" in changed) this.restart();
  }

  restart() {
    clearInterval(this.interval);
    this.interval = null;
    const seconds = Number(this.props.value);
    if (this.props.active !== false && seconds > 0 && this.isConnected) {
      this.interval = setInterval(() => this.emit("tick"), seconds * 1000);
    }
  }

  connectedCallback() {
    super.connectedCallback();
    this.restart();
  }

  disconnectedCallback() {
    clearInterval(this.interval);
    this.interval = null;
  }
});
