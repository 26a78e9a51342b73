// A client that calls the JSON API exactly the way the original React SPA did: bodies are JSON strings sent
// with no Content-Type header, the login response's access_token is kept and sent as a Bearer header, and
// /api/refresh receives the bare access token as its body. Node's fetch with a byte body sends no
// Content-Type at all (a browser would add text/plain); the API must not care either way.

export type SpaResponse = { status: number; headers: Headers; body: Record<string, unknown> | null };

export class OriginalSpa {
  accessToken: string | null = null;

  constructor(
    private readonly appUrl: string,
    /** Extra headers on every call (the tests give each client its own X-Forwarded-For). */
    private readonly headers: Record<string, string> = {},
  ) {}

  private async call(path: string, init: { method?: string; body?: string; bearer?: string | null } = {}) {
    const headers: Record<string, string> = { ...this.headers };
    if (init.bearer) headers.Authorization = `Bearer ${init.bearer}`;
    const response = await fetch(`${this.appUrl}${path}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : new TextEncoder().encode(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null } as SpaResponse;
  }

  register(username: string, email: string, password: string) {
    return this.call("/api/registration", { method: "POST", body: JSON.stringify({ username, email, password }) });
  }

  /** The SPA's #/finalize page: the token from its own URL, sent as a Bearer header. */
  async finalize(confirmationToken: string) {
    const response = await this.call("/api/finalize", { bearer: confirmationToken });
    if (response.status === 200) this.accessToken = response.body!.access_token as string;
    return response;
  }

  async login(username: string, password: string) {
    const response = await this.call("/api/login", { method: "POST", body: JSON.stringify({ username, password }) });
    if (response.status === 200) this.accessToken = response.body!.access_token as string;
    return response;
  }

  protectedResource() {
    return this.call("/api/protected", { bearer: this.accessToken });
  }

  /** react-token-auth's onUpdateToken: POST the bare access token as the body. */
  async refresh() {
    const response = await this.call("/api/refresh", { method: "POST", body: this.accessToken ?? "" });
    if (response.status === 200) this.accessToken = response.body!.access_token as string;
    return response;
  }

  /** The SPA's "forgot password" form. */
  requestReset(email: string) {
    return this.call("/api/reset", { method: "POST", body: JSON.stringify({ email }) });
  }

  /** The SPA's #/new_password page: the token from its own URL as a Bearer header, the password as the body. */
  async finalizeReset(resetToken: string, password: string) {
    const response = await this.call("/api/reset_finalize", {
      method: "POST",
      bearer: resetToken,
      body: JSON.stringify({ password }),
    });
    if (response.status === 200) this.accessToken = response.body!.access_token as string;
    return response;
  }

  /** Not in the original SPA (it only forgot its token); ours also ends the session on the server. */
  logout() {
    return this.call("/api/logout", { method: "POST", bearer: this.accessToken });
  }
}
