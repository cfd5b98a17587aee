// The API page's copy buttons: each copies the snippet (<pre>) just before it and
// says so in the page's polite live region.

const status = document.getElementById("copy-status");

async function copy(text) {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // plain http on another host than localhost: the Clipboard API is not offered
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const done = document.execCommand("copy");
  area.remove();
  if (!done) throw new Error("The browser refused to copy.");
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  button.addEventListener("click", async () => {
    const code = button.previousElementSibling;
    const label = button.getAttribute("aria-label") || "snippet";
    try {
      await copy(code.textContent);
      button.textContent = "Copied";
      status.textContent = `${label.replace(/^Copy /, "")}: copied.`;
    } catch (error) {
      button.textContent = "Copy failed";
      status.textContent = `Copying failed: ${error.message}`;
    }
    setTimeout(() => { button.textContent = "Copy"; }, 2000);
  });
}
