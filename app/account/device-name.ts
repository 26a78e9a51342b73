import "server-only";
import { getTranslations } from "next-intl/server";
import { describeDevice } from "@/lib/accounts/audit-text";

/** "Chrome on Linux", "an API client", "an unknown device": a user agent as the activity list and the sessions list name it. */
export async function deviceNamer() {
  const activity = await getTranslations("Activity");
  return (userAgent: string | null) => {
    const found = describeDevice(userAgent);
    if (found.kind === "unknown") return activity("unknownDevice");
    if (found.kind === "api") return activity("apiClient");
    const browser = found.browser ?? activity("aBrowser");
    return found.os ? activity("browserOn", { browser, os: found.os }) : browser;
  };
}
