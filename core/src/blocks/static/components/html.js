import { applyHeights, BlocksElement, define, el, same, stylesheet } from "../base.js";
import { addHead, fill, morph, scopeCSS } from "./html_template.js";

stylesheet(new URL("./html.css", import.meta.url));

const AsyncFunction = (async () => {}).constructor;
const SLOT = '<div data-blocks-children style="display: contents"></div>';
let scopes = 0;

// gr.HTML: the app author's markup, or a template over the value and props, with scoped
// CSS and a script run once (docs/html.md).
export default define("blocks-html", class extends BlocksElement {
  build() {
    const kids = [...this.childNodes]; // child components (`with gr.HTML(...):`)
    scopes += 1;
    this.scope = `h${scopes}`;
    this.styleEl = el("style");
    this.labelEl = el("div", { class: "block-label" });
    this.body = el("div", { class: "html-content", "data-html-scope": this.scope });
    this.tail = el("div", { class: "html-children" });
    this.replaceChildren(this.styleEl, this.labelEl, this.body, this.tail);
    this.kids = kids;
    this.watchers = [];
    this.loaded = false;
    this.scriptProps = new Proxy({}, {
      get: (_, name) => this.props[name],
      set: (_, name, value) => {
        this.setFromScript(name, value);
        return true;
      },
      has: (_, name) => name in this.props,
      ownKeys: () => Reflect.ownKeys(this.props),
      getOwnPropertyDescriptor: (_, name) => (name in this.props
        ? { value: this.props[name], enumerable: true, configurable: true, writable: true }
        : undefined),
    });
  }

  update(changed) {
    super.update(changed);
    const label = this.props.label;
    this.labelEl.textContent = label || "";
    this.labelEl.hidden = !(label && this.props.show_label === true);
    this.classList.toggle("block", !!this.props.container);
    this.classList.toggle("padded", !!this.props.padding);
    this.body.classList.toggle("html-default", this.props.apply_default_css !== false);
    applyHeights(this.body, this.props);
    this.render();
    if (!this.loaded) {
      this.loaded = true;
      this.load();
    } else {
      for (const { names, callback } of this.watchers) {
        if (names.some((name) => name in changed)) this.call(callback);
      }
    }
  }

  // A script assigned props.<name>: show it; a new value is the user's input.
  setFromScript(name, value) {
    const before = this.props[name];
    this.setProps({ [name]: value });
    if (name === "value" && !same(before, value)) {
      this.emit("input");
      this.emit("change");
    }
  }

  render() {
    const template = this.props.html_template ?? "${value}";
    let html;
    try {
      if (template.trim() === "${value}") {  // gr.HTML(markup): shown as given
        html = this.props.value === null || this.props.value === undefined ? ""
          : String(this.props.value);
      } else {
        html = fill(template.replaceAll("@children", SLOT), this.props);
      }
    } catch (error) {
      console.error("Blocks: the html_template of gr.HTML failed:", error);
      return;
    }
    if (html !== this.lastHTML) {
      this.lastHTML = html;
      morph(this.body, html);
    }
    const slot = this.body.querySelector("[data-blocks-children]") || this.tail;
    for (const kid of this.kids) if (kid.parentNode !== slot) slot.append(kid);
    this.renderCSS();
    if (this.props.autoscroll) this.body.scrollTop = this.body.scrollHeight;
  }

  renderCSS() {
    let css = "";
    try {
      css = this.props.css_template ? fill(this.props.css_template, this.props, { css: true }) : "";
    } catch (error) {
      console.error("Blocks: the css_template of gr.HTML failed:", error);
      return;
    }
    if (css === this.lastCSS) return;
    this.lastCSS = css;
    this.styleEl.textContent = css ? scopeCSS(css, `[data-html-scope="${this.scope}"]`) : "";
  }

  // The `head` first (its scripts loaded), then js_on_load, once.
  async load() {
    if (this.props.head) await addHead(this.props.head);
    const code = this.props.js_on_load;
    if (!code) return;
    let fn;
    try {
      fn = new AsyncFunction("element", "props", "trigger", "upload", "watch", code);
    } catch (error) {
      console.error("Blocks: the js_on_load of gr.HTML does not compile:", error);
      return;
    }
    this.call(() => fn.call(this, this.body, this.scriptProps,
      (name, data = null) => this.emit(String(name), data ?? null),
      (file) => this.blocks.upload(file),
      (names, callback) => {
        this.watchers.push({ names: [names].flat(), callback });
      }));
  }

  call(callback) {
    try {
      Promise.resolve(callback()).catch((error) => {
        console.error("Blocks: a script of gr.HTML failed:", error);
      });
    } catch (error) {
      console.error("Blocks: a script of gr.HTML failed:", error);
    }
  }
});
