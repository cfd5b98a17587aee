// Reload mode (`blocks run app.py`): the page listens to the server's reload stream
// (GET <root>/dev/reload?generation=<token>, docs/protocol.md). `reload`: the app was
// rebuilt from the edited script, so the page loads again. `build_error`: the latest edit
// fails (the last good app keeps serving); its message is shown until an edit works.

const meta = document.querySelector('meta[name="blocks-reload"]');

function showError(message) {
  let box = document.getElementById("blocks-reload-error");
  if (!message) {
    box?.remove();
    return;
  }
  if (!box) {
    box = document.createElement("section");
    box.id = "blocks-reload-error";
    box.setAttribute("role", "alert");
    box.setAttribute("aria-labelledby", "blocks-reload-error-title");
    Object.assign(box.style, {
      margin: "0.5rem", padding: "0.75rem 1rem", border: "2px solid #b91c1c",
      borderRadius: "0.5rem", background: "#fef2f2", color: "#7f1d1d",
    });
    document.body.prepend(box);
  }
  const title = document.createElement("h2");
  title.id = "blocks-reload-error-title";
  title.style.margin = "0 0 0.5rem";
  title.style.fontSize = "1rem";
  title.textContent = "The edited script failed; this page still runs the last version that worked";
  const text = document.createElement("pre");
  text.style.whiteSpace = "pre-wrap";
  text.style.margin = "0";
  text.textContent = message;
  box.replaceChildren(title, text);
}

if (meta) {
  const source = new EventSource(meta.content);
  source.addEventListener("reload", () => {
    source.close();
    location.reload();
  });
  source.addEventListener("build_error", (event) => showError(JSON.parse(event.data).message));
}
