import * as client from 'openid-client';
import { isLoopbackHost, type OidcSettings } from '../config.ts';
import type { ProviderPerson } from './identities.ts';

/** What the browser keeps (in a signed cookie) between leaving for the provider and coming back. */
export interface PendingSignIn { state: string; nonce: string; verifier: string; returnTo: string }

/** The provider could not be reached or answered with something other than a sign-in. */
export class ProviderUnavailable extends Error {}
/** The answer that came back is not one this browser's sign-in may use (state, code or token refused). */
export class SignInRefused extends Error {}

/**
 * The authorisation code flow with PKCE, state and nonce, through openid-client. The provider's
 * settings are discovered from the issuer on first use (again after a failure, so a provider that was
 * down is found once it is back).
 */
export function oidcClient(settings: OidcSettings) {
  let discovered: Promise<client.Configuration> | null = null;

  function configuration(): Promise<client.Configuration> {
    if (!discovered) {
      const issuer = new URL(settings.issuer);
      // Plain http only to a provider on this machine (the configuration refuses it anywhere else).
      const execute = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [client.allowInsecureRequests] : [];
      discovered = client.discovery(issuer, settings.clientId, settings.clientSecret, undefined, { execute })
        .catch((error: unknown) => { discovered = null; throw new ProviderUnavailable(`Discovery from ${settings.issuer} failed: ${String(error)}`); });
    }
    return discovered;
  }

  return {
    /** The provider's address to send the browser to, and what must be kept to check its answer. */
    async start(redirectUri: string, returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
      const config = await configuration();
      const pending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), returnTo };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid email profile', response_type: 'code',
        state: pending.state, nonce: pending.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    /** Checks the provider's answer (state, code, ID token and its nonce) and says who signed in. */
    async finish(currentUrl: URL, pending: PendingSignIn): Promise<ProviderPerson> {
      const config = await configuration();
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, currentUrl, {
          expectedState: pending.state, expectedNonce: pending.nonce, pkceCodeVerifier: pending.verifier, idTokenExpected: true,
        });
      } catch (error) {
        if (error instanceof client.AuthorizationResponseError || error instanceof client.ResponseBodyError || error instanceof client.ClientError) {
          throw new SignInRefused(String(error));
        }
        throw new ProviderUnavailable(String(error));
      }
      const claims = tokens.claims();
      if (!claims) throw new SignInRefused('No ID token');
      let email = typeof claims.email === 'string' ? claims.email : undefined;
      let verified = claims.email_verified;
      // Some providers put the address only in the UserInfo answer.
      if (email === undefined || verified === undefined) {
        const info = await client.fetchUserInfo(config, tokens.access_token, claims.sub).catch((error: unknown) => {
          throw new ProviderUnavailable(String(error));
        });
        email = typeof info.email === 'string' ? info.email : undefined;
        verified = info.email_verified;
      }
      return { issuer: claims.iss, subject: claims.sub, email: email ?? null, emailVerified: verified === true };
    },
  };
}

export type OidcClient = ReturnType<typeof oidcClient>;
