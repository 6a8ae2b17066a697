export const metadata = {
  title: 'Docs',
  description: 'A statically exported Next.js site',
};

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <a href="/">Home</a> · <a href="/about">About</a>
        </nav>
        {children}
      </body>
    </html>
  );
}
