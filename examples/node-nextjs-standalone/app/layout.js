export const metadata = {
  title: 'node-nextjs-standalone',
  description: 'Next.js 15 standalone output example',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
