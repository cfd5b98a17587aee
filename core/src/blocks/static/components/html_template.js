// The templates of <blocks-html>: JavaScript template literals over a component's
// props, with the values HTML-escaped (docs/html.md), and scoped CSS.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const UNESCAPES = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" };

export function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function unescapeHTML(text) {
  return String(text).replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => UNESCAPES[name]);
}

// A copy of `value` whose strings (and object keys) went through `fix`.
function mapStrings(value, fix) {
  if (typeof value === "string") return fix(value);
  if (Array.isArray(value)) return value.map((item) => mapStrings(item, fix));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, item] of Object.entries(value)) out[fix(key)] = mapStrings(item, fix);
    return out;
  }
  return value;
}

// ${raw(value)}: a value of the template as it was given (its HTML is kept).
export function raw(value) {
  return mapStrings(value, unescapeHTML);
}

// In CSS, a value cannot open or close a rule, end a declaration or leave the <style>.
function cssText(text) {
  return String(text).replace(/[{};<>\\@]/g, "");
}

const RESERVED = new Set(("break case catch class const continue debugger default delete do " +
  "else enum export extends false finally for function if import in instanceof new null " +
  "return super switch this throw true try typeof var void while with yield let static " +
  "implements interface package private protected public await arguments eval").split(" "));
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
const compiled = new Map();

function compile(template, names) {
  const key = `${names.join(",")}\u0000${template}`;
  let fn = compiled.get(key);
  if (!fn) {
    fn = new Function("raw", "props", ...names, `return \`${template}\`;`);
    compiled.set(key, fn);
  }
  return fn;
}

// Fill `template` with `props` (escaped for HTML, or for CSS with `css`). Throws the
// template's own errors.
export function fill(template, props, { css = false } = {}) {
  const fix = css ? cssText : escapeHTML;
  const scope = {};
  for (const [name, value] of Object.entries(props)) {
    scope[name] = mapStrings(name === "value" ? value ?? "" : value, fix);
  }
  const names = Object.keys(scope).filter((name) => IDENTIFIER.test(name) && !RESERVED.has(name)
                                           && name !== "raw" && name !== "props");
  const fn = compile(template, names);
  return fn(css ? (v) => v : raw, scope, ...names.map((name) => scope[name]));
}

// The CSS of one component: its rules nested in `selector` (declarations outside a rule
// style the component's element); @keyframes, @font-face and @import stay global.
export function scopeCSS(css, selector) {
  const global = [];
  let inner = "";
  let index = 0;
  const atRule = /@(keyframes|-webkit-keyframes|font-face|import)\b/g;
  let match;
  while ((match = atRule.exec(css))) {
    inner += css.slice(index, match.index);
    let end;
    if (match[1] === "import") {
      end = css.indexOf(";", match.index);
      end = end < 0 ? css.length : end + 1;
    } else {
      end = closingBrace(css, css.indexOf("{", match.index));
    }
    global.push(css.slice(match.index, end));
    index = end;
    atRule.lastIndex = end;
  }
  inner += css.slice(index);
  return `${global.join("\n")}\n${selector} {\n${inner}\n}`;
}

function closingBrace(text, open) {
  if (open < 0) return text.length;
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "{") depth += 1;
    else if (text[i] === "}" && --depth === 0) return i + 1;
  }
  return text.length;
}

// Make `parent`'s children look like `html`, keeping the nodes that stay (and the
// listeners a script put on them): same position and tag -> patched, else replaced.
// The contents of a [data-blocks-children] slot (child components) are left alone.
export function morph(parent, html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  morphChildren(parent, template.content);
}

function morphChildren(oldParent, newParent) {
  const before = [...oldParent.childNodes];
  const after = [...newParent.childNodes];
  after.forEach((node, index) => {
    const old = before[index];
    if (!old) oldParent.append(node);
    else if (old.nodeType === node.nodeType && old.nodeName === node.nodeName) patch(old, node);
    else old.replaceWith(node);
  });
  for (const old of before.slice(after.length)) old.remove();
}

function patch(old, node) {
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    return;
  }
  for (const { name } of [...old.attributes]) {
    if (!node.hasAttribute(name)) old.removeAttribute(name);
  }
  for (const { name, value } of node.attributes) {
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  if (old.hasAttribute("data-blocks-children")) return;
  if ("value" in old && (old.tagName === "INPUT" || old.tagName === "TEXTAREA" ||
                         old.tagName === "SELECT")) {
    morphChildren(old, node);
    if (node.hasAttribute("value") && old.value !== node.getAttribute("value")) {
      old.value = node.getAttribute("value");
    }
    if (old.type === "checkbox" || old.type === "radio") old.checked = node.hasAttribute("checked");
    return;
  }
  morphChildren(old, node);
}

const heads = new Map(); // head HTML -> Promise, once per page

// Add `html` to the page's <head> once; resolves when its scripts have run. Scripts
// without `async` run one after the other in document order, as in a page's own <head>.
export function addHead(html) {
  if (!heads.has(html)) heads.set(html, insertHead(html));
  return heads.get(html);
}

async function insertHead(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const pending = [];
  for (const node of [...template.content.childNodes]) {
    if (node.nodeName !== "SCRIPT") {
      document.head.append(document.importNode(node, true));
      continue;
    }
    const script = document.createElement("script");
    for (const { name, value } of node.attributes) script.setAttribute(name, value);
    script.textContent = node.textContent;
    const loaded = script.src ? loading(script) : null;
    document.head.append(script);
    if (loaded && node.hasAttribute("async")) pending.push(loaded);
    else if (loaded) await loaded;
  }
  await Promise.all(pending);
}

function loading(script) {
  return new Promise((resolve) => {
    script.addEventListener("load", resolve, { once: true });
    script.addEventListener("error", () => {
      console.error(`Blocks: the head script ${script.src} could not be loaded.`);
      resolve();
    }, { once: true });
  });
}
