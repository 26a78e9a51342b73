// Auth.js's protocol endpoints for the sign-in providers (redirect to the provider, and its callback at
// /api/auth/callback/<provider>); what a callback may do is decided in lib/accounts/providers.ts.
import { handlers } from "@/lib/accounts/providers";

export const { GET, POST } = handlers;
