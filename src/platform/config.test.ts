import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseTrustProxy, requireSessionSecret } from './config.ts';

const bin = fileURLToPath(new URL('../../bin/csp-hub.js', import.meta.url));
const PG = 'postgres://nobody@127.0.0.1:1/nothing';
const SECRET = 'a'.repeat(32);

test('the demo runs without SESSION_SECRET; outside it (DATABASE_URL or production) a secret is required', () => {
  assert.ok(requireSessionSecret(loadConfig({})), 'the demo has a secret of its own');
  for (const env of [{ DATABASE_URL: PG }, { NODE_ENV: 'production' }, { DATABASE_URL: PG, NODE_ENV: 'production' }]) {
    const config = loadConfig(env);
    assert.equal(config.sessionSecret, undefined, JSON.stringify(env));
    assert.throws(() => requireSessionSecret(config), /SESSION_SECRET is not set.*at least 32 characters/s, JSON.stringify(env));
    assert.equal(requireSessionSecret(loadConfig({ ...env, SESSION_SECRET: SECRET })), SECRET);
  }
  assert.throws(() => loadConfig({ SESSION_SECRET: 'too-short' }), /SESSION_SECRET: must be at least 32 characters/);
});

test('the web service refuses to start without SESSION_SECRET outside the demo, before it opens any database', () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'csp-hub-config-')), 'db');
  try {
    for (const env of [{ DATABASE_URL: PG }, { NODE_ENV: 'production', DATA_DIR: dataDir, DATABASE_URL: '' }]) {
      const { SESSION_SECRET: _ignored, ...inherited } = process.env;
      const r = spawnSync(process.execPath, [bin, 'serve'], { env: { ...inherited, PORT: '0', ...env }, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 1, JSON.stringify(env));
      assert.match(r.stderr, /SESSION_SECRET is not set\. Outside the demo .* will not start without it\. Set SESSION_SECRET to a random value of at least 32 characters/);
      assert.doesNotMatch(r.stdout + r.stderr, /Connecting|embedded database|at .*\.ts:\d+/, 'nothing was opened, no stack trace');
    }
    assert.equal(existsSync(dataDir), false, 'the embedded database was not created');
  } finally {
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  }
});

test('forwarding headers are trusted only when TRUST_PROXY says so', () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ DATABASE_URL: PG, NODE_ENV: 'production' }).trustProxy, false, 'not even in production');
  assert.deepEqual(['', 'false', '0', 'true', '1', 'TRUE'].map(parseTrustProxy), [false, false, false, true, true, true]);
  assert.equal(parseTrustProxy('10.0.0.0/8, 192.168.1.4,loopback,::1,fd00::/8'), '10.0.0.0/8,192.168.1.4,loopback,::1,fd00::/8');
  for (const bad of ['2', 'yes please', '10.0.0.0/33', '300.1.1.1', 'example.org']) {
    assert.throws(() => parseTrustProxy(bad), /TRUST_PROXY must be true \(or 1\), false \(or 0\), or a comma-separated list/, bad);
  }
});

test('the demo logs warnings only; a deployment logs each request; LOG_LEVEL decides either way', () => {
  assert.equal(loadConfig({}).logLevel, 'warn');
  assert.equal(loadConfig({ DATABASE_URL: PG }).logLevel, 'info');
  assert.equal(loadConfig({ NODE_ENV: 'production' }).logLevel, 'info');
  assert.equal(loadConfig({ LOG_LEVEL: 'debug' }).logLevel, 'debug');
  assert.equal(loadConfig({ DATABASE_URL: PG, LOG_LEVEL: 'error' }).logLevel, 'error');
  assert.throws(() => loadConfig({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
});

test('METRICS_TOKEN is long enough or refused; SHUTDOWN_TIMEOUT is whole seconds', () => {
  assert.equal(loadConfig({}).metricsToken, undefined);
  assert.equal(loadConfig({ METRICS_TOKEN: 'x'.repeat(24) }).metricsToken, 'x'.repeat(24));
  assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN: must be at least 24 characters/);
  assert.equal(loadConfig({}).shutdownSeconds, 25);
  assert.equal(loadConfig({ SHUTDOWN_TIMEOUT: '60' }).shutdownSeconds, 60);
  assert.equal(loadConfig({ SHUTDOWN_TIMEOUT: '' }).shutdownSeconds, 25);
  assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT: '0' }), /SHUTDOWN_TIMEOUT/);
  assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT: 'soon' }), /SHUTDOWN_TIMEOUT/);
});

test('single sign-on needs its three settings together; password sign-in may be turned off only with it', () => {
  const sso = { OIDC_ISSUER: 'https://login.example.org/tenant/v2.0', OIDC_CLIENT_ID: 'csp-hub', OIDC_CLIENT_SECRET: 's3cret' };
  assert.equal(loadConfig({}).oidc, undefined);
  assert.equal(loadConfig({}).passwordSignIn, true);
  assert.deepEqual(loadConfig(sso).oidc, { issuer: sso.OIDC_ISSUER, clientId: 'csp-hub', clientSecret: 's3cret', buttonLabel: 'Sign in with your organisation’s account' });
  assert.equal(loadConfig({ ...sso, OIDC_NAME: 'Sign in with your council account' }).oidc?.buttonLabel, 'Sign in with your council account');
  assert.throws(() => loadConfig({ OIDC_ISSUER: sso.OIDC_ISSUER }), /OIDC_CLIENT_ID, OIDC_CLIENT_SECRET not set/);
  assert.throws(() => loadConfig({ ...sso, OIDC_ISSUER: 'http://login.example.org' }), /OIDC_ISSUER: must be the https:\/\/ address/);
  assert.equal(loadConfig({ ...sso, OIDC_ISSUER: 'http://127.0.0.1:8080' }).oidc?.issuer, 'http://127.0.0.1:8080', 'plain http on this machine only');
  assert.equal(loadConfig({ ...sso, PASSWORD_SIGN_IN: 'off' }).passwordSignIn, false);
  assert.throws(() => loadConfig({ PASSWORD_SIGN_IN: 'off' }), /PASSWORD_SIGN_IN=off needs single sign-on/);
  assert.throws(() => loadConfig({ PASSWORD_SIGN_IN: 'maybe' }), /PASSWORD_SIGN_IN: must be on or off/);
});

test('CONTACT_EMAIL is an e-mail address or unset', () => {
  assert.equal(loadConfig({}).contactEmail, undefined);
  assert.equal(loadConfig({ CONTACT_EMAIL: ' csp@council.example ' }).contactEmail, 'csp@council.example');
  assert.throws(() => loadConfig({ CONTACT_EMAIL: 'nobody' }), /CONTACT_EMAIL: must be an e-mail address/);
});
