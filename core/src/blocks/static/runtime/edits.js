// Streaming edits (docs/protocol.md, "Streaming edits"): after a job's first value for
// an output, the server may send `edits` that turn that value into the next one.
// Each edit is [op, path, arg]; lists and objects are changed in place.

function changed(current, op, arg) {
  if (op === "replace") return arg;
  if (op === "append") {
    if (Array.isArray(current)) {
      current.push(...arg);
      return current;
    }
    if (typeof current === "string" && typeof arg === "string") return current + arg;
    throw new Error("append needs a string or a list");
  }
  if (op === "splice") {
    const [cut, text] = arg;
    if (typeof current !== "string") throw new Error("splice needs a string");
    return current.slice(0, current.length - cut) + text; // cut counts UTF-16 code units
  }
  throw new Error(`unknown edit ${op}`);
}

// Apply `edits` to `value`; returns the new value (the same object unless the root
// itself was replaced, or is a string).
export function applyEdits(value, edits) {
  for (const [op, path, arg] of edits) {
    if (!path.length) {
      value = changed(value, op, arg);
      continue;
    }
    let parent = value;
    for (const key of path.slice(0, -1)) parent = parent[key];
    const key = path[path.length - 1];
    if (op === "add") {
      if (Array.isArray(parent)) parent.splice(Number(key), 0, arg);
      else parent[key] = arg;
    } else if (op === "delete") {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    } else {
      parent[key] = changed(parent[key], op, arg);
    }
  }
  return value;
}
