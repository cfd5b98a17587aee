// <blocks-chatbot>: a conversation. The value is a list of messages
// {role, metadata, content: [parts], options}; a text part carries the HTML the
// server rendered and sanitised ({type: "text", text, html}).
//
// Streaming: the runtime calls applyEdits(edits, value) with the edits of a growing
// value (see blocks.diff); only the messages the edits touch are drawn again.
import { BlocksElement, cssSize, define, el, stylesheet } from "../blocks/base.js";
import { icon } from "./icons.js";

stylesheet(new URL("./chatbot.css", import.meta.url));

const THUMBS = { Like: "like", Dislike: "dislike" };
const components = new Map(); // module -> Promise of its import

// A button named `label`, showing `content` (an icon of ./icons.js, or a text).
function button(label, content, onClick, attrs = {}) {
  const node = el("button", { type: "button", class: "chat-button", "aria-label": label,
                              title: label, ...attrs }, content);
  node.addEventListener("click", (event) => {
    event.stopPropagation();
    onClick(event);
  });
  return node;
}

function textOf(message) {
  return (message.content || []).filter((part) => part.type === "text")
    .map((part) => part.text).join("\n");
}

// What an event tells about a message: its text, or the file or component it shows.
function contentValue(message) {
  const parts = message.content || [];
  if (parts.length === 1) {
    const part = parts[0];
    if (part.type === "text") return part.text;
    if (part.type === "file") return part.file;
    return part.value ?? null;
  }
  return parts.map((part) => (part.type === "text" ? part.text : part.type === "file" ? part.file : part.value));
}

// JSON with object keys sorted: the same message gives the same text whatever the order of
// its keys (values from the config and from outputs order them differently).
function stableJSON(value) {
  if (Array.isArray(value)) return `[${value.map(stableJSON).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${stableJSON(value[key])}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = el("textarea", { "aria-hidden": "true", class: "chat-copy-area" });
  area.value = text;
  document.body.append(area);
  area.select();
  try {
    document.execCommand("copy");
  } finally {
    area.remove();
  }
}

export default define("blocks-chatbot", class extends BlocksElement {
  build() {
    const id = this.uid("chatbot");
    this.classList.add("block", "chatbot");
    this.labelEl = el("span", { class: "block-label", id: `${id}-label` });
    this.toolbar = el("div", { class: "chat-toolbar", role: "toolbar", "aria-labelledby": `${id}-label` });
    this.copyAll = button("Copy conversation", icon("copy"), () => this.copyConversation());
    this.clearButton = button("Clear conversation", icon("trash"), () => this.clear());
    this.toolbar.append(this.copyAll, this.clearButton);
    this.log = el("div", { class: "chat-log", role: "log", "aria-live": "polite",
                           "aria-labelledby": `${id}-label`, tabindex: "0" });
    this.empty = el("div", { class: "chat-empty" });
    this.typing = el("div", { class: "chat-typing", role: "status", "aria-label": "Writing a reply" },
                     el("span"), el("span"), el("span"));
    this.typing.hidden = true;
    this.log.append(this.empty, this.typing);
    this.append(this.labelEl, this.toolbar, this.log);
    this.groups = []; // [{indices, node}] in the order shown
    this.feedback = new Map(); // index of a group's first message -> the feedback chosen
    this.editing = null; // index of the message being edited
    this.pending = null; // messages to draw again at the next frame (null: none; true: all)
    this.atEnd = true; // the log is scrolled to its end (kept there as messages come)
    this.log.addEventListener("scroll", () => {
      this.atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
    }, { passive: true });
  }

  get messages() {
    return Array.isArray(this.props.value) ? this.props.value : [];
  }

  // The value for the server: the messages without their HTML.
  get value() {
    const value = this.props.value;
    if (!Array.isArray(value)) return value ?? null;
    return value.map((message) => ({ ...message, content: (message.content || []).map(
      (part) => (part.type === "text" ? { type: "text", text: part.text } : part)) }));
  }

  // Whether the app listens to one of this element's events (shows its buttons).
  listens(event) {
    const app = this.blocks;
    if (!app || typeof app.dependencies !== "function") return false;
    const id = Number(this.dataset.blocksId);
    for (const dep of app.dependencies()) {
      if (dep.targets.some(([target, name]) => target === id && name === event)) return true;
    }
    return false;
  }

  get editable() {
    const editable = this.props.editable;
    if (editable === "user" || editable === "all") return editable;
    return this.listens("edit") ? "user" : null;
  }

  update(changed) {
    super.update(changed);
    this.applyLabel(this.labelEl, "Chatbot");
    const props = this.props;
    this.log.style.height = cssSize(props.height);
    this.log.style.minHeight = cssSize(props.min_height);
    this.log.style.maxHeight = cssSize(props.max_height);
    this.classList.toggle("resizable", !!props.resizable);
    this.classList.toggle("panel", props.layout === "panel");
    this.log.dir = props.rtl ? "rtl" : "auto";
    const buttons = props.buttons || [];
    this.copyAll.hidden = !buttons.includes("copy_all");
    if ("feedback_value" in changed) this.loadFeedback();
    if ("value" in changed) {
      if (this.editing !== null) this.editing = null;
      this.draw(null);
    } else if (Object.keys(changed).some((key) => !["visible", "elem_id", "elem_classes", "scale", "min_width", "label", "show_label"].includes(key))) {
      this.redraw(); // props that change how messages look
    }
  }

  // Streaming: `value` is the new value (the edits already applied to it). The
  // messages the edits touch are drawn again at the next frame, however many edits
  // arrive before it.
  applyEdits(edits, value) {
    const shown = this.groups.reduce((n, group) => n + group.indices.length, 0);
    this.props.value = value;
    let changed = this.pending === true ? true : this.pending || new Set();
    for (const [op, path] of edits) {
      if (changed === true) break;
      if (path.length === 0 || (path.length === 1 && (op === "add" || op === "delete"))) {
        changed = true;
      } else {
        changed.add(Number(path[0]));
      }
    }
    if (changed !== true) for (let i = shown; i < value.length; i += 1) changed.add(i);
    const scheduled = this.pending !== null;
    this.pending = changed;
    if (!scheduled) {
      // at the next frame; a busy page may give frames rarely, so at the latest in 100 ms
      requestAnimationFrame(() => this.flush());
      setTimeout(() => this.flush(), 100);
    }
  }

  flush() {
    const pending = this.pending;
    this.pending = null;
    if (pending !== null) this.draw(pending === true ? null : pending);
  }

  loadFeedback() {
    this.feedback = new Map();
    const given = this.props.feedback_value || [];
    let assistant = 0;
    this.displayGroups().forEach((indices) => {
      const first = this.messages[indices[0]];
      if (first.role !== "assistant") return;
      if (given[assistant] !== undefined && given[assistant] !== null) this.feedback.set(indices[0], given[assistant]);
      assistant += 1;
    });
  }

  // Consecutive messages of one role share a bubble (unless group_consecutive_messages
  // is false); a step (metadata.title) with a parent goes inside its parent.
  displayGroups() {
    const groups = [];
    const grouping = this.props.group_consecutive_messages !== false;
    this.messages.forEach((message, index) => {
      const last = groups[groups.length - 1];
      if (last && grouping && this.messages[last[0]].role === message.role) last.push(index);
      else groups.push([index]);
    });
    return groups;
  }

  // Draw the messages again; with `changed` (indices), keep the bubbles of the others.
  // Without `changed` (a new value), a bubble whose messages are the same as before
  // (compared as JSON) is kept too: a history sent again whole costs no drawing.
  draw(changed) {
    if (changed === null) this.pending = null; // drawn whole: nothing left for the frame
    const groups = this.displayGroups();
    const next = [];
    groups.forEach((indices, position) => {
      const old = this.groups[position];
      const last = position === groups.length - 1 || position === this.groups.length - 1;
      const key = changed === null && !last ? this.keyOf(indices) : null;
      const reusable = old && !last && old.indices.length === indices.length &&
        old.indices.every((value, i) => value === indices[i]) &&
        (changed === null ? key !== null && key === old.key
          : !indices.some((index) => changed.has(index)));
      next.push(reusable ? old : { indices, key: key ?? this.keyOf(indices),
                                   node: this.drawGroup(indices, position === groups.length - 1) });
    });
    const nodes = next.map((group) => group.node);
    const keep = new Set(nodes);
    for (const group of this.groups) if (!keep.has(group.node)) group.node.remove();
    let anchor = this.empty;
    for (const node of nodes) {
      if (anchor.nextSibling !== node) anchor.after(node);
      anchor = node;
    }
    if (anchor.nextSibling !== this.typing) anchor.after(this.typing);
    this.groups = next;
    const empty = this.messages.length > 0 || !(this.props.placeholder || this.props.examples?.length);
    if (changed === null || this.empty.hidden !== empty) this.drawEmpty();
    this.clearButton.hidden = !this.messages.length || this.props.interactive === false && !this.listens("clear");
    if (this.props.autoscroll !== false && this.atEnd) this.log.scrollTop = this.log.scrollHeight;
  }

  // Draw every bubble again (what they show does not depend on the messages alone).
  redraw() {
    this.drawn = (this.drawn || 0) + 1;
    this.draw(null);
  }

  keyOf(indices) {
    return `${this.drawn}|${stableJSON(indices.map((index) => this.messages[index]))}`;
  }

  drawEmpty() {
    this.empty.replaceChildren();
    this.empty.hidden = this.messages.length > 0 || !(this.props.placeholder || this.props.examples?.length);
    if (this.messages.length) return;
    const placeholder = this.props.placeholder;
    if (placeholder) {
      const box = el("div", { class: "chat-placeholder prose" });
      if (typeof placeholder === "object") box.innerHTML = placeholder.html ?? "";
      else box.textContent = String(placeholder);
      this.empty.append(box);
    }
    const examples = this.props.examples || [];
    if (examples.length) {
      const list = el("div", { class: "chat-examples", role: "group", "aria-label": "Examples" });
      examples.forEach((example, index) => {
        const item = button(`Example: ${example.display_text ?? example.text ?? ""}`, "", () => {
          this.emit("example_select", { index, value: example });
        }, { class: "chat-example" });
        if (example.icon) item.append(el("img", { src: this.fileUrl(example.icon), alt: "" }));
        item.append(el("span", { text: example.display_text ?? example.text ?? "" }));
        const count = (example.files || []).length;
        if (count) item.append(el("span", { class: "chat-example-files" }, icon("attach"), ` ${count}`));
        list.append(item);
      });
      this.empty.append(list);
    }
  }

  fileUrl(file) {
    if (!file) return "";
    if (file.url) return file.url;
    return this.blocks ? this.blocks.fileUrl(file) : file.path;
  }

  // --- one bubble -----------------------------------------------------------------------------
  drawGroup(indices, isLast) {
    const first = this.messages[indices[0]];
    const role = first.role;
    const row = el("div", { class: `chat-row chat-${role}` });
    const avatars = this.props.avatar_images || [];
    const avatar = role === "user" ? avatars[0] : role === "assistant" ? avatars[1] : null;
    if (avatar) row.append(el("img", { class: "chat-avatar", src: this.fileUrl(avatar), alt: `${role} avatar` }));
    const bubble = el("div", { class: "chat-bubble", role: "group", "aria-label": role });
    row.append(bubble);
    const byId = new Map();
    for (const index of indices) {
      const message = this.messages[index];
      const node = this.drawMessage(message, index);
      const parent = message.metadata?.parent_id;
      const holder = parent !== undefined && parent !== null && byId.get(String(parent));
      (holder || bubble).append(node);
      if (message.metadata?.id !== undefined && message.metadata?.id !== null) {
        byId.set(String(message.metadata.id), node.querySelector(".chat-step-body") || node);
      }
    }
    const last = this.messages[indices[indices.length - 1]];
    if (last.options && last.options.length) bubble.append(this.drawOptions(last.options));
    const actions = this.drawActions(indices, role, isLast);
    if (actions.childElementCount) row.append(actions);
    return row;
  }

  drawMessage(message, index) {
    const body = el("div", { class: "chat-message", "data-index": String(index) });
    if (this.editing === index) {
      body.append(this.drawEditor(message, index));
      return body;
    }
    for (const part of message.content || []) body.append(this.drawPart(part));
    if (this.listens("select")) {
      body.classList.add("selectable");
      body.tabIndex = 0;
      const select = () => this.emit("select", { index, value: contentValue(message), selected: true });
      body.addEventListener("click", select);
      body.addEventListener("keydown", (event) => { if (event.key === "Enter") select(); });
    }
    const metadata = message.metadata;
    if (!metadata || !metadata.title) return body;
    // a step: a disclosure with its title, log, duration and status
    const step = el("details", { class: "chat-step" });
    step.open = metadata.status === "pending" || (metadata.status !== "done" && metadata.status === undefined);
    const summary = el("summary", {}, el("span", { class: "chat-step-title", text: metadata.title }));
    if (metadata.status === "pending") summary.append(el("span", { class: "chat-spinner", role: "img", "aria-label": "in progress" }));
    if (metadata.log) summary.append(el("span", { class: "chat-step-log", text: metadata.log }));
    if (typeof metadata.duration === "number") {
      summary.append(el("span", { class: "chat-step-log", text: `(${metadata.duration < 1 ? metadata.duration.toFixed(2) : metadata.duration.toFixed(1)}s)` }));
    }
    body.classList.add("chat-step-body");
    step.append(summary, body);
    const wrap = el("div", { class: "chat-message chat-step-wrap", "data-index": String(index) }, step);
    return wrap;
  }

  drawPart(part) {
    if (part.type === "text") {
      const text = el("div", { class: "chat-text prose" });
      if (typeof part.html === "string") text.innerHTML = part.html;
      else text.textContent = part.text ?? "";
      for (const pre of text.querySelectorAll("pre")) {
        const code = pre.textContent;
        pre.append(button("Copy code", icon("copy"), () => copyText(code), { class: "chat-button chat-code-copy" }));
      }
      return text;
    }
    if (part.type === "file") return this.drawFile(part.file || {}, part.alt_text);
    if (part.type === "component") return this.drawComponent(part);
    return el("div");
  }

  drawFile(file, altText) {
    const url = this.fileUrl(file);
    const mime = file.mime_type || "";
    const name = file.orig_name || file.path || "file";
    const box = el("div", { class: "chat-file" });
    if (mime.startsWith("image/")) box.append(el("img", { src: url, alt: altText || name }));
    else if (mime.startsWith("audio/")) box.append(el("audio", { src: url, controls: true, preload: "metadata", "aria-label": altText || name }));
    else if (mime.startsWith("video/")) box.append(el("video", { src: url, controls: true, preload: "metadata", "aria-label": altText || name }));
    else {
      box.append(el("a", { href: url, download: name, target: "_blank", rel: "noopener noreferrer", text: name }));
      return box;
    }
    if (this.props.allow_file_downloads !== false) {
      box.append(el("a", { class: "chat-download", href: url, download: name, text: `Download ${name}` }));
    }
    return box;
  }

  drawComponent(part) {
    const holder = el("div", { class: "chat-component" });
    if (!part.module) return holder;
    if (!components.has(part.module)) components.set(part.module, import(new URL(`../${part.module}`, import.meta.url).href));
    components.get(part.module).then(() => {
      const element = document.createElement(`blocks-${part.component}`);
      element.blocks = this.blocks;
      element.setProps({ ...(part.props || {}), value: part.value, interactive: false });
      holder.append(element);
    }, (error) => {
      holder.textContent = `This ${part.component} could not be shown.`;
      console.error(error);
    });
    return holder;
  }

  drawOptions(options) {
    const list = el("div", { class: "chat-options", role: "group", "aria-label": "Suggested replies" });
    options.forEach((option, index) => {
      list.append(button(option.label ?? option.value, option.label ?? option.value, () => {
        this.emit("option_select", { index, value: option.value });
      }, { class: "chat-option" }));
    });
    return list;
  }

  // --- the buttons under a bubble ---------------------------------------------------------------
  drawActions(indices, role, isLast) {
    const actions = el("div", { class: "chat-actions" });
    const messages = indices.map((index) => this.messages[index]);
    const buttons = this.props.buttons || [];
    const text = messages.map(textOf).filter(Boolean).join("\n\n");
    if (buttons.includes("copy") && text) {
      actions.append(button("Copy message", icon("copy"), () => this.copy(text)));
    }
    const editable = this.editable;
    const last = indices[indices.length - 1];
    if (editable && (editable === "all" || role === "user") && this.props.interactive !== false &&
        !indices.includes(this.editing) &&
        messages.some((message) => (message.content || []).some((part) => part.type === "text"))) {
      const target = indices.find((index) => (this.messages[index].content || []).some((part) => part.type === "text"));
      actions.append(button("Edit message", icon("edit"), () => {
        this.editing = target;
        this.redraw();
        this.querySelector("textarea.chat-edit")?.focus();
      }));
    }
    if (isLast && role === "assistant") {
      if (this.listens("retry")) actions.append(button("Retry", icon("retry"), () => this.turn("retry")));
      if (this.listens("undo")) actions.append(button("Undo", icon("undo"), () => this.turn("undo")));
    }
    const feedbackFor = role === "assistant" || (role === "user" && this.props.like_user_message);
    if (this.listens("like") && feedbackFor) actions.append(this.drawFeedback(indices));
    return actions;
  }

  drawFeedback(indices) {
    const box = el("div", { class: "chat-feedback", role: "group", "aria-label": "Feedback" });
    const key = indices[0];
    const chosen = this.feedback.get(key);
    const options = this.props.feedback_options || [];
    const send = (option) => {
      const liked = option === "Like" ? true : option === "Dislike" ? false : option;
      this.feedback.set(key, option);
      this.emit("like", { index: key, value: indices.map((index) => contentValue(this.messages[index])), liked });
      box.replaceWith(this.drawFeedback(indices));
    };
    for (const option of options.filter((o) => o in THUMBS)) {
      box.append(button(option, icon(THUMBS[option]), () => send(option), { "aria-pressed": String(chosen === option) }));
    }
    const flags = options.filter((o) => !(o in THUMBS));
    if (flags.length) {
      const menu = el("details", { class: "chat-flag" }, el("summary", { "aria-label": "Flag", title: "Flag" }, icon("flag")));
      for (const flag of flags) {
        menu.append(button(flag, flag, () => send(flag), { "aria-pressed": String(chosen === flag) }));
      }
      box.append(menu);
    }
    return box;
  }

  drawEditor(message, index) {
    const form = el("div", { class: "chat-editor" });
    const area = el("textarea", { class: "chat-edit", "aria-label": "Edit message", rows: "3" });
    const previous = textOf(message);
    area.value = previous;
    const save = button("Save edit", "Save", () => {
      this.editing = null;
      const value = area.value;
      const messages = this.messages.slice();
      messages[index] = { ...message, content: [{ type: "text", text: value }] };
      this.props.value = messages;
      this.redraw();
      this.emit("edit", { index, value, previous_value: previous });
      this.emit("change");
    });
    const cancel = button("Cancel edit", "Cancel", () => {
      this.editing = null;
      this.redraw();
    });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") cancel.click();
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) save.click();
    });
    form.append(area, el("div", { class: "chat-editor-buttons" }, save, cancel));
    return form;
  }

  // retry / undo: about the last user message
  turn(event) {
    let index = this.messages.length - 1;
    while (index >= 0 && this.messages[index].role !== "user") index -= 1;
    if (index < 0) return;
    this.emit(event, { index, value: contentValue(this.messages[index]) });
  }

  async copy(text) {
    const watermark = this.props.watermark;
    const copied = watermark ? `${text}\n\n${watermark}` : text;
    try {
      await copyText(copied);
    } finally {
      this.emit("copy", { value: text });
    }
  }

  copyConversation() {
    const text = this.messages.map((message) => `${message.role}: ${textOf(message)}`).join("\n");
    this.copy(text);
  }

  clear() {
    this.editing = null;
    this.feedback = new Map();
    this.userChanged([], { input: false });
    this.redraw();
    this.emit("clear");
  }

  setStatus(status) {
    super.setStatus(status);
    const last = this.messages[this.messages.length - 1];
    this.typing.hidden = !(status === "pending" && (!last || last.role === "user"));
  }
});
