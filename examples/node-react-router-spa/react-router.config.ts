import type { Config } from "@react-router/dev/config";

export default {
  // SPA mode: everything runs in the browser, the build is static files
  ssr: false,
} satisfies Config;
