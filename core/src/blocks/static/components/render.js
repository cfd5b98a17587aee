import { BlocksElement, define } from "../base.js";

// Where a @gr.render function's components appear: a box that adds no layout of its
// own, so the components sit in the surrounding row or column as if written there.
export default define("blocks-render", class extends BlocksElement {
  build() {
    this.style.display = "contents";
  }
});
