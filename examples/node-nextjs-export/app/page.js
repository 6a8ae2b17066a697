export default function Home() {
  return (
    <main>
      <h1>Docs</h1>
      <p>Built once with next build, served as plain files.</p>
    </main>
  );
}
