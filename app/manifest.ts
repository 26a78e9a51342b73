import type { MetadataRoute } from "next";
import { env } from "@/lib/platform/env";

// Lets a phone's home screen and a browser's tab show this site's name and icon (public/ holds the icons).
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: env.APP_NAME,
    short_name: env.APP_NAME,
    start_url: "/account",
    display: "browser",
    background_color: "#f6f7f9",
    theme_color: "#1d4ed8",
    icons: [
      { src: "/favicon.ico", sizes: "any", type: "image/x-icon" },
      { src: "/apple-touch-icon.png", sizes: "180x180", type: "image/png" },
    ],
  };
}
