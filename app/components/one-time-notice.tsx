"use client";

import { useEffect } from "react";

/**
 * Removes a one-time notice's query parameter ("?welcome=1") from the address once the page shows it, so a
 * reload or a bookmark does not show the notice again. Without JavaScript the parameter stays (harmless).
 */
export function ForgetNoticeInAddress({ params }: { params: string[] }) {
  useEffect(() => {
    const url = new URL(window.location.href);
    let changed = false;
    for (const name of params) {
      if (url.searchParams.has(name)) {
        url.searchParams.delete(name);
        changed = true;
      }
    }
    // replaceState, not the router: nothing is fetched again, and Back does not bring the notice back.
    if (changed) window.history.replaceState(window.history.state, "", url.pathname + url.search + url.hash);
  }, [params]);
  return null;
}
