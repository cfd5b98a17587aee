// Component modules, loaded on demand and each on its own: one that fails (missing,
// a syntax error, an error when it runs, no `blocks-<type>` element) does not stop
// the others. The runtime shows <blocks-module-error> in its place: an alert that
// names the module and the error, which keeps the component's children and props.

import { BlocksElement, define, el, stylesheetsLoaded } from "../base.js";

const imports = new Map(); // module URL -> Promise of the module

function importOnce(url) {
  if (!imports.has(url)) imports.set(url, import(url));
  return imports.get(url);
}

export function tagName(type) {
  return `blocks-${type}`;
}

// Load what a component needs. Resolves to null when its element can be created,
// else to the Error that says why not; never rejects.
export async function loadComponent(root, spec) {
  const tag = tagName(spec.type);
  if (spec.module) {
    try {
      await importOnce(`${root}/assets/${spec.module}`);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  }
  if (customElements.get(tag)) return null;
  return new Error(spec.module ? `${spec.module} does not define the element <${tag}>.`
    : `No browser module provides <${tag}>.`);
}

// Load every component of `specs` at once, and the stylesheets their modules ask
// for; resolves to a Map type -> Error of the ones that failed.
export async function loadComponents(root, specs) {
  const byType = new Map();
  for (const spec of specs) if (spec && !byType.has(spec.type)) byType.set(spec.type, spec);
  const failures = new Map();
  await Promise.all([...byType.values()].map(async (spec) => {
    const error = await loadComponent(root, spec);
    if (error) failures.set(spec.type, error);
  }));
  await stylesheetsLoaded(); // the ones these modules asked for
  return failures;
}

// What stands in for a component whose module failed.
export class ModuleError extends BlocksElement {
  build() {
    const { spec = {}, error = null } = this.failure || {};
    this.classList.add("block", "module-error");
    this.setAttribute("role", "alert");
    const what = spec.module || tagName(spec.type);
    const message = error ? `${error.name && error.name !== "Error" ? `${error.name}: ` : ""}${error.message}` : "";
    this.prepend(el("p", { class: "module-error-text" },
      el("strong", { text: `The component ${spec.type} could not be shown.` }), " ",
      `${what} failed: ${message}`));
  }
}

define("blocks-module-error", ModuleError);
