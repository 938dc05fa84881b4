// A real OpenID Connect provider (panva's oidc-provider) for the test suite, started by the
// `oidc_provider` fixture (tests/oidc.py) on 127.0.0.1. Only its configuration is ours: the
// clients and accounts come from the JSON file named by OIDC_TEST_CONFIG, and its login page
// is a small form of our own instead of the library's development pages (stable labels for
// the browser test, and passwords that are actually checked).
//
// OIDC_TEST_CONFIG = {
//   "port": 12345,
//   "clients": [{"client_id": ..., "client_secret": ..., "redirect_uris": [...]}],
//   "accounts": {"<login>": {"password": ..., "claims": {"sub": ..., "email": ..., ...}}}
// }
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.env.OIDC_TEST_CONFIG, 'utf8'));
const issuer = `http://127.0.0.1:${config.port}`;
const accounts = new Map(Object.entries(config.accounts));
const bySub = new Map([...accounts.values()].map((account) => [account.claims.sub, account]));

const provider = new Provider(issuer, {
  clients: config.clients.map((client) => ({
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'RS256',
    // The Django test client and pytest-django's live server answer on a loopback address
    // whose port is chosen at run time: a native client's loopback redirect URIs match on
    // any port (RFC 8252, section 7.3), which is all this setting changes here.
    application_type: 'native',
    ...client,
  })),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
    groups: ['groups'],
  },
  scopes: ['openid', 'email', 'profile', 'groups'],
  async findAccount(ctx, sub) {
    const account = bySub.get(sub);
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ ...account.claims }) };
  },
  features: {
    devInteractions: { enabled: false },
    rpInitiatedLogout: { enabled: false },
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => false },
  ttl: { IdToken: 300, AccessToken: 300, AuthorizationCode: 60, Interaction: 600, Session: 600, Grant: 600 },
  cookies: { keys: ['test-only-cookie-key'] },
});
provider.proxy = false;

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid, error = '') {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Organisation sign-in</title></head>
<body><h1>Organisation sign-in</h1>${error ? `<p role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}">
<label>Username <input name="login" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Sign in</button></form></body></html>`;
}

async function readForm(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid));
    return;
  }
  const form = await readForm(req);
  const account = accounts.get(form.get('login') || '');
  if (!account || account.password !== form.get('password')) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(loginPage(details.uid, 'Wrong username or password.'));
    return;
  }
  // Consent is given at once: staff sign in to their own organisation's application.
  const accountId = account.claims.sub;
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

const callback = provider.callback();
createServer((req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((error) => {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`interaction failed: ${error.message}`);
    });
    return;
  }
  callback(req, res);
}).listen(config.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
