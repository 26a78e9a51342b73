// The original app's liveness answer, kept byte for byte for its SPA.
export function GET() {
  return Response.json({ "JWT Server Application": "Running!" });
}
