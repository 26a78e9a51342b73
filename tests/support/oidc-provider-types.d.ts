// The few parts of oidc-provider (which ships no types) that tests/support/oidc-provider.ts uses.
declare module "oidc-provider" {
  import type { Server } from "node:http";
  type Account = { accountId: string; claims(): Promise<Record<string, unknown>> };
  export default class Provider {
    constructor(
      issuer: string,
      configuration: {
        clients: { client_id: string; client_secret: string; redirect_uris: string[] }[];
        claims?: Record<string, string[]>;
        features?: Record<string, { enabled: boolean }>;
        pkce?: { required: () => boolean };
        conformIdTokenClaims?: boolean;
        findAccount(ctx: unknown, id: string): Promise<Account>;
      },
    );
    listen(port: number, host: string): Server;
  }
}
