// The hidden output of gr.ChatInterface's API endpoint: holds the reply for programs.
import { BlocksElement, define } from "../blocks/base.js";

export default define("blocks-chat_response", class extends BlocksElement {
  update(changed) {
    super.update(changed);
    this.hidden = true;
  }
});
