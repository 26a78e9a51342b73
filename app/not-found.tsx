import Link from "next/link";

export default function NotFound() {
  return (
    <div className="card">
      <h1>Page not found</h1>
      <p>
        That page does not exist. Go to the <Link href="/">home page</Link>.
      </p>
    </div>
  );
}
