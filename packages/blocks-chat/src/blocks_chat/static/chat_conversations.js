// <blocks-chat_conversations>: the saved conversations of a ChatInterface, one button each;
// clicking one emits `select` with its index and title.
import { BlocksElement, define, el, stylesheet } from "../blocks/base.js";

stylesheet(new URL("./chat_conversations.css", import.meta.url));

export default define("blocks-chat_conversations", class extends BlocksElement {
  build() {
    const id = this.uid("conversations");
    this.labelEl = el("h2", { class: "block-label", id: `${id}-label` });
    this.list = el("ul", { "aria-labelledby": `${id}-label`, class: "chat-conversations" });
    this.empty = el("p", { class: "block-info", text: "No saved conversation yet." });
    this.append(this.labelEl, this.list, this.empty);
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Saved conversations");
    const titles = this.props.titles || [];
    this.empty.hidden = titles.length > 0;
    this.list.replaceChildren(...titles.map((title, index) => {
      const open = el("button", { type: "button", text: title,
                                  "aria-current": this.props.value === index ? "true" : null });
      open.disabled = !this.interactive;
      open.addEventListener("click", () => {
        this.setProps({ value: index });
        this.emit("select", { index, value: title, selected: true });
      });
      return el("li", {}, open);
    }));
  }
});
