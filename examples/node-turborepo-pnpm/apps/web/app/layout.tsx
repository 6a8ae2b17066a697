import type { ReactNode } from "react";
import { productName } from "@acme/shared";

export const metadata = {
  title: productName,
  description: "The web app of the Acme Tickets Turborepo",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
