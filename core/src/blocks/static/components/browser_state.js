import { BlocksElement, define } from "../base.js";

// gr.BrowserState: keeps the server's sealed value in localStorage[storage_key].
export default define("blocks-browser_state", class extends BlocksElement {
  build() {
    this.hidden = true;
  }

  update(changed) {
    super.update(changed);
    this.hidden = true;
    if ("value" in changed && changed.value !== null && changed.value !== undefined &&
        this.props.storage_key) {
      try {
        localStorage.setItem(this.props.storage_key, changed.value);
      } catch (error) {
        console.warn("Blocks: cannot write localStorage", error);
      }
    }
  }

  get value() {
    if (!this.props.storage_key) return null;
    try {
      return localStorage.getItem(this.props.storage_key);
    } catch (error) {
      return null;
    }
  }
});
