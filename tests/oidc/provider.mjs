// A real OpenID Connect provider for the SSO tests: panva's certified oidc-provider with one
// confidential client and a few accounts whose claims name an organisation (USCC) and a role.
// Its development login form takes any password; the login field is the account id.
//
//   node provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]
//
// Prints "ready <issuer>" on stdout once it listens.
import Provider from 'oidc-provider';

const [port, ...redirectUris] = process.argv.slice(2);
if (!port || redirectUris.length === 0) {
  console.error('usage: node provider.mjs PORT REDIRECT_URI [REDIRECT_URI ...]');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;

// The claims each test account carries (the uscc of the test organisations in tests/).
const ACCOUNTS = {
  'firm-officer': { name: '云图智能 王工', uscc: '91330106MA2B0C1X2C', role: 'firm' },
  'dept-officer': { name: '公安局 李警官', uscc: '11330100002468000G', role: 'department' },
  'admin-claim': { name: 'Would-be admin', uscc: '91330106MA2B0C1X2C', role: 'admin' },
  'odd-role': { name: 'Odd role', uscc: '91330106MA2B0C1X2C', role: 'superuser' },
  'stranger': { name: 'Unknown organisation', uscc: '913300000000000004', role: 'firm' },
};

const configuration = {
  clients: [
    {
      client_id: 'scenehub',
      client_secret: 'scenehub-test-client-secret',
      redirect_uris: redirectUris,
      post_logout_redirect_uris: redirectUris.map((uri) => new URL('/', uri).href),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'scenehub'],
  claims: { openid: ['sub'], profile: ['name'], scenehub: ['uscc', 'role'] },
  cookies: { keys: ['scenehub-test-provider-cookie-key'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, sub) {
    const account = ACCOUNTS[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, ...account }) };
  },
};

const provider = new Provider(issuer, configuration);
const server = provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
