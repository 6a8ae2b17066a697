export default function Home() {
  return (
    <main>
      <h1>Hello from node-nextjs-pnpm</h1>
      <p>Next.js 15 app router served with next start.</p>
    </main>
  );
}
