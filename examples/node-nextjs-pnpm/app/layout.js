export const metadata = {
  title: 'node-nextjs-pnpm',
  description: 'Next.js 15 example served with next start',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
