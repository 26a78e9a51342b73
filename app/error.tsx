"use client";

// Shown when a page fails on the server. No details reach the browser (Next.js sends only a digest); the
// server log has them. A database outage turns the following requests into a 503 page (proxy.ts).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card">
      <h1>Something went wrong on our side</h1>
      <p>Nothing you entered was lost. Please try again in a moment.</p>
      <button type="button" className="button" onClick={() => reset()}>
        Try again
      </button>
    </div>
  );
}
