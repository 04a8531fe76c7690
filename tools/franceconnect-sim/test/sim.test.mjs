// Self-test of the FranceConnect v2 simulator, with openid-client as the service provider (FS).
// Run: node --test tools/franceconnect-sim/test/   (or `npm test` in tools/franceconnect-sim)

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as jose from 'jose';
import { Issuer, errors as oidcErrors } from 'openid-client';
import { Browser as BaseBrowser } from '../test-support/browser.mjs';

const SIM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(SIM_DIR, 'server.mjs');
const SCOPE = 'openid given_name family_name birthdate gender birthplace birthcountry email preferred_username';
const CLAIMS = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'email', 'preferred_username'];

// The redirect URIs are never contacted: the test reads the Location headers.
const CLIENTS = [
  {
    client_id: 'fs-one',
    client_secret: 'secret-one-0123456789',
    client_name: 'Service de test',
    redirect_uris: ['http://127.0.0.1:9/callback'],
    post_logout_redirect_uris: ['http://127.0.0.1:9/logged-out'],
  },
  {
    client_id: 'fs-two',
    client_secret: 'secret-two-0123456789',
    redirect_uris: ['http://localhost:9/cb'],
    post_logout_redirect_uris: ['http://localhost:9/bye'],
  },
];

function parseIdentities() {
  const [header, ...rows] = readFileSync(join(SIM_DIR, 'identities.csv'), 'utf8')
    .split(/\r?\n/).filter((l) => l.length).map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}
const IDENTITIES = parseIdentities();

// ---------------------------------------------------------------------------
// Simulator process

const children = new Set();

async function startSim({ testMode = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fc-sim-test-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(clientsFile, JSON.stringify(CLIENTS));
  const argv = [SERVER, '--host', '127.0.0.1', '--port', '0', '--clients', clientsFile];
  if (testMode) argv.push('--test-mode');
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout });
  const stdoutLines = [];
  const issuer = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator did not start:\n${stderr}`)), 10000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`simulator exited (${code}):\n${stderr}`)); });
    lines.on('line', (line) => {
      stdoutLines.push(line);
      const m = /^listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v2)$/.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return {
    issuer,
    origin: new URL(issuer).origin,
    stdoutLines,
    get stderr() { return stderr; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
        child.kill('SIGTERM');
        const result = await exited;
        children.delete(child);
        rmSync(dir, { recursive: true, force: true });
        return result;
      }
      children.delete(child);
      rmSync(dir, { recursive: true, force: true });
      return { code: child.exitCode, signal: child.signalCode };
    },
  };
}

process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

// ---------------------------------------------------------------------------
// A tiny browser: cookie jar (name + path), manual redirects.

class Browser extends BaseBrowser {
  // Follows redirects while they stay on the simulator; stops at the first foreign URL
  // (the FS callback or post-logout URI) or at a non-redirect response.
  async navigate(url, origin, options) {
    let res = await this.request(url, options);
    let hops = 0;
    while (res.location && new URL(res.location).origin === origin) {
      hops += 1;
      assert.ok(hops < 10, 'too many redirects');
      res = await this.request(res.location);
    }
    return res;
  }
}

// ---------------------------------------------------------------------------
// FS helpers

function randomToken(bytes = 32) {
  return randomBytes(bytes).toString('hex');
}

function fsClient(issuer, index = 0, overrides = {}) {
  const c = CLIENTS[index];
  return new issuer.Client({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: c.redirect_uris,
    post_logout_redirect_uris: c.post_logout_redirect_uris,
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
    ...overrides,
  });
}

function authorizeUrl(client, extra = {}) {
  const checks = { state: randomToken(), nonce: randomToken() };
  const url = client.authorizationUrl({
    scope: SCOPE,
    redirect_uri: client.metadata.redirect_uris[0],
    acr_values: 'eidas1',
    ...checks,
    ...extra,
  });
  return { url, checks: { ...checks, ...('state' in extra ? { state: extra.state } : {}), ...('nonce' in extra ? { nonce: extra.nonce } : {}) } };
}

function interactionBase(url) {
  const m = /^(.*\/api\/v2\/interaction\/[A-Za-z0-9_-]+)$/.exec(url);
  assert.ok(m, `not an interaction URL: ${url}`);
  return m[1];
}

// Runs /authorize, picks the idp, logs in; returns the callback response.
async function login(sim, browser, client, loginName, { idp = 'ameli', password = '123', extra = {} } = {}) {
  const { url, checks } = authorizeUrl(client, extra);
  const choice = await browser.navigate(url, sim.origin);
  assert.equal(choice.status, 200, choice.text);
  assert.match(choice.text, /Je choisis un compte pour me connecter sur/);
  const base = interactionBase(choice.url);
  const loginForm = await browser.navigate(`${base}/idp`, sim.origin, { method: 'POST', form: { idp } });
  assert.equal(loginForm.status, 200);
  assert.match(loginForm.text, /id="login"/);
  const done = await browser.navigate(`${base}/login`, sim.origin, {
    method: 'POST', form: { idp, login: loginName, password },
  });
  return { done, checks, base };
}

async function loginAndCallback(sim, browser, client, loginName, opts) {
  const { done, checks } = await login(sim, browser, client, loginName, opts);
  assert.ok(done.location, `expected a redirect to the FS, got ${done.status}`);
  const params = client.callbackParams(done.location);
  assert.equal(params.state, checks.state);
  assert.ok(params.code);
  return { params, checks, location: done.location };
}

async function exchange(client, params, checks) {
  return client.callback(client.metadata.redirect_uris[0], params, {
    state: checks.state, nonce: checks.nonce, response_type: 'code',
  });
}

// ---------------------------------------------------------------------------

describe('FranceConnect simulator (test mode)', () => {
  let sim;
  let issuer;

  before(async () => {
    sim = await startSim();
    issuer = await Issuer.discover(sim.issuer);
  });

  after(async () => {
    const { code } = await sim.stop();
    assert.equal(code, 0, 'exits cleanly on SIGTERM');
    assert.doesNotMatch(sim.stderr, /eyJ/, 'no JWT in the logs');
    for (const identity of IDENTITIES) {
      assert.ok(!sim.stderr.includes(identity.email), 'no identity in the logs');
    }
  });

  test('prints exactly one stdout line and serves the discovery document', async () => {
    assert.deepEqual(sim.stdoutLines, [`listening on ${sim.issuer}`]);
    const m = issuer.metadata;
    assert.equal(m.issuer, sim.issuer);
    for (const [key, path] of [
      ['authorization_endpoint', '/authorize'], ['token_endpoint', '/token'],
      ['userinfo_endpoint', '/userinfo'], ['jwks_uri', '/jwks'], ['end_session_endpoint', '/session/end'],
    ]) assert.equal(m[key], `${sim.issuer}${path}`);
    assert.deepEqual(m.token_endpoint_auth_methods_supported, ['client_secret_post']);
    assert.deepEqual(m.response_types_supported, ['code']);
    assert.deepEqual(m.acr_values_supported, ['eidas1']);
    assert.deepEqual(m.subject_types_supported, ['pairwise']);
    assert.ok(m.id_token_signing_alg_values_supported.includes('ES256'));
    assert.ok(m.userinfo_signing_alg_values_supported.includes('ES256'));
    const jwks = await (await fetch(m.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].kty, 'EC');
    assert.equal(jwks.keys[0].crv, 'P-256');
    assert.ok(jwks.keys[0].kid);
    assert.equal(jwks.keys[0].d, undefined, 'no private part published');
  });

  test('choice page and login page carry the documented element ids', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { url } = authorizeUrl(client);
    const choice = await browser.navigate(url, sim.origin);
    assert.equal(choice.status, 200);
    assert.match(choice.text, /<html lang="fr">/);
    assert.match(choice.text, /Je choisis un compte pour me connecter sur Service de test/);
    for (const code of ['impots', 'ameli', 'laposte', 'msa', 'mobileconnect']) {
      assert.match(choice.text, new RegExp(`id="idp-${code}"`));
      assert.match(choice.text, new RegExp(`name="idp" value="${code}"`));
    }
    assert.match(choice.text, /id="cancel"/);
    assert.match(choice.text, /\/abort"/);
    const base = interactionBase(choice.url);
    const form = await browser.navigate(`${base}/idp`, sim.origin, { method: 'POST', form: { idp: 'laposte' } });
    assert.equal(form.status, 200);
    for (const id of ['login', 'password', 'submit', 'cancel']) assert.match(form.text, new RegExp(`id="${id}"`));
    assert.match(form.text, /<label for="login">/);
    assert.match(form.text, /<label for="password">/);
    assert.match(form.text, /L&#39;Identité Numérique La Poste/);
    for (const identity of IDENTITIES) assert.ok(form.text.includes(identity.login), `hint lists ${identity.login}`);
  });

  for (const identity of IDENTITIES) {
    test(`identity ${identity.login}: full flow, claims equal the CSV`, async () => {
      const browser = new Browser();
      const client = fsClient(issuer);
      const { params, checks } = await loginAndCallback(sim, browser, client, identity.login);
      const tokenSet = await exchange(client, params, checks); // openid-client validates the id_token
      const idClaims = tokenSet.claims();
      assert.equal(idClaims.iss, sim.issuer);
      assert.equal(idClaims.aud, client.client_id);
      assert.equal(idClaims.acr, 'eidas1');
      assert.equal(idClaims.nonce, checks.nonce);
      assert.match(idClaims.sub, /^[0-9a-f]{64}$/);
      assert.ok(idClaims.exp - idClaims.iat <= 60, 'id_token lives 60 s');
      assert.ok(tokenSet.expires_in <= 60, 'access token lives 60 s');
      const header = jose.decodeProtectedHeader(tokenSet.id_token);
      assert.equal(header.alg, 'ES256');
      assert.ok(header.kid);

      const userinfo = await client.userinfo(tokenSet); // signed JWT, verified by openid-client
      assert.equal(userinfo.sub, idClaims.sub);
      for (const claim of CLAIMS) {
        assert.ok(claim in userinfo, `${claim} present`);
        assert.equal(userinfo[claim], identity[claim], `${claim} for ${identity.login}`);
      }
    });
  }

  test('userinfo is returned as application/jwt', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { params, checks } = await loginAndCallback(sim, browser, client, 'test');
    const tokenSet = await exchange(client, params, checks);
    const res = await fetch(issuer.metadata.userinfo_endpoint, {
      headers: { authorization: `Bearer ${tokenSet.access_token}` },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/jwt/);
    const jwt = await res.text();
    const { payload } = await jose.jwtVerify(jwt, jose.createRemoteJWKSet(new URL(issuer.metadata.jwks_uri)), {
      issuer: sim.issuer, audience: client.client_id, algorithms: ['ES256'],
    });
    assert.equal(payload.birthplace, '75107');
  });

  test('sub is pairwise: stable for one (identity, FS), different between two FS', async () => {
    const subs = [];
    for (const index of [0, 0, 1]) {
      const browser = new Browser();
      const client = fsClient(issuer, index);
      const { params, checks } = await loginAndCallback(sim, browser, client, 'test');
      subs.push((await exchange(client, params, checks)).claims().sub);
    }
    assert.equal(subs[0], subs[1]);
    assert.notEqual(subs[0], subs[2]);
  });

  test('nonce shorter than 22 characters is refused', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { url, checks } = authorizeUrl(client, { nonce: 'a'.repeat(21) });
    const res = await browser.navigate(url, sim.origin);
    assert.ok(res.location?.startsWith(CLIENTS[0].redirect_uris[0]), `redirected to the FS: ${res.status}`);
    const p = new URL(res.location).searchParams;
    assert.equal(p.get('error'), 'invalid_request');
    assert.equal(p.get('state'), checks.state);
    assert.equal(p.get('code'), null);
  });

  test('acr_values other than eidas1 (or missing) is refused', async () => {
    const client = fsClient(issuer);
    for (const extra of [{ acr_values: 'eidas2' }, { acr_values: 'eidas1 eidas2' }, { acr_values: undefined }]) {
      const browser = new Browser();
      const { url } = authorizeUrl(client, extra);
      const res = await browser.navigate(url, sim.origin);
      assert.ok(res.location?.startsWith(CLIENTS[0].redirect_uris[0]), `redirected: ${JSON.stringify(extra)}`);
      assert.equal(new URL(res.location).searchParams.get('error'), 'invalid_request');
    }
  });

  test('missing state is refused', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const url = client.authorizationUrl({
      scope: SCOPE, acr_values: 'eidas1', nonce: randomToken(), redirect_uri: CLIENTS[0].redirect_uris[0],
    });
    const res = await browser.navigate(url, sim.origin);
    assert.equal(new URL(res.location).searchParams.get('error'), 'invalid_request');
  });

  test('client_secret_basic is refused at the token endpoint', async () => {
    const browser = new Browser();
    const basicClient = fsClient(issuer, 0, { token_endpoint_auth_method: 'client_secret_basic' });
    const { params, checks } = await loginAndCallback(sim, browser, basicClient, 'test');
    await assert.rejects(exchange(basicClient, params, checks), (err) => {
      assert.ok(err instanceof oidcErrors.OPError);
      assert.equal(err.error, 'invalid_client');
      return true;
    });
  });

  test('wrong password re-shows the form with an error, nothing else happens', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { done, base, checks } = await login(sim, browser, client, 'test', { password: 'wrong' });
    assert.equal(done.status, 200);
    assert.equal(done.location, null);
    assert.match(done.text, /Identifiant ou mot de passe incorrect\./);
    assert.match(done.text, /id="login"/);
    const unknown = await browser.request(`${base}/login`, { method: 'POST', form: { idp: 'ameli', login: 'nobody', password: '123' } });
    assert.equal(unknown.status, 200);
    assert.match(unknown.text, /Identifiant ou mot de passe incorrect\./);
    // The interaction is still usable afterwards.
    const ok = await browser.navigate(`${base}/login`, sim.origin, { method: 'POST', form: { idp: 'ameli', login: 'test', password: '123' } });
    assert.equal(new URL(ok.location).searchParams.get('state'), checks.state);
    assert.ok(new URL(ok.location).searchParams.get('code'));
  });

  test('abort gives access_denied with the state', async () => {
    for (const step of ['choice', 'login']) {
      const browser = new Browser();
      const client = fsClient(issuer);
      const { url, checks } = authorizeUrl(client);
      const base = interactionBase((await browser.request(url)).location);
      if (step === 'login') await browser.navigate(`${base}/idp`, sim.origin, { method: 'POST', form: { idp: 'msa' } });
      const res = await browser.navigate(`${base}/abort`, sim.origin, { method: 'POST', form: {} });
      assert.ok(res.location?.startsWith(CLIENTS[0].redirect_uris[0]));
      const p = new URL(res.location).searchParams;
      assert.equal(p.get('error'), 'access_denied');
      assert.ok(p.get('error_description'));
      assert.equal(p.get('state'), checks.state);
    }
  });

  test('an authorization code is single-use', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { params, checks } = await loginAndCallback(sim, browser, client, 'test');
    await exchange(client, params, checks);
    await assert.rejects(exchange(client, params, checks), (err) => {
      assert.equal(err.error, 'invalid_grant');
      return true;
    });
  });

  test('/session/end redirects to the post-logout URI, and the next authorize shows the choice page', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { params, checks } = await loginAndCallback(sim, browser, client, 'test');
    const tokenSet = await exchange(client, params, checks);

    // While the FC session lives, a new authorize is answered silently (SSO).
    const silent = await browser.navigate(authorizeUrl(client).url, sim.origin);
    assert.ok(silent.location?.startsWith(CLIENTS[0].redirect_uris[0]), 'silent login while the session lives');
    assert.ok(new URL(silent.location).searchParams.get('code'));

    const state = randomToken();
    const endUrl = client.endSessionUrl({
      id_token_hint: tokenSet.id_token, state, post_logout_redirect_uri: CLIENTS[0].post_logout_redirect_uris[0],
    });
    const end = await browser.request(endUrl);
    assert.ok([302, 303].includes(end.status), `redirect expected, got ${end.status}`);
    const target = new URL(end.location);
    assert.equal(`${target.origin}${target.pathname}`, CLIENTS[0].post_logout_redirect_uris[0]);
    assert.equal(target.searchParams.get('state'), state);

    const again = await browser.navigate(authorizeUrl(client).url, sim.origin);
    assert.equal(again.status, 200);
    assert.match(again.text, /Je choisis un compte pour me connecter sur/);
  });

  test('/session/end refuses an invalid hint or an unregistered post-logout URI', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    const { params, checks } = await loginAndCallback(sim, browser, client, 'test');
    const tokenSet = await exchange(client, params, checks);
    const [h, p, s] = tokenSet.id_token.split('.');
    const forged = `${h}.${p}.${s.slice(0, -4)}AAAA`;
    const cases = [
      { id_token_hint: forged, post_logout_redirect_uri: CLIENTS[0].post_logout_redirect_uris[0] },
      { id_token_hint: tokenSet.id_token, post_logout_redirect_uri: 'http://127.0.0.1:9/not-registered' },
      { id_token_hint: tokenSet.id_token, post_logout_redirect_uri: CLIENTS[1].post_logout_redirect_uris[0] },
      { post_logout_redirect_uri: CLIENTS[0].post_logout_redirect_uris[0] },
    ];
    for (const query of cases) {
      const res = await browser.request(client.endSessionUrl({ state: 'x', ...query }));
      assert.equal(res.status, 400, JSON.stringify(Object.keys(query)));
      assert.equal(res.location, null);
    }
    // The session survived: authorize is still silent.
    const silent = await browser.navigate(authorizeUrl(client).url, sim.origin);
    assert.ok(new URL(silent.location).searchParams.get('code'));
  });

  test('prompt=login shows the interaction again although the session lives; prompt=consent needs no click', async () => {
    const browser = new Browser();
    const client = fsClient(issuer);
    await loginAndCallback(sim, browser, client, 'test');
    const forced = await browser.navigate(authorizeUrl(client, { prompt: 'login' }).url, sim.origin);
    assert.equal(forced.status, 200);
    assert.match(forced.text, /Je choisis un compte pour me connecter sur/);
    const consent = await browser.navigate(authorizeUrl(client, { prompt: 'consent' }).url, sim.origin);
    assert.ok(consent.location?.startsWith(CLIENTS[0].redirect_uris[0]), `status ${consent.status}`);
    assert.ok(new URL(consent.location).searchParams.get('code'));
  });

  test('an unknown interaction shows a 400 error page', async () => {
    const res = await new Browser().request(`${sim.issuer}/interaction/unknown-uid`);
    assert.equal(res.status, 400);
    assert.match(res.text, /id="error"/);
  });

  describe('faults', () => {
    async function arm(kind) {
      const res = await fetch(`${sim.origin}/__test/fault`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind }),
      });
      assert.equal(res.status, 200);
    }

    async function codeFor(client) {
      return loginAndCallback(sim, new Browser(), client, 'test');
    }

    async function rawToken(client, code) {
      const res = await fetch(issuer.metadata.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code', code, redirect_uri: client.metadata.redirect_uris[0],
          client_id: client.client_id, client_secret: client.client_secret,
        }),
      });
      return { status: res.status, body: await res.json() };
    }

    const jwks = () => jose.createRemoteJWKSet(new URL(issuer.metadata.jwks_uri));

    test('unknown kind is refused; DELETE clears an armed fault', async () => {
      const bad = await fetch(`${sim.origin}/__test/fault`, { method: 'POST', body: '{"kind":"nope"}' });
      assert.equal(bad.status, 400);
      await arm('token_error');
      assert.equal((await fetch(`${sim.origin}/__test/fault`, { method: 'DELETE' })).status, 200);
      const client = fsClient(issuer);
      const { params, checks } = await codeFor(client);
      await exchange(client, params, checks);
    });

    test('openid-client rejects bad_signature, wrong_nonce, wrong_iss, wrong_aud, expired, unknown_kid', async () => {
      const expected = {
        bad_signature: /failed to validate JWT signature/,
        wrong_nonce: /nonce mismatch/,
        wrong_iss: /unexpected iss value/,
        wrong_aud: /aud mismatch/,
        expired: /JWT expired/,
        unknown_kid: /no valid key found/,
      };
      for (const [kind, message] of Object.entries(expected)) {
        const client = fsClient(issuer);
        const { params, checks } = await codeFor(client);
        await arm(kind);
        await assert.rejects(exchange(client, params, checks), (err) => {
          assert.match(err.message, message, kind);
          return true;
        }, kind);
      }
      // One-shot: the next exchange is fine again.
      const client = fsClient(issuer);
      const { params, checks } = await codeFor(client);
      await exchange(client, params, checks);
    });

    test('no_acr and wrong_acr are validly signed, only acr differs', async () => {
      for (const [kind, acr] of [['no_acr', undefined], ['wrong_acr', 'eidas2']]) {
        const client = fsClient(issuer);
        const { params } = await codeFor(client);
        await arm(kind);
        const { status, body } = await rawToken(client, params.code);
        assert.equal(status, 200);
        const { payload } = await jose.jwtVerify(body.id_token, jwks(), {
          issuer: sim.issuer, audience: client.client_id, algorithms: ['ES256'],
        });
        assert.equal(payload.acr, acr, kind);
        assert.ok(payload.nonce);
      }
    });

    test('expired is re-signed with the real key; token_error answers invalid_grant', async () => {
      let client = fsClient(issuer);
      let { params } = await codeFor(client);
      await arm('expired');
      const expired = await rawToken(client, params.code);
      const { payload } = await jose.jwtVerify(expired.body.id_token, jwks(), {
        issuer: sim.issuer, audience: client.client_id, currentDate: new Date(Date.now() - 3300 * 1000),
      });
      assert.ok(payload.exp < Date.now() / 1000);

      client = fsClient(issuer);
      ({ params } = await codeFor(client));
      await arm('token_error');
      const res = await rawToken(client, params.code);
      assert.equal(res.status, 400);
      assert.equal(res.body.error, 'invalid_grant');
    });

    test('userinfo_bad_signature makes openid-client reject the userinfo', async () => {
      const client = fsClient(issuer);
      const { params, checks } = await codeFor(client);
      await arm('userinfo_bad_signature');
      const tokenSet = await exchange(client, params, checks); // the token response is untouched
      await assert.rejects(client.userinfo(tokenSet), /failed to validate JWT signature/);
    });
  });
});

describe('FranceConnect simulator (normal mode)', () => {
  test('test routes are 404 without --test-mode; unknown paths are 404', async () => {
    const sim = await startSim({ testMode: false });
    try {
      const res = await fetch(`${sim.origin}/__test/fault`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kind":"token_error"}',
      });
      assert.equal(res.status, 404);
      assert.equal((await fetch(`${sim.origin}/`)).status, 404);
      assert.equal((await fetch(`${sim.issuer}/.well-known/openid-configuration`)).status, 200);
    } finally {
      const { code } = await sim.stop();
      assert.equal(code, 0);
    }
  });

  test('stops cleanly on SIGINT', async () => {
    const sim = await startSim({ testMode: false });
    const child = [...children].at(-1);
    const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    await sim.stop();
  });
});
