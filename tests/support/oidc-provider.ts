import Provider from "oidc-provider";

// A real OpenID Connect provider for the browser tests (oidc-provider, the certified implementation), with
// one client: the app under test. Its development login form accepts any login and password; the login
// decides the person:
//   - a login with an "@" is that email address, else `<login>@idp.example`;
//   - a login starting with "unverified" gets email_verified: false, every other one true.
// Run standalone with `tsx tests/support/oidc-provider.ts` (OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET,
// OIDC_REDIRECT_URIS comma-separated) or import startOidcProvider().

export type OidcOptions = { port: number; clientId: string; clientSecret: string; redirectUris: string[] };

export async function startOidcProvider({ port, clientId, clientSecret, redirectUris }: OidcOptions) {
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["preferred_username", "name"] },
    // The email claims go in the ID token itself, where Auth.js reads the profile of an OpenID Connect sign-in.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    async findAccount(_ctx, id) {
      const email = id.includes("@") ? id : `${id}@idp.example`;
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            email,
            email_verified: !id.startsWith("unverified"),
            preferred_username: id.split("@")[0],
            name: id,
          };
        },
      };
    },
  });
  const server = provider.listen(port, "127.0.0.1");
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  return { issuer, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { issuer } = await startOidcProvider({
    port: Number(process.env.OIDC_PORT),
    clientId: process.env.OIDC_CLIENT_ID ?? "accounts-e2e",
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? "accounts-e2e-secret",
    redirectUris: (process.env.OIDC_REDIRECT_URIS ?? "").split(",").filter(Boolean),
  });
  console.log(`OpenID Connect provider at ${issuer}`);
}
