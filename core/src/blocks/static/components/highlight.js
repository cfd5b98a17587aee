// Syntax highlighting for gr.Code and gr.ParamViewer, with the vendored highlight.js
// (static/vendor/highlight, refreshed by tools/vendor_highlight.py). The engine and
// each grammar are ES modules imported on first use, so a page downloads only the
// languages it shows.

const VENDOR = new URL("../vendor/highlight/", import.meta.url);

// gr.Code's language names -> the grammars they need (the first is the one used).
const GRAMMARS = {
  python: ["python"], c: ["c"], cpp: ["cpp"], markdown: ["markdown"], latex: ["latex"],
  json: ["json"], html: ["xml", "css", "javascript"], css: ["css"],
  javascript: ["javascript"], jinja2: ["django"], typescript: ["typescript"], yaml: ["yaml"],
  dockerfile: ["dockerfile", "bash"], shell: ["bash"], r: ["r"], sql: ["sql"],
  "sql-pgSQL": ["pgsql"],
};

let engine = null;
const grammars = new Map(); // grammar -> Promise

function grammarsOf(language) {
  if (!language) return null;
  if (GRAMMARS[language]) return GRAMMARS[language];
  return language.startsWith("sql-") ? ["sql"] : null;
}

async function load(names) {
  engine ??= import(new URL("core.min.js", VENDOR).href).then((module) => module.default);
  const hljs = await engine;
  await Promise.all(names.map((name) => {
    if (!grammars.has(name)) {
      grammars.set(name, import(new URL(`languages/${name}.min.js`, VENDOR).href)
        .then((module) => hljs.registerLanguage(name, module.default)));
    }
    return grammars.get(name);
  }));
  return hljs;
}

// The code as highlighted HTML (highlight.js escapes the text), or null for a
// language without a grammar (shown as plain text).
export async function highlight(code, language) {
  const names = grammarsOf(language);
  if (!names) return null;
  const hljs = await load(names);
  return hljs.highlight(code, { language: names[0], ignoreIllegals: true }).value;
}

// Highlighted HTML cut into lines: a span open at the end of a line is closed there
// and opened again at the start of the next, so each line stands alone.
export function splitLines(html) {
  const lines = [];
  let open = [];
  let line = "";
  for (const part of html.split(/(<span[^>]*>|<\/span>|\n)/)) {
    if (part === "\n") {
      lines.push(line + "</span>".repeat(open.length));
      line = open.join("");
    } else if (part.startsWith("<span")) {
      open.push(part);
      line += part;
    } else if (part === "</span>") {
      open.pop();
      line += part;
    } else {
      line += part;
    }
  }
  lines.push(line + "</span>".repeat(open.length));
  return lines;
}
