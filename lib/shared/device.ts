// Which browser and system a user agent names: the activity list, the sessions list and the security
// emails all describe a device this way. Browser and system names need no translation.

export type Device =
  { kind: "unknown" } | { kind: "api" } | { kind: "browser"; browser: string | null; os: string | null };

/** Browser and system from a user-agent string; good enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { kind: "unknown" };
  if (!/Edg\/|Firefox\/|Chrome\/|Safari\//.test(userAgent) && /curl|node|undici|python|okhttp/i.test(userAgent))
    return { kind: "api" };
  const browser = /Edg\//.test(userAgent)
    ? "Edge"
    : /Firefox\//.test(userAgent)
      ? "Firefox"
      : /Chrome\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : null;
  const os = /Windows/.test(userAgent)
    ? "Windows"
    : /Android/.test(userAgent)
      ? "Android"
      : /iPhone|iPad/.test(userAgent)
        ? "iOS"
        : /Mac OS X/.test(userAgent)
          ? "macOS"
          : /Linux/.test(userAgent)
            ? "Linux"
            : null;
  return { kind: "browser", browser, os };
}
