import { BlocksElement, define } from "../base.js";

// gr.State: its value stays on the server; this element only exists so that
// the page can fire the state's `change` listeners.
export default define("blocks-state", class extends BlocksElement {
  build() {
    this.hidden = true;
  }

  update(changed) {
    super.update(changed);
    this.hidden = true;
  }

  get value() {
    return null;
  }
});
