import type { Config } from '@react-router/dev/config';

export default {
  // Server-side render by default; set to false for SPA mode.
  ssr: true,
} satisfies Config;
