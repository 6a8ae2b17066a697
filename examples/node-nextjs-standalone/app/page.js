export default function Home() {
  return (
    <main>
      <h1>Hello from node-nextjs-standalone</h1>
      <p>Next.js 15 app router with standalone output.</p>
    </main>
  );
}
