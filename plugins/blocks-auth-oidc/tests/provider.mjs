// A real OpenID provider for the tests: the certified `oidc-provider` package from the npm
// registry, on loopback, with one client (the app under test) and its development sign-in
// pages (any login name, any password). Usage:
//   node provider.mjs PORT CLIENT_ID CLIENT_SECRET REDIRECT_URI POST_LOGOUT_URI
import Provider from "oidc-provider";

const [port, clientId, clientSecret, redirectUri, postLogoutUri] = process.argv.slice(2);
const people = {
  ada: { name: "Ada Lovelace", email: "ada@example.com", email_verified: true },
};

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_basic",
  }],
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    profile: ["name", "preferred_username"],
    email: ["email", "email_verified"],
  },
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, preferred_username: id, name: id, ...(people[id] || {}) };
      },
    };
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  cookies: { keys: ["blocks-test-provider"] },
});

provider.listen(Number(port), "127.0.0.1", () => console.log("ready"));
