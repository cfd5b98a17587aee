// The theme chosen in the page's Settings (kept in this browser), applied before the
// page paints; ?__theme=dark|light (a class the server set) wins over it.
(function () {
  var root = document.documentElement;
  if (root.classList.contains("dark") || root.classList.contains("light")) return;
  var mode = null;
  try { mode = localStorage.getItem("blocks-theme"); } catch (error) { return; }
  if (mode === "dark" || mode === "light") root.classList.add(mode);
})();
