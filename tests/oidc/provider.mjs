// A real OpenID provider for the tests: the `oidc-provider` package (pinned in package.json),
// started once per run by tests/run.sh on the port it is given:
//   node tests/oidc/provider.mjs PORT
// Its one client is the server under test: `pilot`, secret `pilot-secret`, PKCE required. A
// loopback redirect URI is matched on any port (RFC 8252 §7.3, for a `native` client), as each
// test's server takes a port of its own. Anyone signs in as whatever account they type on its
// login page (no password): the server is what is tested, not the provider. The account is
// the ID token's `sub` and `preferred_username`.
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "pilot",
      client_secret: "pilot-secret",
      application_type: "native",
      redirect_uris: ["http://127.0.0.1/api/v1/session/oidc/callback"],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  pkce: { required: () => true },
  claims: { openid: ["sub"], profile: ["preferred_username", "name"] },
  // The profile's claims in the ID token itself, which is all the server reads.
  conformIdTokenClaims: false,
  findAccount: (_ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, preferred_username: id, name: id }),
  }),
  features: { devInteractions: { enabled: false } },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  cookies: { keys: ["test-provider-only"] },
});

function escape(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

async function form(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

// The provider's own pages: a login form, and consent given at once.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { uid, prompt, params, session } = details;
  if (prompt.name === "login" && req.method === "POST") {
    const login = (await form(req)).get("login") || "";
    return provider.interactionFinished(req, res, { login: { accountId: login.trim() } }, { mergeWithLastSubmission: false });
  }
  if (prompt.name === "login") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    return res.end(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>统一身份认证</title></head>
<body><main><h1>统一身份认证（测试）</h1><p>客户端：${escape(params.client_id)}</p>
<form method="post" action="/interaction/${uid}"><label for="login">账号</label>
<input id="login" name="login" autocomplete="username" required><button type="submit">登录</button></form></main></body></html>`);
  }
  const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
  grant.addOIDCScope(params.scope);
  const grantId = await grant.save();
  return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

const callback = provider.callback();
http
  .createServer((req, res) => {
    if (req.url.startsWith("/interaction/")) {
      interaction(req, res).catch((e) => {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end(String(e));
      });
    } else {
      callback(req, res);
    }
  })
  .listen(port, "127.0.0.1", () => console.log(`oidc provider ${issuer}`));
