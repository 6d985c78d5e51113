// A real OpenID Connect provider for SatuPintu's sign-in tests: panva's certified
// oidc-provider (pinned in package.json), with its development sign-in and consent forms
// (devInteractions: any password is accepted; the login names one of the accounts below).
//
//   OIDC_PORT=0 node provider.mjs     -> prints "oidc-provider listening on http://127.0.0.1:<port>"
//
// Clients: "satupintu" (ID tokens signed RS256) and "satupintu-es256" (ES256), secret "rahasia-klien-satupintu", a native client, so any loopback
// port is accepted on the redirect URI http://127.0.0.1:<port>/auth/oidc/callback (RFC 8252).
// Scope "nik" brings the claims nik and nik_verified.
import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

export const CLIENT_ID = 'satupintu';
export const CLIENT_SECRET = 'rahasia-klien-satupintu';

/** The provider's accounts: the login name is the subject. */
export const ACCOUNTS = {
  // NIK of the demo citizen Siti Rahayu; a fresh database has no account with it.
  siti: { name: 'Siti Aminah', email: 'siti.nasional@contoh.id', email_verified: true, nik: '3273014506900001', nik_verified: true },
  // NIK of the demo citizen Budi Santoso.
  budi: { name: 'Budi Santoso', email: 'budi.nasional@contoh.id', email_verified: true, nik: '3578011208850003', nik_verified: true },
  // The NIK is on file at the provider but not verified.
  'belum-verifikasi': { name: 'Dewi Lestari', email: 'dewi@contoh.id', nik: '3173051208050002', nik_verified: false },
  // No NIK at all.
  'tanpa-nik': { name: 'Tamu Asing', email: 'tamu@contoh.id' },
  // A staff member (linked by NIK to a staff account the test creates).
  petugas: { name: 'Rina Petugas', email: 'rina.nasional@contoh.id', nik: '3578015503800004', nik_verified: true },
};

const server = http.createServer();
await new Promise((resolve) => server.listen(Number(process.env.OIDC_PORT || 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

// Signing keys made for this run (RS256 for the main client, ES256 for the second one).
const jwk = (type, options, alg, kid) => ({ ...generateKeyPairSync(type, options).privateKey.export({ format: 'jwk' }), alg, use: 'sig', kid });
const jwks = {
  keys: [
    jwk('rsa', { modulusLength: 2048 }, 'RS256', `rs-${Date.now()}`),
    jwk('ec', { namedCurve: 'P-256' }, 'ES256', `es-${Date.now()}`),
  ],
};

const client = (id, alg) => ({
  client_id: id,
  client_secret: CLIENT_SECRET,
  application_type: 'native',
  redirect_uris: ['http://127.0.0.1/auth/oidc/callback'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  id_token_signed_response_alg: alg,
});

const provider = new Provider(issuer, {
  jwks,
  clients: [client(CLIENT_ID, 'RS256'), client(`${CLIENT_ID}-es256`, 'ES256')],
  claims: {
    openid: ['sub'],
    profile: ['name'],
    email: ['email', 'email_verified'],
    nik: ['nik', 'nik_verified'],
  },
  scopes: ['openid', 'profile', 'email', 'nik'],
  async findAccount(ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  pkce: { required: () => true },
  cookies: { keys: ['satupintu-test-provider-cookie-key'] },
  features: { devInteractions: { enabled: true } },
});

server.on('request', provider.callback());
console.log(`oidc-provider listening on ${issuer}`);

// Started by a test process: stop when that process goes (its end of stdin closes).
if (process.env.OIDC_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
