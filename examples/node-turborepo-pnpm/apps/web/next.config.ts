import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // a server with only the files it needs, in .next/standalone
  output: "standalone",
};

export default nextConfig;
