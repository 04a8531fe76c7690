// Aidants Connect as identity provider (FI) of the FranceConnect simulator, the demo service
// provider under /demo/, and the bench reference IdP.
// Run: node --test tools/franceconnect-sim/test/   (or `npm test` in tools/franceconnect-sim)
//
// A stand-in Aidants Connect IdP (a second oidc-provider, ES256 or HS256) runs inside the test;
// the browser is plain fetch with a cookie jar.

import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import * as jose from 'jose';
import Provider from 'oidc-provider';
import { Issuer } from 'openid-client';
import { Browser as BaseBrowser } from '../test-support/browser.mjs';

const SIM_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const SERVER = join(SIM_DIR, 'server.mjs');
const REFERENCE_IDP = join(SIM_DIR, 'bench', 'reference-idp.mjs');
const CLAIMS = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry', 'email', 'preferred_username'];
const HEX64 = /^[0-9a-f]{64}$/;

const FS = {
  client_id: 'fs-one',
  client_secret: 'secret-one-0123456789',
  client_name: 'Service de test',
  redirect_uris: ['http://127.0.0.1:9/callback'],
  post_logout_redirect_uris: ['http://127.0.0.1:9/logged-out'],
};

// The usager whose identity the stand-in returns (name with an apostrophe: HTML escaping).
const USAGER = {
  sub: 'ac-usager-7f3a',
  given_name: 'Angela Claire Louise',
  family_name: "D'ARTAGNAN-DUBOIS",
  birthdate: '1962-08-00',
  gender: 'female',
  birthplace: '2A004',
  birthcountry: '99100',
  email: 'wossewodda-3728@yopmail.com',
  preferred_username: 'Dupont',
};

// ---------------------------------------------------------------------------
// Processes

const children = new Set();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });

async function spawnLine(argv, pattern) {
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { stderr += d; });
  const stdoutLines = [];
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${stderr}`)), 10000);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`exited (${code}):\n${stderr}`)); });
    lines.on('line', (line) => {
      stdoutLines.push(line);
      const m = pattern.exec(line);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
  });
  return {
    url,
    stdoutLines,
    get stderr() { return stderr; },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill('SIGTERM');
        const code = await exited;
        children.delete(child);
        return code;
      }
      children.delete(child);
      return child.exitCode;
    },
  };
}

async function startSim({ acFile, extra = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fc-sim-ac-test-'));
  const clientsFile = join(dir, 'clients.json');
  writeFileSync(clientsFile, JSON.stringify([FS]));
  const argv = [SERVER, '--host', '127.0.0.1', '--port', '0', '--clients', clientsFile, '--test-mode', ...extra];
  if (acFile) argv.push('--aidants-connect', acFile);
  const proc = await spawnLine(argv, /^listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v2)$/);
  return {
    ...proc,
    issuer: proc.url,
    origin: new URL(proc.url).origin,
    get stderr() { return proc.stderr; },
    async stop() {
      const code = await proc.stop();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

// ---------------------------------------------------------------------------
// A tiny browser: one cookie jar for 127.0.0.1 (cookies ignore ports, as in browsers), paths
// honoured, redirects followed manually across origins.

class Browser extends BaseBrowser {
  // Follows redirects until a non-redirect answer or a URL on `stopOrigin` (e.g. an FS that
  // does not exist).
  async navigate(url, options, stopOrigin = null) {
    let res = await this.request(url, options);
    for (let hops = 0; res.location && new URL(res.location).origin !== stopOrigin; hops += 1) {
      assert.ok(hops < 15, 'too many redirects');
      res = await this.request(res.location);
    }
    return res;
  }
}

function textOf(html, id) {
  const m = new RegExp(`id="${id}"[^>]*>([^<]*)<`).exec(html);
  return m ? m[1] : undefined;
}

function unescapeHtml(s) {
  return s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }[e]));
}

// ---------------------------------------------------------------------------
// Stand-in Aidants Connect identity provider (FranceConnect is its client).

const AC_CLIENT_ID = 'franceconnect-sim';
const AC_CLIENT_SECRET = 'ac-client-secret-0123456789abcdef0123456789';

async function startStandIn({ alg, simOrigin }) {
  const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await jose.exportJWK(privateKey)), kid: `standin-${alg}`, alg: 'ES256', use: 'sig' };
  const state = {
    identity: { ...USAGER },
    repScope: null, // null: return the requested values
    error: null, // { error, error_description }: the interaction ends with an OAuth error
    tamper: null, // (payload) => void: id_token re-signed after mutation
    lastParams: null,
    logouts: [],
  };
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const callback = `${simOrigin}/api/v2/aidants-connect/callback`;
  const loggedOut = `${simOrigin}/api/v2/aidants-connect/logged-out`;
  const provider = new Provider(issuer, {
    clients: [{
      client_id: AC_CLIENT_ID,
      client_secret: AC_CLIENT_SECRET,
      redirect_uris: [callback],
      post_logout_redirect_uris: [loggedOut],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: alg,
    }],
    clientAuthMethods: ['client_secret_post'],
    responseTypes: ['code'],
    acrValues: ['eidas1'],
    scopes: ['openid'],
    claims: {
      acr: null,
      openid: ['sub'],
      rep_scope: null,
      profile: ['given_name', 'family_name', 'birthdate', 'gender', 'preferred_username'],
      email: ['email'],
      birth: ['birthplace', 'birthcountry'],
    },
    async findAccount(ctx, accountId) {
      return {
        accountId,
        async claims(use, scope, requested) {
          const asked = requested?.rep_scope?.values;
          return {
            ...state.identity,
            sub: state.identity.sub,
            rep_scope: state.repScope ?? (Array.isArray(asked) ? asked : ['transports']),
          };
        },
      };
    },
    async loadExistingGrant(ctx) {
      const { oidc } = ctx;
      const grant = new oidc.provider.Grant({ accountId: oidc.session.accountId, clientId: oidc.client.clientId });
      grant.addOIDCScope([...oidc.requestParamScopes].join(' '));
      grant.addOIDCClaims([...oidc.requestParamClaims]);
      await grant.save();
      return grant;
    },
    jwks: { keys: [jwk] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256', 'HS256'] },
    cookies: {
      names: { session: '_ac_session', interaction: '_ac_interaction', resume: '_ac_interaction_resume' },
      keys: ['stand-in-cookie-key'],
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true },
    },
    issueRefreshToken: () => false,
    pkce: { required: () => false, methods: ['S256'] },
    ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 60, Session: 600, Grant: 600, Interaction: 600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: { enabled: true },
    },
  });
  provider.use(async (ctx, next) => {
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
    if (m) {
      const details = await provider.interactionDetails(ctx.req, ctx.res);
      state.lastParams = details.params;
      if (!m[2]) {
        ctx.type = 'html';
        ctx.body = `<form method="post" action="/interaction/${m[1]}/login"><button id="ac-submit">Valider</button></form>`;
        return;
      }
      const result = state.error ?? { login: { accountId: state.identity.sub, acr: 'eidas1' } };
      const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
      ctx.status = 303;
      ctx.redirect(returnTo);
      return;
    }
    if (ctx.path === '/session/end' && ctx.method === 'GET') {
      // Logout without confirmation page: record it and go back to FranceConnect.
      state.logouts.push({ ...ctx.query });
      const target = new URL(ctx.query.post_logout_redirect_uri);
      target.searchParams.set('state', ctx.query.state);
      ctx.status = 303;
      ctx.redirect(target.href);
      return;
    }
    await next();
    if (ctx.path === '/token' && ctx.status === 200 && state.tamper) {
      const body = { ...ctx.body };
      const payload = jose.decodeJwt(body.id_token);
      state.tamper(payload);
      const header = jose.decodeProtectedHeader(body.id_token);
      const key = alg === 'HS256' ? new TextEncoder().encode(AC_CLIENT_SECRET) : privateKey;
      body.id_token = await new jose.SignJWT(payload).setProtectedHeader(header).sign(key);
      ctx.body = body;
    }
  });
  server.on('request', provider.callback());
  return {
    issuer,
    state,
    reset() {
      Object.assign(state, { identity: { ...USAGER }, repScope: null, error: null, tamper: null, lastParams: null });
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

// ---------------------------------------------------------------------------
// Flows

function interactionBase(url) {
  const m = /^(.*\/api\/v2\/interaction\/[A-Za-z0-9_-]+)$/.exec(url);
  assert.ok(m, `not an interaction URL: ${url}`);
  return m[1];
}

// From the FC choice page: click the Aidants Connect button, log in at the stand-in, follow
// back. Returns the last response (stops at `stopOrigin` if given).
async function throughAidantsConnect(browser, choice, standIn, stopOrigin) {
  assert.equal(choice.status, 200, choice.text);
  assert.match(choice.text, /id="aidants-connect"[^>]*>Vous êtes un aidant professionnel \? Utiliser Aidants Connect</);
  const base = interactionBase(choice.url);
  const toAc = await browser.request(`${base}/aidants-connect`, { method: 'POST', form: {} });
  if (!toAc.location) return toAc; // FC error page
  assert.equal(toAc.status, 303);
  assert.ok(toAc.location.startsWith(`${standIn.issuer}/`), toAc.location);
  const login = await browser.navigate(toAc.location);
  assert.equal(login.status, 200, login.text);
  assert.match(login.text, /id="ac-submit"/);
  return browser.navigate(`${login.url}/login`, { method: 'POST', form: {} }, stopOrigin);
}

async function demoFlow(sim, standIn, query = '') {
  const browser = new Browser();
  const start = await browser.request(`${sim.origin}/demo/${query}`);
  assert.equal(start.status, 200);
  assert.match(start.text, /<h1>Démo démarche en ligne<\/h1>/);
  assert.match(start.text, /id="fc-login"[^>]*>S'identifier avec FranceConnect</);
  const repScope = /name="rep_scope" value="([^"]*)"/.exec(start.text)[1];
  const choice = await browser.navigate(`${sim.origin}/demo/login`, { method: 'POST', form: { rep_scope: repScope } });
  const end = await throughAidantsConnect(browser, choice, standIn);
  return { browser, end };
}

function fsClient(fcIssuer) {
  return new fcIssuer.Client({
    client_id: FS.client_id,
    client_secret: FS.client_secret,
    redirect_uris: FS.redirect_uris,
    post_logout_redirect_uris: FS.post_logout_redirect_uris,
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
    id_token_signed_response_alg: 'ES256',
    userinfo_signed_response_alg: 'ES256',
  });
}

// An openid-client FS (fs-one) through FC and the stand-in; returns { tokenSet, userinfo }.
async function fsFlow(sim, fcIssuer, standIn, repScope) {
  const browser = new Browser();
  const client = fsClient(fcIssuer);
  const checks = { state: randomBytes(32).toString('hex'), nonce: randomBytes(32).toString('hex') };
  const url = client.authorizationUrl({
    scope: 'openid given_name family_name birthdate gender birthplace birthcountry email preferred_username',
    redirect_uri: FS.redirect_uris[0],
    acr_values: 'eidas1',
    ...checks,
    ...(repScope ? { claims: JSON.stringify({ id_token: { rep_scope: { essential: true, values: repScope } } }) } : {}),
  });
  const choice = await browser.navigate(url);
  const end = await throughAidantsConnect(browser, choice, standIn, new URL(FS.redirect_uris[0]).origin);
  assert.ok(end.location?.startsWith(FS.redirect_uris[0]), `back at the FS: ${end.status} ${end.text.slice(0, 500)}`);
  const params = client.callbackParams(end.location);
  const tokenSet = await client.callback(FS.redirect_uris[0], params, { ...checks, response_type: 'code' });
  const userinfo = await client.userinfo(tokenSet);
  return { tokenSet, userinfo, browser, client };
}

function writeAcConfig(file, standIn, alg, extra = {}) {
  writeFileSync(file, JSON.stringify({
    issuer: standIn.issuer,
    client_id: AC_CLIENT_ID,
    client_secret: AC_CLIENT_SECRET,
    id_token_signed_response_alg: alg,
    ...extra,
  }));
}

// ---------------------------------------------------------------------------

describe('Aidants Connect as identity provider of the simulator', () => {
  let dir;
  let acFile;
  let sim;
  let fcIssuer;
  const standIns = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fc-sim-ac-'));
    acFile = join(dir, 'aidants-connect.json'); // written later: the simulator reads it at each click
    sim = await startSim({ acFile });
    fcIssuer = await Issuer.discover(sim.issuer);
    for (const alg of ['ES256', 'HS256']) standIns[alg] = await startStandIn({ alg, simOrigin: sim.origin });
  });

  after(async () => {
    for (const s of Object.values(standIns)) await s.close();
    const code = await sim.stop();
    assert.equal(code, 0);
    if (process.env.FC_SIM_TEST_LOGS) process.stderr.write(sim.stderr);
    assert.deepEqual(sim.stdoutLines, [`listening on ${sim.issuer}`], 'one stdout line only');
    assert.doesNotMatch(sim.stderr, /eyJ/, 'no JWT in the logs');
    for (const value of [USAGER.email, USAGER.family_name, USAGER.sub, AC_CLIENT_SECRET]) {
      assert.ok(!sim.stderr.includes(value), 'no identity or secret in the logs');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  test('without a configuration file the button gives an fc-error page', async () => {
    rmSync(acFile, { force: true });
    const browser = new Browser();
    const choice = await browser.navigate(`${sim.origin}/demo/login`, { method: 'POST', form: {} });
    const res = await throughAidantsConnect(browser, choice, standIns.ES256);
    assert.equal(res.status, 500);
    assert.match(res.text, /id="fc-error"/);
    assert.match(res.text, /aidants_connect_configuration/);
  });

  for (const alg of ['ES256', 'HS256']) {
    test(`${alg}: demo SP -> FC -> Aidants Connect -> FC -> demo SP shows the usager and rep_scope`, async () => {
      const standIn = standIns[alg];
      standIn.reset();
      writeAcConfig(acFile, standIn, alg);
      const { end, browser } = await demoFlow(sim, standIn, '?rep_scope=transports,papiers');
      assert.equal(end.status, 200, end.text);
      assert.equal(new URL(end.url).pathname, '/demo/connected');
      assert.match(end.text, /<h1>Bienvenue<\/h1>/);
      for (const claim of CLAIMS) {
        assert.equal(unescapeHtml(textOf(end.text, claim)), USAGER[claim], claim);
      }
      assert.ok(end.text.includes('D&#39;ARTAGNAN-DUBOIS'), 'escaped');
      assert.match(textOf(end.text, 'sub'), HEX64);
      assert.notEqual(textOf(end.text, 'sub'), USAGER.sub);
      assert.equal(textOf(end.text, 'rep_scope'), 'transports,papiers');
      if (alg === 'ES256') {
        // The receipt the logged-in usager can download (a PDF attachment).
        const receipt = await browser.request(`${sim.origin}/demo/recepisse.pdf`);
        assert.equal(receipt.status, 200);
        assert.equal(receipt.headers.get('content-type'), 'application/pdf');
        assert.match(receipt.headers.get('content-disposition'), /^attachment; filename="recepisse-demo.pdf"$/);
        assert.ok(receipt.text.startsWith('%PDF-1.4'));
      }

      // What FranceConnect asked Aidants Connect.
      const p = standIn.state.lastParams;
      assert.equal(p.client_id, AC_CLIENT_ID);
      assert.equal(p.response_type, 'code');
      assert.equal(p.scope, 'openid profile email birth');
      assert.equal(p.acr_values, 'eidas1');
      assert.equal(p.prompt, 'login');
      assert.match(p.state, HEX64);
      assert.match(p.nonce, HEX64);
      assert.equal(p.redirect_uri, `${sim.origin}/api/v2/aidants-connect/callback`);
      assert.deepEqual(JSON.parse(p.claims), { id_token: { rep_scope: { essential: true, values: ['transports', 'papiers'] } } });
    });
  }

  test('without rep_scope asked, FC sends no claims parameter; --demo-rep-scope is the default', async () => {
    const standIn = standIns.HS256;
    standIn.reset();
    writeAcConfig(acFile, standIn, 'HS256');
    const { end } = await demoFlow(sim, standIn);
    assert.equal(end.status, 200, end.text);
    assert.equal(standIn.state.lastParams.claims, undefined);
    assert.equal(textOf(end.text, 'rep_scope'), '');
    assert.equal(textOf(end.text, 'given_name'), USAGER.given_name);
  });

  test('an FS receives its own pairwise sub, the claims as returned, and rep_scope in id_token and userinfo', async () => {
    const standIn = standIns.ES256;
    standIn.reset();
    standIn.state.identity = { ...USAGER, birthplace: '', birthcountry: '99134', preferred_username: '' };
    writeAcConfig(acFile, standIn, 'ES256');
    const first = await fsFlow(sim, fcIssuer, standIn, ['transports']);
    const idClaims = first.tokenSet.claims();
    assert.equal(idClaims.acr, 'eidas1');
    assert.deepEqual(idClaims.rep_scope, ['transports']);
    assert.deepEqual(first.userinfo.rep_scope, ['transports']);
    assert.match(idClaims.sub, HEX64);
    assert.equal(first.userinfo.sub, idClaims.sub);
    for (const claim of CLAIMS) assert.equal(first.userinfo[claim], standIn.state.identity[claim], claim);

    const second = await fsFlow(sim, fcIssuer, standIn, ['papiers']);
    assert.equal(second.tokenSet.claims().sub, idClaims.sub, 'stable pairwise sub');
    assert.deepEqual(second.userinfo.rep_scope, ['papiers']);
  });

  test('FS logout ends the Aidants Connect session too (end_session_endpoint), then reaches the FS', async () => {
    const standIn = standIns.ES256;
    standIn.reset();
    standIn.state.logouts.length = 0;
    const loggedOut = `${sim.origin}/api/v2/aidants-connect/logged-out`;
    writeAcConfig(acFile, standIn, 'ES256', { post_logout_redirect_uri: loggedOut });
    const { tokenSet, browser, client } = await fsFlow(sim, fcIssuer, standIn, null);
    const state = randomBytes(32).toString('hex');
    const end = await browser.navigate(client.endSessionUrl({
      id_token_hint: tokenSet.id_token, state, post_logout_redirect_uri: FS.post_logout_redirect_uris[0],
    }), {}, new URL(FS.redirect_uris[0]).origin);
    assert.ok(end.location?.startsWith(FS.post_logout_redirect_uris[0]), `${end.status} ${end.location}`);
    assert.equal(new URL(end.location).searchParams.get('state'), state);
    assert.equal(standIn.state.logouts.length, 1);
    const [logout] = standIn.state.logouts;
    assert.equal(logout.post_logout_redirect_uri, loggedOut);
    assert.match(logout.state, HEX64);
    assert.equal(jose.decodeJwt(logout.id_token_hint).iss, standIn.issuer);
  });

  test('demo logout goes through FC back to the demo start page', async () => {
    const standIn = standIns.ES256;
    standIn.reset();
    writeAcConfig(acFile, standIn, 'ES256');
    const { browser, end } = await demoFlow(sim, standIn);
    assert.equal(end.status, 200);
    assert.match(end.text, /id="logout"/);
    const out = await browser.navigate(`${sim.origin}/demo/logout`);
    assert.equal(out.status, 200);
    assert.equal(new URL(out.url).pathname, '/demo/');
    const again = await browser.request(`${sim.origin}/demo/connected`);
    assert.equal(again.status, 303);
  });

  describe('refusals give the fc-error page', () => {
    async function refused(setup, code, alg = 'ES256', description = null) {
      const standIn = standIns[alg];
      standIn.reset();
      setup(standIn.state);
      writeAcConfig(acFile, standIn, alg);
      const { end } = await demoFlow(sim, standIn, '?rep_scope=transports');
      assert.ok(end.status >= 400, `status ${end.status}`);
      assert.match(end.text, /id="fc-error"/);
      assert.equal(textOf(end.text, 'fc-error-code'), code);
      if (description) assert.match(unescapeHtml(textOf(end.text, 'fc-error-description')), description);
      assert.match(end.text, /<html lang="fr">/);
      return end;
    }

    test('OAuth error from Aidants Connect', async () => {
      const end = await refused((s) => { s.error = { error: 'access_denied', error_description: "L'aidant a annulé <b>" }; }, 'access_denied');
      assert.ok(end.text.includes('L&#39;aidant a annulé &lt;b&gt;'));
    });

    for (const alg of ['ES256', 'HS256']) {
      test(`${alg}: id_token with a wrong nonce or a wrong aud`, async () => {
        await refused((s) => { s.tamper = (p) => { p.nonce = 'f'.repeat(64); }; }, 'invalid_id_token', alg, /nonce mismatch/);
        await refused((s) => { s.tamper = (p) => { p.aud = 'someone-else'; }; }, 'invalid_id_token', alg, /aud mismatch/);
      });
    }

    test('id_token with acr other than eidas1', async () => {
      await refused((s) => { s.tamper = (p) => { p.acr = 'eidas2'; }; }, 'invalid_acr', 'ES256', /acr/);
    });

    test('rep_scope asked but missing or not asked for', async () => {
      await refused((s) => { s.tamper = (p) => { delete p.rep_scope; }; }, 'invalid_rep_scope');
      await refused((s) => { s.repScope = ['impots']; }, 'invalid_rep_scope');
    });

    test('birthplace "None", abroad with a birthplace, bad birthdate, gender, email, birthcountry', async () => {
      const cases = [
        [{ birthplace: 'None' }, 'birthplace'],
        [{ birthplace: 'None', birthcountry: '99134' }, 'birthplace'],
        [{ birthplace: '75107', birthcountry: '99134' }, 'birthplace'],
        [{ birthdate: '1962-13-01' }, 'birthdate'],
        [{ birthdate: '24/08/1962' }, 'birthdate'],
        [{ gender: 'F' }, 'gender'],
        [{ email: 'not-an-email' }, 'email'],
        [{ birthcountry: 'FR' }, 'birthcountry'],
        [{ given_name: '' }, 'given_name'],
        [{ family_name: 'x'.repeat(257) }, 'family_name'],
      ];
      for (const [change, claim] of cases) {
        await refused((s) => { s.identity = { ...USAGER, ...change }; }, 'invalid_identity', 'ES256', new RegExp(`« ${claim} »`));
      }
    });

    test('a callback with an unknown state', async () => {
      const res = await new Browser().request(`${sim.issuer}/aidants-connect/callback?code=x&state=${'0'.repeat(64)}`);
      assert.equal(res.status, 400);
      assert.equal(textOf(res.text, 'fc-error-code'), 'invalid_state');
    });
  });
});

describe('simulator without --aidants-connect', () => {
  test('no Aidants Connect button, no callback route; the demo SP still works up to the choice page', async () => {
    const sim = await startSim({ extra: ['--demo-rep-scope', 'transports,papiers'] });
    try {
      const browser = new Browser();
      const start = await browser.request(`${sim.origin}/demo/`);
      assert.match(start.text, /name="rep_scope" value="transports,papiers"/);
      const choice = await browser.navigate(`${sim.origin}/demo/login`, { method: 'POST', form: { rep_scope: 'transports,papiers' } });
      assert.equal(choice.status, 200);
      assert.match(choice.text, /Je choisis un compte pour me connecter sur Démo démarche en ligne/);
      assert.doesNotMatch(choice.text, /aidants-connect/);
      // The demo with a classic identity: rep_scope asked but none given.
      const base = interactionBase(choice.url);
      await browser.navigate(`${base}/idp`, { method: 'POST', form: { idp: 'impots' } });
      const end = await browser.navigate(`${base}/login`, { method: 'POST', form: { idp: 'impots', login: 'test', password: '123' } });
      assert.equal(end.status, 200, end.text);
      assert.equal(textOf(end.text, 'birthplace'), '75107');
      assert.equal(textOf(end.text, 'rep_scope'), '');
      assert.equal((await fetch(`${sim.issuer}/aidants-connect/callback?state=x`)).status, 404);
    } finally {
      assert.equal(await sim.stop(), 0);
    }
  });
});

describe('bench reference IdP', () => {
  const CLIENT = { id: 'bench-client', secret: 'bench-secret-0123456789', redirect: 'http://127.0.0.1:9/bench/callback' };
  let idp;

  before(async () => {
    idp = await spawnLine([REFERENCE_IDP, '--port', '0', '--client-id', CLIENT.id, '--client-secret', CLIENT.secret,
      '--redirect-uri', CLIENT.redirect], /^listening on (http:\/\/127\.0\.0\.1:\d+)$/);
  });

  after(async () => {
    assert.equal(await idp.stop(), 0);
    assert.deepEqual(idp.stdoutLines, [`listening on ${idp.url}`]);
    assert.doesNotMatch(idp.stderr, /eyJ|yopmail/);
  });

  async function oneFlow(cookie) {
    const hex = () => randomBytes(32).toString('hex');
    const state = hex();
    const nonce = hex();
    const auth = new URL(`${idp.url}/auth`);
    for (const [k, v] of Object.entries({
      response_type: 'code', client_id: CLIENT.id, redirect_uri: CLIENT.redirect,
      scope: 'openid profile email birth', state, nonce, acr_values: 'eidas1',
    })) auth.searchParams.set(k, v);
    const res = await fetch(auth, { headers: { cookie }, redirect: 'manual' });
    assert.equal(res.status, 303);
    const location = new URL(res.headers.get('location'));
    assert.equal(`${location.origin}${location.pathname}`, CLIENT.redirect);
    assert.equal(location.searchParams.get('state'), state);
    const code = location.searchParams.get('code');
    assert.ok(code);
    const token = await fetch(`${idp.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code, redirect_uri: CLIENT.redirect, client_id: CLIENT.id, client_secret: CLIENT.secret,
      }),
    });
    assert.equal(token.status, 200);
    const body = await token.json();
    const me = await fetch(`${idp.url}/me`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(me.status, 200);
    return { body, nonce, userinfo: await me.json() };
  }

  test('session -> auth -> code -> token -> userinfo', async () => {
    const session = await fetch(`${idp.url}/__bench/session`, { method: 'POST' });
    assert.equal(session.status, 200);
    const { cookie } = await session.json();
    assert.match(cookie, /^_session=/);
    const { body, nonce, userinfo } = await oneFlow(cookie);
    const discovery = await (await fetch(`${idp.url}/.well-known/openid-configuration`)).json();
    const { payload, protectedHeader } = await jose.jwtVerify(body.id_token, jose.createRemoteJWKSet(new URL(discovery.jwks_uri)), {
      issuer: idp.url, audience: CLIENT.id, algorithms: ['ES256'],
    });
    assert.ok(protectedHeader.kid);
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.acr, 'eidas1');
    assert.deepEqual(payload.rep_scope, ['transports']);
    assert.equal(userinfo.sub, payload.sub);
    for (const claim of CLAIMS) assert.ok(claim in userinfo, claim);
    assert.deepEqual(userinfo.rep_scope, ['transports']);
    // client_secret_basic is not accepted; without a session the answer is not a code.
    const noSession = await fetch(`${idp.url}/auth?response_type=code&client_id=${CLIENT.id}&redirect_uri=${encodeURIComponent(CLIENT.redirect)}&scope=openid&state=${'a'.repeat(64)}&nonce=${'b'.repeat(64)}`, { redirect: 'manual' });
    assert.ok(!new URL(noSession.headers.get('location'), idp.url).searchParams.get('code'));
  });

  test('50 concurrent clients, 3 iterations each', async () => {
    const cookies = await Promise.all(Array.from({ length: 50 }, async () => (await (await fetch(`${idp.url}/__bench/session`, { method: 'POST' })).json()).cookie));
    await Promise.all(cookies.map(async (cookie) => {
      for (let i = 0; i < 3; i += 1) await oneFlow(cookie);
    }));
  });
});
