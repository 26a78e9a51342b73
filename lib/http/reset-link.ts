// Where the reset page keeps the token after moving it out of the URL (see proxy.ts).
export const RESET_TOKEN_COOKIE = "reset_token";
