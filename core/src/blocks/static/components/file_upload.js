// Helpers of gr.File and gr.UploadButton: the `accept` of a file input from `file_types`,
// a human size, and an upload with progress (XMLHttpRequest reports bytes sent; fetch does not).

// Whether a component's `file_count` takes several files.
export const many = (props) => !!props.file_count && props.file_count !== "single";

export function acceptOf(fileTypes) {
  if (!fileTypes || !fileTypes.length || fileTypes.includes("file")) return null;
  return fileTypes.map((kind) => (kind.startsWith(".") || kind.includes("/") ? kind : `${kind}/*`))
    .join(",");
}

export function humanSize(bytes) {
  if (bytes === null || bytes === undefined) return "";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let size = bytes;
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) { size /= 1024; unit += 1; }
  return `${unit ? size.toFixed(1) : size} ${units[unit]}`;
}

// POST the files to <root>/upload; onProgress(fraction) while they are sent. Resolves to
// their FileData list; rejects with the server's message.
export function uploadFiles(blocks, files, onProgress) {
  return new Promise((resolve, reject) => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${blocks.root}/upload`);
    xhr.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable && onProgress) onProgress(event.loaded / event.total);
    });
    xhr.addEventListener("load", () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch { /* not JSON: use the status */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new Error(body.error || `Upload failed (${xhr.status}).`));
    });
    xhr.addEventListener("error", () => reject(new Error("Upload failed: the network failed.")));
    xhr.send(form);
  });
}

// Upload `picked` (only the first unless `file_count` takes several) for the element `host`
// with the <progress> `progress` and the alert line `error`; then `value(uploaded)` becomes
// its value and `change` and `upload` are emitted. `busy` gets aria-busy meanwhile.
export async function takeFiles(host, picked, { progress, error, busy, value }) {
  if (!host.blocks) return;
  const several = many(host.props);
  error.hidden = true;
  progress.hidden = false;
  progress.value = 0;
  busy.setAttribute("aria-busy", "true");
  try {
    const uploaded = await uploadFiles(host.blocks, several ? picked : picked.slice(0, 1),
                                       (done) => { progress.value = done; });
    const next = value(uploaded, several);
    host.setProps({ value: next });
    host.userChanged(next, { input: false });
    host.emit("upload");
  } catch (failure) {
    error.textContent = failure.message || String(failure);
    error.hidden = false;
  } finally {
    progress.hidden = true;
    busy.removeAttribute("aria-busy");
  }
}
