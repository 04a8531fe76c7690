#!/usr/bin/env node
// FranceConnect v2 simulator (development / test tool only, never for production).
//
//   node server.mjs --host 127.0.0.1 --port 0 --clients clients.json [--test-mode] [--salt S]
//
// Prints exactly one line on stdout once ready:
//   listening on http://HOST:PORT/api/v2
// Everything else (logs) goes to stderr. Tokens, codes and identities are never logged.

// oidc-provider writes some notices with console.info (stdout): keep stdout for the
// single "listening on" line.
console.log = (...args) => console.error(...args);
console.info = (...args) => console.error(...args);

import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import * as jose from 'jose';
import Provider, { errors } from 'oidc-provider';

const HERE = dirname(fileURLToPath(import.meta.url));
const PREFIX = '/api/v2';
const TEST_PASSWORD = '123';
const ACR = 'eidas1';
const MIN_NONCE_LENGTH = 22;

// FranceConnect lifetimes (seconds).
const TTL = {
  AuthorizationCode: 30,
  AccessToken: 60,
  IdToken: 60,
  Session: 1800,
  Grant: 1800,
  Interaction: 1800,
};

const IDENTITY_PROVIDERS = [
  { code: 'impots', label: 'impots.gouv.fr' },
  { code: 'ameli', label: 'ameli.fr' },
  { code: 'laposte', label: "L'Identité Numérique La Poste" },
  { code: 'msa', label: 'MSA' },
  { code: 'mobileconnect', label: 'Mobile Connect et moi' },
];

const CLAIM_NAMES = [
  'given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry',
  'email', 'preferred_username',
];

const FAULT_KINDS = new Set([
  'bad_signature', 'wrong_nonce', 'wrong_iss', 'wrong_aud', 'expired', 'no_acr',
  'wrong_acr', 'userinfo_bad_signature', 'token_error', 'unknown_kid',
]);

function log(message) {
  process.stderr.write(`[franceconnect-sim] ${new Date().toISOString()} ${message}\n`);
}

function usage(exitCode) {
  process.stderr.write(`usage: node server.mjs [--host 127.0.0.1] [--port 0] --clients clients.json
                      [--identities identities.csv] [--salt SALT] [--test-mode]
`);
  process.exit(exitCode);
}

// ---------------------------------------------------------------------------
// Command line

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      clients: { type: 'string' },
      identities: { type: 'string', default: join(HERE, 'identities.csv') },
      salt: { type: 'string', default: 'franceconnect-sim-default-salt' },
      'test-mode': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  usage(2);
}
if (args.help) usage(0);
if (!args.clients) {
  process.stderr.write('--clients is required\n');
  usage(2);
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`invalid --port: ${args.port}\n`);
  usage(2);
}
const testMode = args['test-mode'];

// ---------------------------------------------------------------------------
// Identities (FranceConnect's public integration identities, password 123)

function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field); field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function loadIdentities(file) {
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  for (const name of ['login', ...CLAIM_NAMES]) {
    if (!header.includes(name)) throw new Error(`${file}: missing column ${name}`);
  }
  const byLogin = new Map();
  for (const row of rows) {
    const identity = {};
    header.forEach((name, i) => { identity[name] = (row[i] ?? '').normalize('NFC'); });
    byLogin.set(identity.login, identity);
  }
  return byLogin;
}

// ---------------------------------------------------------------------------
// Clients

function loadClients(file) {
  const list = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(list)) throw new Error(`${file}: expected a JSON array`);
  return list.map((c, i) => {
    for (const key of ['client_id', 'client_secret']) {
      if (typeof c[key] !== 'string' || !c[key]) throw new Error(`${file}[${i}]: ${key} is required`);
    }
    if (!Array.isArray(c.redirect_uris) || !c.redirect_uris.length) {
      throw new Error(`${file}[${i}]: redirect_uris must be a non-empty array`);
    }
    const hosts = new Set(c.redirect_uris.map((u) => new URL(u).host));
    if (hosts.size > 1) {
      // pairwise subjects are computed per sector (the redirect_uris host): one host per client.
      throw new Error(`${file}[${i}]: all redirect_uris of a client must share one host:port`);
    }
    return {
      client_id: c.client_id,
      client_secret: c.client_secret,
      ...(c.client_name ? { client_name: String(c.client_name) } : {}),
      redirect_uris: c.redirect_uris,
      post_logout_redirect_uris: c.post_logout_redirect_uris || [],
      token_endpoint_auth_method: 'client_secret_post',
      response_types: ['code'],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'ES256',
      subject_type: 'pairwise',
      application_type: 'web',
    };
  });
}

let identities;
let clients;
try {
  identities = loadIdentities(args.identities);
  clients = loadClients(args.clients);
} catch (err) {
  process.stderr.write(`franceconnect-sim: ${err.message}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------
// HTML helpers (plain server-rendered French pages, no JavaScript)

function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({
    '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  }[c]));
}

const STYLE = `
body{font-family:Marianne,Arial,sans-serif;margin:0;color:#161616;background:#f6f6f6}
header{background:#fff;border-bottom:1px solid #ddd;padding:1rem 2rem}
header p{margin:0;font-weight:700;color:#000091}
header small{font-weight:400;color:#666}
main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border:1px solid #ddd}
h1{font-size:1.5rem}
ul.idps{list-style:none;padding:0}
ul.idps li{margin:0 0 .75rem}
button{font:inherit;padding:.6rem 1rem;cursor:pointer;border:1px solid #000091;background:#fff;color:#000091}
button.primary,ul.idps button{background:#000091;color:#fff;min-width:20rem;text-align:left}
button:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}
label{display:block;font-weight:700;margin:1rem 0 .25rem}
input[type=text],input[type=password]{font:inherit;padding:.5rem;width:100%;box-sizing:border-box}
.error{color:#ce0500;font-weight:700;border-left:4px solid #ce0500;padding-left:.5rem}
.actions{margin-top:1.5rem;display:flex;gap:1rem;flex-wrap:wrap}
code{background:#eee;padding:0 .25rem}
`;

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} - FranceConnect (simulateur)</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>FranceConnect <small>simulateur de développement et de test</small></p></header>
<main id="main">
${body}
</main>
</body>
</html>
`;
}

function sendHtml(ctx, status, html) {
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

function errorPage(title, description) {
  return page(title, `<h1>${esc(title)}</h1>
<p role="alert" class="error" id="error">${esc(description)}</p>`);
}

// ---------------------------------------------------------------------------
// Provider configuration

function pairwiseIdentifier(ctx, accountId, client) {
  return createHash('sha256')
    .update(`${accountId}\u0000${client.clientId}\u0000${args.salt}`, 'utf8')
    .digest('hex');
}

async function findAccount(ctx, accountId) {
  const identity = identities.get(accountId);
  if (!identity) return undefined;
  return {
    accountId,
    async claims() {
      const claims = { sub: accountId };
      // Every claim is returned exactly as written in identities.csv, empty strings
      // included (birthplace of people born abroad, empty preferred_username).
      for (const name of CLAIM_NAMES) claims[name] = identity[name];
      return claims;
    },
  };
}

// Consent is implicit on FranceConnect: the grant always covers what the request asks for.
async function loadExistingGrant(ctx) {
  const { oidc } = ctx;
  const accountId = oidc.session.accountId;
  const clientId = oidc.client.clientId;
  const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
  let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
  if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) {
    grant = new oidc.provider.Grant({ accountId, clientId });
  }
  const scopes = [...oidc.requestParamScopes];
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  await grant.save();
  return grant;
}

async function renderError(ctx, out) {
  const description = out.error_description ? `${out.error} : ${out.error_description}` : out.error;
  sendHtml(ctx, ctx.status || 400, errorPage('Une erreur est survenue', description));
}

const extraParams = {
  // FranceConnect refuses any other level than eidas1.
  async acr_values(ctx, value) {
    if (value !== ACR) {
      throw new errors.InvalidRequest(`acr_values must be exactly "${ACR}"`);
    }
  },
  async nonce(ctx, value) {
    if (typeof value !== 'string' || value.length < MIN_NONCE_LENGTH) {
      throw new errors.InvalidRequest(`nonce is required and must be at least ${MIN_NONCE_LENGTH} characters long`);
    }
  },
  async state(ctx, value) {
    if (typeof value !== 'string' || !value) {
      throw new errors.InvalidRequest('state is required');
    }
  },
};

async function makeSigningKey() {
  const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = randomBytes(12).toString('base64url');
  jwk.alg = 'ES256';
  jwk.use = 'sig';
  return { jwk, privateKey };
}

// ---------------------------------------------------------------------------
// Startup: listen first (port 0), then build the provider with the real issuer.

const signing = await makeSigningKey();
let handler = (req, res) => { res.statusCode = 503; res.end(); };
const server = createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 5000;

await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, args.host, resolve);
}).catch((err) => {
  process.stderr.write(`franceconnect-sim: cannot listen on ${args.host}:${port}: ${err.message}\n`);
  process.exit(1);
});

const boundPort = server.address().port;
const hostForUrl = args.host.includes(':') ? `[${args.host}]` : args.host;
const issuer = `http://${hostForUrl}:${boundPort}${PREFIX}`;

const cookieOptions = { httpOnly: true, sameSite: 'lax', signed: true };

const provider = new Provider(issuer, {
  clients,
  clientDefaults: {
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
    subject_type: 'pairwise',
  },
  clientAuthMethods: ['client_secret_post'],
  responseTypes: ['code'],
  subjectTypes: ['pairwise'],
  pairwiseIdentifier,
  acrValues: [ACR],
  scopes: ['openid'],
  claims: {
    acr: null,
    auth_time: null,
    iss: null,
    sid: null,
    openid: ['sub'],
    given_name: ['given_name'],
    family_name: ['family_name'],
    birthdate: ['birthdate'],
    gender: ['gender'],
    birthplace: ['birthplace'],
    birthcountry: ['birthcountry'],
    email: ['email'],
    preferred_username: ['preferred_username'],
    profile: ['given_name', 'family_name', 'birthdate', 'gender', 'preferred_username'],
    birth: ['birthplace', 'birthcountry'],
    identite_pivot: ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'],
  },
  conformIdTokenClaims: true,
  extraParams,
  findAccount,
  loadExistingGrant,
  issueRefreshToken: () => false,
  allowOmittingSingleRegisteredRedirectUri: false,
  clientBasedCORS: () => false,
  pkce: { required: () => false, methods: ['S256'] },
  jwks: { keys: [signing.jwk] },
  enabledJWA: {
    idTokenSigningAlgValues: ['ES256'],
    userinfoSigningAlgValues: ['ES256'],
  },
  cookies: {
    keys: [randomBytes(32).toString('hex')],
    long: cookieOptions,
    short: cookieOptions,
  },
  ttl: TTL,
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/session/end',
  },
  interactions: {
    url: (ctx, interaction) => `${PREFIX}/interaction/${interaction.uid}`,
  },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    userinfo: { enabled: true },
    jwtUserinfo: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    pushedAuthorizationRequests: { enabled: false },
    rpInitiatedLogout: {
      enabled: true,
      // Never shown: GET /session/end is completed without confirmation (see below).
      logoutSource: async (ctx, form) => {
        ctx.body = page('Déconnexion', `<h1>Déconnexion</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes" id="logout">Se déconnecter</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Déconnexion', '<h1>Vous êtes déconnecté de FranceConnect.</h1>');
      },
    },
  },
  renderError,
});
provider.proxy = false;

for (const event of ['server_error', 'authorization.error', 'grant.error', 'userinfo.error', 'end_session.error']) {
  provider.on(event, (ctx, err) => {
    log(`${event}: ${err?.error || err?.name || 'error'}${err?.error_description ? ` (${err.error_description})` : ''}`);
    if (event === 'server_error') log(err?.stack || String(err));
  });
}

// ---------------------------------------------------------------------------
// Interactions: identity provider choice, login, abort.

async function readForm(ctx, limit = 64 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += chunk.length;
    if (size > limit) ctx.throw(413, 'body too large');
    chunks.push(chunk);
  }
  const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  return Object.fromEntries(params.entries());
}

async function clientLabel(clientId) {
  const client = await provider.Client.find(clientId);
  return client?.clientName || clientId;
}

function choicePage(uid, fsName) {
  const base = `${PREFIX}/interaction/${encodeURIComponent(uid)}`;
  const buttons = IDENTITY_PROVIDERS.map((idp) => `<li>
<form method="post" action="${base}/idp">
<input type="hidden" name="idp" value="${esc(idp.code)}">
<button type="submit" id="idp-${esc(idp.code)}">${esc(idp.label)}</button>
</form>
</li>`).join('\n');
  const title = `Je choisis un compte pour me connecter sur ${fsName}`;
  return page(title, `<h1>${esc(title)}</h1>
<p>Choisissez le compte de l'un des fournisseurs d'identité ci-dessous.</p>
<ul class="idps" aria-label="Fournisseurs d'identité">
${buttons}
</ul>
<form method="post" action="${base}/abort" class="actions">
<button type="submit" id="cancel">Annuler et revenir sur ${esc(fsName)}</button>
</form>`);
}

function loginPage(uid, idp, errorMessage) {
  const base = `${PREFIX}/interaction/${encodeURIComponent(uid)}`;
  const hints = [...identities.values()].map((id) => `<li><code>${esc(id.login)}</code></li>`).join('\n');
  const title = `Connexion avec ${idp.label}`;
  return page(title, `<h1>${esc(title)}</h1>
<p>Fournisseur d'identité simulé : saisissez l'identifiant d'une identité de test.</p>
${errorMessage ? `<p role="alert" class="error" id="error">${esc(errorMessage)}</p>` : ''}
<form method="post" action="${base}/login">
<input type="hidden" name="idp" value="${esc(idp.code)}">
<label for="login">Identifiant</label>
<input type="text" id="login" name="login" autocomplete="username"${errorMessage ? ' aria-describedby="error"' : ''}>
<label for="password">Mot de passe</label>
<input type="password" id="password" name="password" autocomplete="current-password">
<div class="actions">
<button type="submit" id="submit" class="primary">Se connecter</button>
</div>
</form>
<form method="post" action="${base}/abort" class="actions">
<button type="submit" id="cancel">Annuler</button>
</form>
<section aria-labelledby="hint-title">
<h2 id="hint-title">Identités de test</h2>
<p>Mot de passe de toutes les identités : <code>${TEST_PASSWORD}</code></p>
<ul id="test-logins">
${hints}
</ul>
</section>`);
}

function findIdp(code) {
  return IDENTITY_PROVIDERS.find((idp) => idp.code === code);
}

async function finish(ctx, result) {
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

async function interactionRoutes(ctx, uid, action) {
  let details;
  try {
    details = await provider.interactionDetails(ctx.req, ctx.res);
  } catch (err) {
    sendHtml(ctx, 400, errorPage('Session expirée', "La demande de connexion est introuvable ou a expiré. Recommencez depuis le service."));
    return;
  }
  if (details.uid !== uid) {
    sendHtml(ctx, 400, errorPage('Session expirée', 'La demande de connexion ne correspond pas à cette page.'));
    return;
  }
  const { prompt, params } = details;
  const fsName = await clientLabel(params.client_id);
  const base = `${PREFIX}/interaction/${encodeURIComponent(uid)}`;

  if (action === 'abort') {
    if (ctx.method !== 'POST') ctx.throw(405);
    log('interaction aborted by the usager');
    await finish(ctx, { error: 'access_denied', error_description: "L'usager a annulé la connexion." });
    return;
  }

  if (prompt.name !== 'login') {
    // Consent is implicit on FranceConnect. Not normally reached (loadExistingGrant already
    // grants what is asked), kept as a safety net: grant what the prompt says is missing.
    const { details: missing } = prompt;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: details.session.accountId, clientId: params.client_id });
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const result = { consent: { grantId: await grant.save() } };
    const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: true });
    ctx.status = 303;
    ctx.redirect(returnTo);
    return;
  }

  if (!action) {
    if (ctx.method !== 'GET') ctx.throw(405);
    sendHtml(ctx, 200, choicePage(uid, fsName));
    return;
  }

  if (action === 'idp') {
    if (ctx.method !== 'POST') ctx.throw(405);
    const form = await readForm(ctx);
    const idp = findIdp(form.idp);
    if (!idp) {
      sendHtml(ctx, 400, errorPage('Fournisseur inconnu', "Ce fournisseur d'identité n'existe pas."));
      return;
    }
    ctx.status = 303;
    ctx.redirect(`${base}/login?idp=${encodeURIComponent(idp.code)}`);
    return;
  }

  // action === 'login'
  if (ctx.method === 'GET') {
    const idp = findIdp(ctx.query.idp);
    if (!idp) {
      ctx.status = 303;
      ctx.redirect(base);
      return;
    }
    sendHtml(ctx, 200, loginPage(uid, idp, null));
    return;
  }
  if (ctx.method !== 'POST') ctx.throw(405);
  const form = await readForm(ctx);
  const idp = form.idp === undefined ? IDENTITY_PROVIDERS[0] : findIdp(form.idp);
  if (!idp) {
    sendHtml(ctx, 400, errorPage('Fournisseur inconnu', "Ce fournisseur d'identité n'existe pas."));
    return;
  }
  const login = String(form.login ?? '').normalize('NFC');
  const identity = identities.get(login);
  if (!identity || form.password !== TEST_PASSWORD) {
    log('login refused (wrong login or password)');
    sendHtml(ctx, 200, loginPage(uid, idp, 'Identifiant ou mot de passe incorrect.'));
    return;
  }
  log(`login accepted (idp ${idp.code})`);
  await finish(ctx, {
    login: { accountId: identity.login, acr: ACR, amr: ['pwd'], remember: true },
  });
}

// ---------------------------------------------------------------------------
// GET /session/end: oidc-provider validates id_token_hint and post_logout_redirect_uri
// and normally renders a confirmation form; we complete the logout at once and redirect.

async function endSession(ctx, next) {
  if (ctx.method === 'GET' && !ctx.query.id_token_hint) {
    sendHtml(ctx, 400, errorPage('Une erreur est survenue', 'invalid_request : id_token_hint is required'));
    return;
  }
  await next();
  if (ctx.status >= 400) {
    ctx.status = 400;
    return;
  }
  const session = ctx.oidc?.session;
  const state = session?.state;
  if (ctx.status !== 200 || !state?.secret) return;

  if (!ctx.oidc.params?.id_token_hint) {
    sendHtml(ctx, 400, errorPage('Une erreur est survenue', 'invalid_request : id_token_hint is required'));
    return;
  }
  for (const { grantId } of Object.values(session.authorizations || {})) {
    if (grantId) {
      const grant = await provider.Grant.find(grantId);
      if (grant) await grant.destroy();
    }
  }
  await session.destroy();
  ctx.oidc.cookies.set(provider.cookieName('session'), null, { ...cookieOptions, overwrite: true });
  log('session ended');

  ctx.set('Cache-Control', 'no-store');
  if (state.postLogoutRedirectUri) {
    const target = new URL(state.postLogoutRedirectUri);
    if (state.state != null) target.searchParams.set('state', state.state);
    ctx.status = 303;
    ctx.redirect(target.href);
    ctx.body = '';
  } else {
    sendHtml(ctx, 200, page('Déconnexion', '<h1>Vous êtes déconnecté de FranceConnect.</h1>'));
  }
}

// ---------------------------------------------------------------------------
// Test-mode faults, applied to the next successful /token or /userinfo response.

let armedFault = null;

function alterSignature(jwt) {
  const [h, p, s] = jwt.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length >> 1] ^= 0x5a;
  return `${h}.${p}.${sig.toString('base64url')}`;
}

async function resign(jwt, mutate, key = signing.privateKey, headerOverride = {}) {
  const header = { ...jose.decodeProtectedHeader(jwt), ...headerOverride };
  const payload = jose.decodeJwt(jwt);
  mutate(payload);
  return new jose.SignJWT(payload).setProtectedHeader(header).sign(key);
}

async function applyTokenFault(ctx, kind) {
  if (kind === 'token_error') {
    ctx.status = 400;
    ctx.type = 'application/json';
    ctx.body = { error: 'invalid_grant', error_description: 'grant request is invalid' };
    return;
  }
  const body = { ...ctx.body };
  const idToken = body.id_token;
  const now = Math.floor(Date.now() / 1000);
  switch (kind) {
    case 'bad_signature': body.id_token = alterSignature(idToken); break;
    case 'wrong_nonce': body.id_token = await resign(idToken, (p) => { p.nonce = `${p.nonce ?? ''}-wrong-nonce`; }); break;
    case 'wrong_iss': body.id_token = await resign(idToken, (p) => { p.iss = 'https://wrong-issuer.invalid/api/v2'; }); break;
    case 'wrong_aud': body.id_token = await resign(idToken, (p) => { p.aud = 'wrong-audience-client-id'; }); break;
    case 'expired': body.id_token = await resign(idToken, (p) => {
      p.iat = now - 3600;
      p.exp = now - 3000;
      if (p.auth_time) p.auth_time = now - 3600;
    }); break;
    case 'no_acr': body.id_token = await resign(idToken, (p) => { delete p.acr; }); break;
    case 'wrong_acr': body.id_token = await resign(idToken, (p) => { p.acr = 'eidas2'; }); break;
    case 'unknown_kid': {
      const other = await makeSigningKey();
      body.id_token = await resign(idToken, () => {}, other.privateKey, { kid: other.jwk.kid });
      break;
    }
    default: return;
  }
  ctx.body = body;
}

async function faults(ctx, next) {
  await next();
  if (!armedFault || ctx.status !== 200) return;
  if (ctx.path === '/token' && ctx.method === 'POST' && armedFault !== 'userinfo_bad_signature') {
    const kind = armedFault;
    armedFault = null;
    log(`fault applied to /token: ${kind}`);
    await applyTokenFault(ctx, kind);
  } else if (ctx.path === '/userinfo' && armedFault === 'userinfo_bad_signature' && typeof ctx.body === 'string') {
    armedFault = null;
    log('fault applied to /userinfo: userinfo_bad_signature');
    ctx.body = alterSignature(ctx.body);
  }
}

async function testRoutes(req, res) {
  const send = (status, obj) => {
    const text = JSON.stringify(obj);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(text);
  };
  if (req.method === 'DELETE') {
    armedFault = null;
    send(200, { armed: null });
    return;
  }
  if (req.method !== 'POST') {
    send(405, { error: 'method_not_allowed' });
    return;
  }
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  let kind;
  try {
    ({ kind } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
  } catch {
    send(400, { error: 'invalid_json' });
    return;
  }
  if (!FAULT_KINDS.has(kind)) {
    send(400, { error: 'unknown_kind', kinds: [...FAULT_KINDS] });
    return;
  }
  armedFault = kind;
  log(`fault armed: ${kind}`);
  send(200, { armed: kind });
}

// ---------------------------------------------------------------------------
// Middleware order inside the provider's koa app (all before its router).

provider.use(async (ctx, next) => {
  const start = Date.now();
  try {
    await next();
  } finally {
    // Path only: query strings and bodies may hold codes or tokens.
    log(`${ctx.method} ${PREFIX}${ctx.path} -> ${ctx.status} (${Date.now() - start} ms)`);
  }
});

provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(idp|login|abort))?\/?$/.exec(ctx.path);
  if (m) {
    ctx.set('Cache-Control', 'no-store');
    await interactionRoutes(ctx, m[1], m[2]);
    return;
  }
  if (ctx.path === '/token' && ctx.method === 'POST' && /^basic\b/i.test(ctx.get('authorization'))) {
    // oidc-provider treats client_secret_basic and client_secret_post as interchangeable;
    // FranceConnect only accepts client_secret_post.
    ctx.status = 401;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = {
      error: 'invalid_client',
      error_description: 'client authentication must use client_secret_post (client_secret_basic is not accepted)',
    };
    return;
  }
  if (ctx.path === '/session/end' && (ctx.method === 'GET' || ctx.method === 'POST')) {
    await endSession(ctx, next);
    return;
  }
  await next();
});

if (testMode) provider.use(faults);

const providerCallback = provider.callback();

handler = (req, res) => {
  const path = req.url.split('?')[0];
  if (path === PREFIX || path.startsWith(`${PREFIX}/`)) {
    req.originalUrl = req.url;
    req.baseUrl = PREFIX;
    req.url = req.url.slice(PREFIX.length) || '/';
    if (req.url.startsWith('?')) req.url = `/${req.url}`;
    providerCallback(req, res);
    return;
  }
  if (testMode && path === '/__test/fault') {
    testRoutes(req, res).catch((err) => {
      log(`test route error: ${err.message}`);
      if (!res.headersSent) { res.statusCode = 500; res.end(); }
    });
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not Found\n');
};

// ---------------------------------------------------------------------------
// Stop cleanly on SIGTERM / SIGINT (handlers installed before announcing readiness), then
// announce readiness.

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal} received, stopping`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

log(`issuer ${issuer}${testMode ? ' (test mode)' : ''}, ${clients.length} client(s), ${identities.size} identities`);
process.stdout.write(`listening on ${issuer}\n`);
