#!/usr/bin/env node
// Bench reference identity provider (development / benchmark tool only, never for production).
//
// A small standalone oidc-provider (v8) serving the same authorization code flow as the
// Aidants Connect identity provider (FI) of FranceConnect, for a side-by-side benchmark driven
// by a C++ client.
//
//   node bench/reference-idp.mjs --client-id ID --client-secret SECRET --redirect-uri URI
//                                [--host 127.0.0.1] [--port 0]
//
// Prints exactly one line on stdout once ready, then runs until SIGTERM/SIGINT (exit 0):
//   listening on http://HOST:PORT
// That URL is the issuer (discovery at /.well-known/openid-configuration). Nothing is logged
// per request; tokens, codes, secrets and identities are never logged.
//
// Driver steps (one iteration; each of the 50+ concurrent clients may own one session):
//   1. POST /__bench/session                 (no body)
//      -> 200 {"cookie": "_session=..."}: a logged-in session (fixed account, acr eidas1) and a
//         grant covering "openid profile email birth" for the client. Send the value verbatim
//         as the Cookie header in step 2. A session lives 3600 s and may be reused.
//   2. GET /auth?response_type=code&client_id=ID&redirect_uri=URI
//          &scope=openid%20profile%20email%20birth&state=<64 hex>&nonce=<64 hex>&acr_values=eidas1
//      with header "Cookie: <cookie>"
//      -> 303 Location: URI?code=...&state=...&iss=...   (no page, no interaction)
//      Difference from the real flow: FranceConnect sends prompt=login, which makes
//      oidc-provider force an interaction (login page); the bench omits prompt so the session
//      answers directly. An optional claims parameter
//      ({"id_token":{"rep_scope":{"essential":true,"values":[...]}}}) is accepted.
//   3. POST /token   Content-Type: application/x-www-form-urlencoded
//          grant_type=authorization_code&code=...&redirect_uri=URI&client_id=ID&client_secret=SECRET
//      -> 200 {"access_token", "id_token" (ES256, header kid; iss, aud, sub, nonce, acr "eidas1",
//         at_hash, the identity claims and rep_scope), "token_type": "Bearer", "expires_in": 60,
//         "scope"}. Codes are single-use, 30 s. Only client_secret_post is accepted.
//   4. GET /me       Authorization: Bearer <access_token>
//      -> 200 JSON {sub, given_name, family_name, birthdate, gender, birthplace, birthcountry,
//         email, preferred_username, rep_scope}
//   Keys: GET /jwks (ES256, made at each start).
//
// Storage is an in-memory map (no LRU eviction), swept every 10 s.

console.log = (...a) => console.error(...a);
console.info = (...a) => console.error(...a);

import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import * as jose from 'jose';
import Provider from 'oidc-provider';

function usage(code) {
  process.stderr.write(`usage: node bench/reference-idp.mjs --client-id ID --client-secret SECRET --redirect-uri URI
                                  [--host 127.0.0.1] [--port 0]
`);
  process.exit(code);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'redirect-uri': { type: 'string' },
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
for (const key of ['client-id', 'client-secret', 'redirect-uri']) {
  if (!args[key]) {
    process.stderr.write(`--${key} is required\n`);
    usage(2);
  }
}
const port = Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) usage(2);

const ACR = 'eidas1';
const ACCOUNT_ID = 'bench-usager-0001';
const ACCOUNT = {
  given_name: 'Angela Claire Louise',
  family_name: 'DUBOIS',
  birthdate: '1962-08-24',
  gender: 'female',
  birthplace: '75107',
  birthcountry: '99100',
  email: 'wossewodda-3728@yopmail.com',
  preferred_username: '',
  rep_scope: ['transports'],
};

// ---------------------------------------------------------------------------
// In-memory adapter without eviction (oidc-provider's own memory adapter is an LRU of 1000
// entries, too small for a benchmark).

const store = new Map(); // key -> { payload, exp (ms) }
const grantKeys = new Map(); // grantId -> Set(key)
const uidKeys = new Map(); // session uid -> key

function alive(entry) {
  return entry && (!entry.exp || entry.exp > Date.now()) ? entry : undefined;
}

setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of store) {
    if (entry.exp && entry.exp <= now) {
      store.delete(key);
      const grantId = entry.payload.grantId;
      if (grantId) grantKeys.get(grantId)?.delete(key);
      if (entry.payload.uid && entry.payload.kind === 'Session') uidKeys.delete(entry.payload.uid);
    }
  }
  for (const [grantId, keys] of grantKeys) if (!keys.size) grantKeys.delete(grantId);
}, 10000).unref();

class MapAdapter {
  constructor(model) { this.model = model; }

  key(id) { return `${this.model}:${id}`; }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    store.set(key, { payload, exp: expiresIn ? Date.now() + expiresIn * 1000 : 0 });
    if (payload.grantId) {
      if (!grantKeys.has(payload.grantId)) grantKeys.set(payload.grantId, new Set());
      grantKeys.get(payload.grantId).add(key);
    }
    if (this.model === 'Session' && payload.uid) uidKeys.set(payload.uid, key);
  }

  async find(id) { return alive(store.get(this.key(id)))?.payload; }

  async findByUid(uid) {
    const key = uidKeys.get(uid);
    return key ? alive(store.get(key))?.payload : undefined;
  }

  async findByUserCode() { return undefined; }

  async consume(id) {
    const entry = store.get(this.key(id));
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) { store.delete(this.key(id)); }

  async revokeByGrantId(grantId) {
    for (const key of grantKeys.get(grantId) || []) store.delete(key);
    grantKeys.delete(grantId);
  }
}

// ---------------------------------------------------------------------------

const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
const jwk = { ...(await jose.exportJWK(privateKey)), kid: randomBytes(12).toString('base64url'), alg: 'ES256', use: 'sig' };

let handler = (req, res) => { res.statusCode = 503; res.end(); };
const server = createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 10000;
await new Promise((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, args.host, resolve);
}).catch((err) => {
  process.stderr.write(`reference-idp: cannot listen on ${args.host}:${port}: ${err.message}\n`);
  process.exit(1);
});
const hostForUrl = args.host.includes(':') ? `[${args.host}]` : args.host;
const issuer = `http://${hostForUrl}:${server.address().port}`;

const cookieOptions = { httpOnly: true, sameSite: 'lax', signed: false };
const IDENTITY_CLAIMS = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'email', 'preferred_username'];

const provider = new Provider(issuer, {
  adapter: MapAdapter,
  clients: [{
    client_id: args['client-id'],
    client_secret: args['client-secret'],
    redirect_uris: [args['redirect-uri']],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
  }],
  clientAuthMethods: ['client_secret_post'],
  responseTypes: ['code'],
  acrValues: [ACR],
  scopes: ['openid'],
  claims: {
    acr: null,
    auth_time: null,
    iss: null,
    sid: null,
    openid: ['sub', 'rep_scope'],
    profile: ['given_name', 'family_name', 'birthdate', 'gender', 'preferred_username'],
    email: ['email'],
    birth: ['birthplace', 'birthcountry'],
  },
  // Like our IdP: identity claims and rep_scope in the id_token too, without a claims parameter.
  conformIdTokenClaims: false,
  async findAccount(ctx, accountId) {
    if (accountId !== ACCOUNT_ID) return undefined;
    return { accountId, async claims() { return { sub: accountId, ...ACCOUNT, rep_scope: [...ACCOUNT.rep_scope] }; } };
  },
  issueRefreshToken: () => false,
  pkce: { required: () => false, methods: ['S256'] },
  jwks: { keys: [jwk] },
  enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
  cookies: { keys: [randomBytes(32).toString('hex')], long: cookieOptions, short: cookieOptions },
  ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 60, Session: 3600, Grant: 3600, Interaction: 600 },
  interactions: { url: (ctx, interaction) => `/__bench/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    claimsParameter: { enabled: true },
    userinfo: { enabled: true },
    introspection: { enabled: false },
    revocation: { enabled: false },
    rpInitiatedLogout: { enabled: false },
  },
  renderError(ctx, out) {
    ctx.type = 'application/json';
    ctx.body = out;
  },
});
provider.proxy = false;
provider.on('server_error', (ctx, err) => process.stderr.write(`reference-idp: server_error ${err?.stack || err}\n`));

async function createSession() {
  const clientId = args['client-id'];
  const grant = new provider.Grant({ accountId: ACCOUNT_ID, clientId });
  grant.addOIDCScope('openid profile email birth');
  grant.addOIDCClaims([...IDENTITY_CLAIMS, 'rep_scope']);
  const grantId = await grant.save();
  const session = new provider.Session({
    accountId: ACCOUNT_ID,
    loginTs: Math.floor(Date.now() / 1000),
    acr: ACR,
    amr: ['pwd'],
    authorizations: { [clientId]: { sid: randomBytes(16).toString('base64url'), grantId, persistsLogout: false } },
  });
  await session.save(3600);
  return `${provider.cookieName('session')}=${session.jti}`;
}

const providerCallback = provider.callback();
handler = (req, res) => {
  const path = req.url.split('?')[0];
  if (path === '/__bench/session') {
    if (req.method !== 'POST') {
      res.writeHead(405, { 'Content-Type': 'application/json' });
      res.end('{"error":"method_not_allowed"}');
      return;
    }
    req.resume();
    createSession().then((cookie) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ cookie }));
    }, (err) => {
      process.stderr.write(`reference-idp: session error ${err?.message}\n`);
      res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end('{"error":"server_error"}');
    });
    return;
  }
  if (path.startsWith('/__bench/interaction/')) {
    // Reached only without a valid session cookie (or with prompt=login).
    res.writeHead(400, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end('{"error":"login_required","error_description":"no bench session: POST /__bench/session first, and do not send prompt=login"}');
    return;
  }
  providerCallback(req, res);
};

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

process.stdout.write(`listening on ${issuer}\n`);
