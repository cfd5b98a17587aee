// The page's one websocket (see docs/protocol.md): connects, keeps what is sent
// before the session is known, reconnects to the same session after a loss, and
// says goodbye when the page goes away.

const RETRY_MS = 1000;
// The server closes a page's connection with this code when its visitor must sign in
// (logged out, login expired): the page reloads, and the server shows its login page.
export const SIGNED_OUT = 4401;

// Reload at most once in 10 seconds, so that a server that keeps refusing cannot
// make the page reload in a loop.
export function signInAgain() {
  const last = Number(sessionStorage.getItem("blocks-signed-out") || 0);
  if (Date.now() - last < 10000) return false;
  sessionStorage.setItem("blocks-signed-out", String(Date.now()));
  location.reload();
  return true;
}

export class Connection {
  // `onMessage(message)` gets every frame, parsed; `onLost(unsent)` is told when an
  // open connection drops (`unsent`: the ids of events still waiting to be sent);
  // `onRetry(attempt)` before each new attempt while the server cannot be reached;
  // `onSignedOut()` when the server says the visitor must sign in again.
  // `pageToken`: the page shell's token, shown on connecting: this is the app's own page
  // (it may run private listeners; a program connecting without it may not).
  constructor(root, { onMessage, onLost = () => {}, onRetry = () => {}, onSignedOut = () => {},
                      pageToken = null }) {
    this.root = root;
    this.pageToken = pageToken;
    this.onMessage = onMessage;
    this.onLost = onLost;
    this.onRetry = onRetry;
    this.onSignedOut = onSignedOut;
    this.ws = null;
    this.sessionHash = null;
    this.outbox = [];
    this.attempts = 0; // failed attempts since the connection was lost
    this.leaving = false;
    this.navigating = false; // the page is on its way elsewhere (a link, e.g. to /logout)
    window.addEventListener("pagehide", () => this.leave());
    window.addEventListener("beforeunload", () => {
      this.navigating = true;
    });
  }

  connect() {
    const url = new URL(`${this.root}/ws`, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    url.search = location.search;
    if (this.sessionHash) url.searchParams.set("__session", this.sessionHash);
    if (this.pageToken) url.searchParams.set("__page", this.pageToken);
    const ws = new WebSocket(url);
    this.ws = ws;
    let opened = false;
    ws.addEventListener("open", () => {
      opened = true;
    });
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      if (message.type === "session") {
        this.attempts = 0;
        this.sessionHash = message.session_hash;
        for (const queued of this.outbox.splice(0)) ws.send(JSON.stringify(queued));
      }
      this.onMessage(message);
    });
    ws.addEventListener("close", (event) => {
      // 4001: another connection took this page's session over; coming back would take it back
      if (this.ws !== ws || this.leaving || event.code === 4001) return;
      if (event.code === SIGNED_OUT) {
        this.ws = null;
        this.leaving = true;
        // a page already leaving (its own /logout link) goes on; the others reload at once
        setTimeout(() => this.onSignedOut(), this.navigating ? 2000 : 0);
        return;
      }
      this.ws = null;
      if (opened) {
        this.onLost(new Set(this.outbox.filter((m) => m.type === "event").map((m) => m.id)));
      } else {
        this.attempts += 1;
      }
      setTimeout(() => {
        if (this.leaving) return;
        if (this.attempts) this.onRetry(this.attempts);
        this.connect();
      }, RETRY_MS);
    });
  }

  get open() {
    return !!(this.ws && this.ws.readyState === WebSocket.OPEN && this.sessionHash);
  }

  // Send a message now, or once the connection (and its session) is back.
  send(message) {
    if (this.open) this.ws.send(JSON.stringify(message));
    else this.outbox.push(message);
  }

  // Leaving the page ends the session at once (its unload functions run).
  leave() {
    this.leaving = true;
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: "close" }));
      this.ws.close(1000, "page closed");
    }
  }
}
