#!/usr/bin/env node
// FranceConnect v2 simulator (development / test tool only, never for production).
//
//   node server.mjs --host 127.0.0.1 --port 0 --clients clients.json [--test-mode] [--salt S]
//                   [--aidants-connect ac.json] [--demo-rep-scope a,b]
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
import { Issuer } from 'openid-client';

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
                      [--aidants-connect aidants-connect.json] [--demo-rep-scope a,b]
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
      'aidants-connect': { type: 'string' },
      'demo-rep-scope': { type: 'string', default: '' },
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
// The file is read at each use (each click on the Aidants Connect button), never at start.
const aidantsConnectFile = args['aidants-connect'] || null;
const demoRepScope = splitList(args['demo-rep-scope']);

function splitList(value) {
  return String(value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

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

function page(title, body, brand = 'FranceConnect') {
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title === brand ? '' : `${esc(title)} - `}${esc(brand)} (simulateur)</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>${esc(brand)} <small>simulateur de développement et de test</small></p></header>
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

// FranceConnect's error page for the Aidants Connect flow: #fc-error holds the error code.
function fcErrorPage(code, description) {
  const title = 'Une erreur est survenue';
  return page(title, `<h1>${esc(title)}</h1>
<div role="alert" class="error" id="fc-error">
<p>Code d'erreur : <code id="fc-error-code">${esc(code)}</code></p>
${description ? `<p id="fc-error-description">${esc(description)}</p>` : ''}
</div>
<p>La connexion avec Aidants Connect n'a pas abouti. Recommencez depuis le service en ligne.</p>`);
}

// ---------------------------------------------------------------------------
// Provider configuration

// Accounts of usagers identified through Aidants Connect. accountId is
// `ac:<loginId>:<AC sub>`: the login id selects the claims of that login (memory), the AC sub
// alone feeds the pairwise sub (stable for one usager and one FS).
const AC_ACCOUNT_TTL_MS = 2 * TTL.Session * 1000;
const acAccounts = new Map();

function parseAcAccountId(accountId) {
  const m = /^ac:([0-9a-f]+):(.+)$/s.exec(accountId);
  return m ? { loginId: m[1], acSub: m[2] } : null;
}

function sweep(map, ttlMs) {
  const now = Date.now();
  for (const [key, value] of map) {
    if (now - value.created > ttlMs) map.delete(key);
  }
}

function pairwiseIdentifier(ctx, accountId, client) {
  const ac = parseAcAccountId(accountId);
  const basis = ac ? `aidants-connect\u0000${ac.acSub}` : accountId;
  return createHash('sha256')
    .update(`${basis}\u0000${client.clientId}\u0000${args.salt}`, 'utf8')
    .digest('hex');
}

async function findAccount(ctx, accountId) {
  const ac = parseAcAccountId(accountId);
  if (ac) {
    const record = acAccounts.get(ac.loginId);
    if (!record || record.acSub !== ac.acSub) return undefined;
    return {
      accountId,
      async claims() {
        // The claims exactly as Aidants Connect returned them, plus rep_scope (always an array).
        return { ...record.claims, sub: accountId, rep_scope: [...record.repScope] };
      },
    };
  }
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
const origin = `http://${hostForUrl}:${boundPort}`;
const issuer = `${origin}${PREFIX}`;

// The demo service provider (see /demo/ below) is registered automatically, with a secret
// made at each start.
const DEMO_CLIENT_ID = 'demo-demarche';
const demoSecret = randomBytes(32).toString('hex');
if (clients.some((c) => c.client_id === DEMO_CLIENT_ID)) {
  process.stderr.write(`franceconnect-sim: client_id ${DEMO_CLIENT_ID} is reserved for the demo service provider\n`);
  process.exit(2);
}
clients.push({
  client_id: DEMO_CLIENT_ID,
  client_secret: demoSecret,
  client_name: 'Démo démarche en ligne',
  redirect_uris: [`${origin}/demo/callback`],
  post_logout_redirect_uris: [`${origin}/demo/`],
  token_endpoint_auth_method: 'client_secret_post',
  response_types: ['code'],
  grant_types: ['authorization_code'],
  id_token_signed_response_alg: 'ES256',
  userinfo_signed_response_alg: 'ES256',
  subject_type: 'pairwise',
  application_type: 'web',
});

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
    // rep_scope: the démarche(s) an aidant acts for (Aidants Connect logins only); returned in
    // the userinfo, and in the id_token when the FS asks it with the claims parameter.
    openid: ['sub', 'rep_scope'],
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
</form>${aidantsConnectFile ? `
<form method="post" action="${base}/aidants-connect" class="actions aidants-connect">
<button type="submit" id="aidants-connect">${AC_BUTTON_LABEL}</button>
</form>` : ''}`);
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

  if (action === 'aidants-connect') {
    if (ctx.method !== 'POST') ctx.throw(405);
    await startAidantsConnect(ctx, uid, params);
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
// Aidants Connect as an identity provider (FI) of FranceConnect: FC is its OpenID Connect
// client (openid-client), exactly as FranceConnect does it.

const AC_BUTTON_LABEL = 'Vous êtes un aidant professionnel ? Utiliser Aidants Connect';
const AC_SCOPE = 'openid profile email birth';
const AC_FLOW_COOKIE = 'fc_ac_browser';
const AC_FLOW_TTL_MS = TTL.Interaction * 1000;
const AC_ALGS = new Set(['ES256', 'HS256']);
const acFlows = new Map(); // state -> { browser, uid, nonce, repScope, client, cfg, created }
const acLogouts = new Map(); // state -> { target, created }
const acIssuers = new Map(); // `${issuer} ${alg}` -> Promise<Issuer>

class AcError extends Error {
  constructor(code, description, status = 400) {
    super(description);
    this.code = code;
    this.status = status;
  }
}

function readAcConfig() {
  let cfg;
  try {
    cfg = JSON.parse(readFileSync(aidantsConnectFile, 'utf8'));
  } catch (err) {
    throw new AcError('aidants_connect_configuration', `Configuration Aidants Connect illisible (${err.code || err.name}).`, 500);
  }
  const problems = [];
  if (!cfg || typeof cfg !== 'object') problems.push('objet JSON attendu');
  else {
    for (const key of ['issuer', 'client_id', 'client_secret']) {
      if (typeof cfg[key] !== 'string' || !cfg[key]) problems.push(`${key} manquant`);
    }
    if (!AC_ALGS.has(cfg.id_token_signed_response_alg ?? 'ES256')) problems.push('id_token_signed_response_alg doit être ES256 ou HS256');
  }
  if (problems.length) {
    throw new AcError('aidants_connect_configuration', `Configuration Aidants Connect invalide : ${problems.join(', ')}.`, 500);
  }
  return {
    issuer: cfg.issuer,
    client_id: cfg.client_id,
    client_secret: cfg.client_secret,
    alg: cfg.id_token_signed_response_alg ?? 'ES256',
    userinfoAlg: cfg.userinfo_signed_response_alg || null,
    redirect_uri: cfg.redirect_uri || `${origin}${PREFIX}/aidants-connect/callback`,
    post_logout_redirect_uri: cfg.post_logout_redirect_uri || null,
  };
}

async function acClient(cfg) {
  const key = `${cfg.issuer} ${cfg.alg}`;
  let pending = acIssuers.get(key);
  if (!pending) {
    pending = Issuer.discover(cfg.issuer);
    acIssuers.set(key, pending);
  }
  let acIssuer;
  try {
    acIssuer = await pending;
  } catch (err) {
    if (acIssuers.get(key) === pending) acIssuers.delete(key);
    throw new AcError('aidants_connect_unavailable', `Découverte d'Aidants Connect impossible (${err.code || err.name}).`, 502);
  }
  return new acIssuer.Client({
    client_id: cfg.client_id,
    client_secret: cfg.client_secret,
    redirect_uris: [cfg.redirect_uri],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: cfg.alg,
    ...(cfg.userinfoAlg ? { userinfo_signed_response_alg: cfg.userinfoAlg } : {}),
    ...(cfg.post_logout_redirect_uri ? { post_logout_redirect_uris: [cfg.post_logout_redirect_uri] } : {}),
  });
}

function forgetAcIssuer(cfg) {
  acIssuers.delete(`${cfg.issuer} ${cfg.alg}`);
}

// The rep_scope values the FS asked for in its claims parameter (id_token or userinfo).
function requestedRepScope(params) {
  let claims = params.claims;
  if (typeof claims === 'string') {
    try { claims = JSON.parse(claims); } catch { return []; }
  }
  for (const target of ['id_token', 'userinfo']) {
    const req = claims?.[target]?.rep_scope;
    if (req && Array.isArray(req.values)) return req.values.filter((v) => typeof v === 'string');
    if (req && typeof req.value === 'string') return [req.value];
  }
  return [];
}

function cookieValue(ctx, name) {
  for (const part of String(ctx.get('cookie') || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function showAcError(ctx, err) {
  const code = err instanceof AcError ? err.code : 'internal_error';
  const status = err instanceof AcError ? err.status : 500;
  log(`aidants-connect error: ${code}`);
  if (!(err instanceof AcError)) log(err?.stack || String(err));
  sendHtml(ctx, status, fcErrorPage(code, err instanceof AcError ? err.message : 'Erreur interne du simulateur.'));
}

async function startAidantsConnect(ctx, uid, params) {
  try {
    const cfg = readAcConfig();
    const client = await acClient(cfg);
    const repScope = requestedRepScope(params);
    const state = randomBytes(32).toString('hex');
    const nonce = randomBytes(32).toString('hex');
    let browser = cookieValue(ctx, AC_FLOW_COOKIE);
    if (!browser || !/^[A-Za-z0-9_-]{32}$/.test(browser)) browser = randomBytes(24).toString('base64url');
    sweep(acFlows, AC_FLOW_TTL_MS);
    acFlows.set(state, { state, browser, uid, nonce, repScope, client, cfg, created: Date.now() });
    ctx.cookies.set(AC_FLOW_COOKIE, browser, {
      httpOnly: true, sameSite: 'lax', signed: false, overwrite: true, path: `${PREFIX}/aidants-connect`,
    });
    const url = client.authorizationUrl({
      response_type: 'code',
      scope: AC_SCOPE,
      redirect_uri: cfg.redirect_uri,
      acr_values: ACR,
      prompt: 'login',
      state,
      nonce,
      ...(repScope.length
        ? { claims: JSON.stringify({ id_token: { rep_scope: { essential: true, values: repScope } } }) }
        : {}),
    });
    log('aidants-connect: redirecting to the identity provider');
    ctx.status = 303;
    ctx.redirect(url);
  } catch (err) {
    showAcError(ctx, err);
  }
}

const BIRTHDATE_RE = /^\d{4}-(?:(?:0[1-9]|1[0-2])-(?:0[0-9]|[12]\d|3[01])|00-00)$/;
const COG_RE = /^(2[AB]|\d{2})\d{3}$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const FRANCE = '99100';

// FranceConnect's checks of an identity provider's userinfo (reference §2). Returns the name
// of the first invalid claim, or null.
function invalidIdentityClaim(u) {
  const str = (v) => typeof v === 'string';
  if (!str(u.sub) || !u.sub.length || !/^[\x20-\x7e]+$/.test(u.sub)) return 'sub';
  for (const name of ['given_name', 'family_name']) {
    if (!str(u[name]) || [...u[name]].length < 1 || [...u[name]].length > 256) return name;
  }
  if (!str(u.birthdate) || !BIRTHDATE_RE.test(u.birthdate)) return 'birthdate';
  if (!['female', 'male', 'unspecified'].includes(u.gender)) return 'gender';
  if (!str(u.birthcountry) || !COG_RE.test(u.birthcountry)) return 'birthcountry';
  if (u.birthcountry === FRANCE) {
    if (!str(u.birthplace) || !COG_RE.test(u.birthplace)) return 'birthplace';
  } else if (u.birthplace !== undefined && u.birthplace !== null && u.birthplace !== '') {
    return 'birthplace';
  }
  if (!str(u.email) || !EMAIL_RE.test(u.email)) return 'email';
  if (u.preferred_username !== undefined && u.preferred_username !== null && !str(u.preferred_username)) {
    return 'preferred_username';
  }
  return null;
}

async function aidantsConnectCallback(ctx) {
  const params = Object.fromEntries(new URLSearchParams(ctx.querystring));
  const flow = typeof params.state === 'string' ? acFlows.get(params.state) : undefined;
  if (!flow || Date.now() - flow.created > AC_FLOW_TTL_MS) {
    throw new AcError('invalid_state', 'Le paramètre state est absent, inconnu ou expiré.');
  }
  if (cookieValue(ctx, AC_FLOW_COOKIE) !== flow.browser) {
    throw new AcError('invalid_state', "Le paramètre state n'a pas été émis pour ce navigateur.");
  }
  acFlows.delete(params.state); // single use
  const { client, cfg } = flow;

  if (params.error) {
    throw new AcError(String(params.error).slice(0, 100), params.error_description
      ? `Aidants Connect a répondu : ${String(params.error_description).slice(0, 500)}`
      : 'Aidants Connect a refusé la demande.');
  }

  const interaction = await provider.Interaction.find(flow.uid);
  if (!interaction) throw new AcError('session_expired', 'La demande de connexion du service a expiré.');

  let tokenSet;
  try {
    tokenSet = await client.callback(cfg.redirect_uri, params, {
      state: flow.state, nonce: flow.nonce, response_type: 'code',
    });
  } catch (err) {
    forgetAcIssuer(cfg); // re-discover (keys may have changed) at the next click
    if (err.name === 'OPError') {
      throw new AcError(`token_${String(err.error).slice(0, 80)}`, `Échange du code refusé par Aidants Connect : ${err.error}.`, 502);
    }
    throw new AcError('invalid_id_token', `id_token d'Aidants Connect refusé : ${err.message}`, 502);
  }
  const idClaims = tokenSet.claims();
  if (idClaims.acr !== ACR) {
    throw new AcError('invalid_acr', `Niveau eIDAS incorrect : acr doit valoir « ${ACR} ».`, 502);
  }
  let repScope = idClaims.rep_scope;
  if (repScope !== undefined && (!Array.isArray(repScope) || !repScope.every((v) => typeof v === 'string'))) {
    throw new AcError('invalid_rep_scope', 'rep_scope doit être un tableau de chaînes.', 502);
  }
  if (flow.repScope.length) {
    if (!repScope?.length) throw new AcError('invalid_rep_scope', 'rep_scope demandé mais absent de l\'id_token.', 502);
    const unexpected = repScope.filter((v) => !flow.repScope.includes(v));
    if (unexpected.length) throw new AcError('invalid_rep_scope', 'rep_scope contient une démarche non demandée.', 502);
  }
  repScope = repScope ?? [];

  let userinfo;
  try {
    userinfo = await client.userinfo(tokenSet.access_token);
  } catch (err) {
    forgetAcIssuer(cfg);
    throw new AcError('invalid_userinfo', `Userinfo d'Aidants Connect refusé : ${err.error || err.name}.`, 502);
  }
  if (userinfo.sub !== idClaims.sub) {
    throw new AcError('invalid_userinfo', 'Le sub du userinfo diffère de celui de l\'id_token.', 502);
  }
  const bad = invalidIdentityClaim(userinfo);
  if (bad) throw new AcError('invalid_identity', `Identité refusée : la donnée « ${bad} » est invalide.`, 502);

  const claims = {};
  for (const name of CLAIM_NAMES) if (userinfo[name] !== undefined) claims[name] = userinfo[name];
  const loginId = randomBytes(16).toString('hex');
  sweep(acAccounts, AC_ACCOUNT_TTL_MS);
  acAccounts.set(loginId, {
    acSub: userinfo.sub,
    claims,
    repScope,
    idToken: tokenSet.id_token,
    endSessionEndpoint: client.issuer.metadata.end_session_endpoint || null,
    postLogoutRedirectUri: cfg.post_logout_redirect_uri,
    created: Date.now(),
  });

  interaction.result = {
    login: { accountId: `ac:${loginId}:${userinfo.sub}`, acr: ACR, remember: true },
  };
  await interaction.save(interaction.exp - Math.floor(Date.now() / 1000));
  log('aidants-connect: identity accepted');
  ctx.set('Cache-Control', 'no-store');
  ctx.status = 303;
  ctx.redirect(interaction.returnTo);
}

// FranceConnect's logout towards Aidants Connect, when the FS logs the usager out: only when
// AC's discovery has an end_session_endpoint and the configuration a post_logout_redirect_uri.
// Returns the URL to send the browser to, or null.
function acLogoutUrl(accountId, target) {
  const ac = accountId ? parseAcAccountId(accountId) : null;
  const record = ac ? acAccounts.get(ac.loginId) : null;
  if (!record?.endSessionEndpoint || !record.postLogoutRedirectUri || !record.idToken) return null;
  acAccounts.delete(ac.loginId);
  const state = randomBytes(32).toString('hex');
  sweep(acLogouts, AC_FLOW_TTL_MS);
  acLogouts.set(state, { target, created: Date.now() });
  const url = new URL(record.endSessionEndpoint);
  url.searchParams.set('id_token_hint', record.idToken);
  url.searchParams.set('state', state);
  url.searchParams.set('post_logout_redirect_uri', record.postLogoutRedirectUri);
  return url.href;
}

function aidantsConnectLoggedOut(ctx) {
  const pending = acLogouts.get(String(ctx.query.state ?? ''));
  if (pending) acLogouts.delete(String(ctx.query.state));
  ctx.set('Cache-Control', 'no-store');
  if (pending?.target) {
    ctx.status = 303;
    ctx.redirect(pending.target);
    ctx.body = '';
  } else {
    sendHtml(ctx, 200, page('Déconnexion', '<h1>Vous êtes déconnecté de FranceConnect.</h1>'));
  }
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
  const { accountId } = session;
  await session.destroy();
  ctx.oidc.cookies.set(provider.cookieName('session'), null, { ...cookieOptions, overwrite: true });
  log('session ended');

  ctx.set('Cache-Control', 'no-store');
  let target = null;
  if (state.postLogoutRedirectUri) {
    const url = new URL(state.postLogoutRedirectUri);
    if (state.state != null) url.searchParams.set('state', state.state);
    target = url.href;
  }
  const acLogout = acLogoutUrl(accountId, target);
  if (acLogout) {
    // Usager identified through Aidants Connect: FC ends the AC session too, then comes back
    // (GET /api/v2/aidants-connect/logged-out) and goes on to the FS.
    log('session ended: logging out of Aidants Connect');
    ctx.status = 303;
    ctx.redirect(acLogout);
    ctx.body = '';
  } else if (target) {
    ctx.status = 303;
    ctx.redirect(target);
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
  const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(idp|login|abort|aidants-connect))?\/?$/.exec(ctx.path);
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
  if (aidantsConnectFile && ctx.path === '/aidants-connect/callback' && ctx.method === 'GET') {
    try {
      await aidantsConnectCallback(ctx);
    } catch (err) {
      showAcError(ctx, err);
    }
    return;
  }
  if (aidantsConnectFile && ctx.path === '/aidants-connect/logged-out' && ctx.method === 'GET') {
    aidantsConnectLoggedOut(ctx);
    return;
  }
  await next();
});

if (testMode) provider.use(faults);

// ---------------------------------------------------------------------------
// Demo service provider "Démo démarche en ligne" under /demo/: an FS of this simulator
// (client demo-demarche), built with openid-client like a real FS.

const DEMO_NAME = 'Démo démarche en ligne';
const DEMO_COOKIE = 'demo_sid';
const DEMO_SCOPE = 'openid given_name family_name birthdate gender birthplace birthcountry email preferred_username';
const DEMO_FIELDS = [
  ['given_name', 'Prénom(s)'], ['family_name', 'Nom de naissance'], ['birthdate', 'Date de naissance'],
  ['gender', 'Sexe'], ['birthplace', 'Lieu de naissance (code COG)'], ['birthcountry', 'Pays de naissance (code COG)'],
  ['email', 'Adresse électronique'], ['preferred_username', "Nom d'usage"], ['sub', 'Identifiant (sub)'],
  ['rep_scope', 'Démarche(s) (rep_scope)'],
];
const demoSessions = new Map(); // sid -> { pending: Map(state -> nonce), identity, idToken, created }
let demoIssuer = null;

async function demoClient() {
  if (!demoIssuer) demoIssuer = Issuer.discover(issuer);
  let fc;
  try {
    fc = await demoIssuer;
  } catch (err) {
    demoIssuer = null;
    throw err;
  }
  return new fc.Client({
    client_id: DEMO_CLIENT_ID,
    client_secret: demoSecret,
    redirect_uris: [`${origin}/demo/callback`],
    post_logout_redirect_uris: [`${origin}/demo/`],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  });
}

function demoPage(title, body) {
  return page(title, body, DEMO_NAME);
}

function sendDemo(res, status, html, headers = {}) {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers,
  });
  res.end(html);
}

function redirectDemo(res, location, headers = {}) {
  res.writeHead(303, { Location: location, 'Cache-Control': 'no-store', 'Content-Length': '0', ...headers });
  res.end();
}

function demoError(res, code, description) {
  const title = 'La connexion a échoué';
  sendDemo(res, 400, demoPage(title, `<h1>${esc(title)}</h1>
<div role="alert" class="error" id="demo-error"><p>Code d'erreur : <code>${esc(code)}</code></p>
${description ? `<p>${esc(description)}</p>` : ''}</div>
<p><a href="/demo/" id="demo-home">Revenir à l'accueil de la démarche</a></p>`));
}

function demoSession(req, res, create) {
  let sid;
  for (const part of String(req.headers.cookie || '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === DEMO_COOKIE) sid = part.slice(eq + 1).trim();
  }
  let session = sid ? demoSessions.get(sid) : undefined;
  if (!session && create) {
    sweep(demoSessions, TTL.Session * 1000);
    sid = randomBytes(24).toString('base64url');
    session = { pending: new Map(), identity: null, idToken: null, created: Date.now() };
    demoSessions.set(sid, session);
    res.setHeader('Set-Cookie', `${DEMO_COOKIE}=${sid}; Path=/demo; HttpOnly; SameSite=Lax`);
  }
  return session ? { sid, session } : null;
}

async function readBody(req, limit = 16 * 1024) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
}

function demoStartPage(repScope) {
  return demoPage(DEMO_NAME, `<h1>${esc(DEMO_NAME)}</h1>
<p>Service en ligne de démonstration : identifiez-vous pour commencer la démarche.</p>
${repScope.length ? `<p>Démarche(s) demandée(s) : <span id="requested-rep-scope">${esc(repScope.join(','))}</span></p>` : ''}
<form method="post" action="/demo/login" class="actions">
<input type="hidden" name="rep_scope" value="${esc(repScope.join(','))}">
<button type="submit" id="fc-login" class="primary">S'identifier avec FranceConnect</button>
</form>`);
}

function demoConnectedPage(identity) {
  const rows = DEMO_FIELDS.map(([id, label]) => {
    const value = Array.isArray(identity[id]) ? identity[id].join(',') : identity[id];
    return `<dt>${esc(label)}</dt><dd id="${id}">${esc(value ?? '')}</dd>`;
  }).join('\n');
  return demoPage('Bienvenue', `<h1>Bienvenue</h1>
<p>Vous êtes identifié auprès de la démarche par FranceConnect :</p>
<dl id="identity">
${rows}
</dl>
<p class="actions"><a href="/demo/recepisse.pdf" id="receipt">Télécharger le récépissé (PDF)</a></p>
<p class="actions"><a href="/demo/logout" id="logout">Se déconnecter</a></p>`);
}

// A one-page PDF, as démarche sites hand out receipts (a download for the desktop client to save).
function demoReceiptPdf() {
  const text = 'Recepisse de demonstration - Demo demarche en ligne';
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

async function demoRoutes(req, res, url) {
  const path = url.pathname;
  if (path === '/demo') {
    redirectDemo(res, `/demo/${url.search}`);
    return;
  }
  if (path === '/demo/' && req.method === 'GET') {
    const asked = url.searchParams.has('rep_scope') ? splitList(url.searchParams.get('rep_scope')) : demoRepScope;
    sendDemo(res, 200, demoStartPage(asked));
    return;
  }
  if (path === '/demo/login' && req.method === 'POST') {
    const form = await readBody(req);
    const repScope = 'rep_scope' in form ? splitList(form.rep_scope) : demoRepScope;
    const { session } = demoSession(req, res, true);
    const client = await demoClient();
    const state = randomBytes(32).toString('hex');
    const nonce = randomBytes(32).toString('hex');
    session.pending.set(state, nonce);
    if (session.pending.size > 20) session.pending.delete(session.pending.keys().next().value);
    const target = client.authorizationUrl({
      scope: DEMO_SCOPE,
      redirect_uri: `${origin}/demo/callback`,
      acr_values: ACR,
      state,
      nonce,
      ...(repScope.length
        ? { claims: JSON.stringify({ id_token: { rep_scope: { essential: true, values: repScope } } }) }
        : {}),
    });
    redirectDemo(res, target);
    return;
  }
  if (path === '/demo/callback' && req.method === 'GET') {
    const found = demoSession(req, res, false);
    const params = Object.fromEntries(url.searchParams);
    const nonce = found?.session.pending.get(params.state);
    if (!found || nonce === undefined) {
      demoError(res, 'invalid_state', 'Demande de connexion inconnue pour ce navigateur.');
      return;
    }
    found.session.pending.delete(params.state);
    if (params.error) {
      demoError(res, params.error, params.error_description);
      return;
    }
    const client = await demoClient();
    let tokenSet;
    let userinfo;
    try {
      tokenSet = await client.callback(`${origin}/demo/callback`, params, { state: params.state, nonce, response_type: 'code' });
      userinfo = await client.userinfo(tokenSet);
    } catch (err) {
      demoError(res, err.error || 'invalid_response', err.error_description || err.message);
      return;
    }
    const idClaims = tokenSet.claims();
    const repScope = idClaims.rep_scope ?? userinfo.rep_scope;
    found.session.identity = { ...userinfo, sub: idClaims.sub, rep_scope: Array.isArray(repScope) ? repScope : [] };
    found.session.idToken = tokenSet.id_token;
    redirectDemo(res, '/demo/connected');
    return;
  }
  if (path === '/demo/connected' && req.method === 'GET') {
    const found = demoSession(req, res, false);
    if (!found?.session.identity) {
      redirectDemo(res, '/demo/');
      return;
    }
    sendDemo(res, 200, demoConnectedPage(found.session.identity));
    return;
  }
  if (path === '/demo/recepisse.pdf' && req.method === 'GET') {
    const found = demoSession(req, res, false);
    if (!found?.session.identity) {
      redirectDemo(res, '/demo/');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': 'attachment; filename="recepisse-demo.pdf"',
      'Cache-Control': 'no-store',
    });
    res.end(demoReceiptPdf());
    return;
  }
  if (path === '/demo/logout' && req.method === 'GET') {
    const found = demoSession(req, res, false);
    const idToken = found?.session.idToken;
    if (found) demoSessions.delete(found.sid);
    const clear = { 'Set-Cookie': `${DEMO_COOKIE}=; Path=/demo; HttpOnly; SameSite=Lax; Max-Age=0` };
    if (!idToken) {
      redirectDemo(res, '/demo/', clear);
      return;
    }
    const client = await demoClient();
    redirectDemo(res, client.endSessionUrl({
      id_token_hint: idToken, state: randomBytes(32).toString('hex'), post_logout_redirect_uri: `${origin}/demo/`,
    }), clear);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Not Found\n');
}

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
  if (path === '/demo' || path.startsWith('/demo/')) {
    const started = Date.now();
    res.on('finish', () => log(`${req.method} ${path} -> ${res.statusCode} (${Date.now() - started} ms)`));
    demoRoutes(req, res, new URL(req.url, origin)).catch((err) => {
      log(`demo error: ${err?.name || 'error'}`);
      if (!res.headersSent) demoError(res, 'internal_error', 'Erreur interne de la démarche de démonstration.');
      else res.end();
    });
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
