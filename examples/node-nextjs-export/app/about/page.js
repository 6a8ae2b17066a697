export default function About() {
  return (
    <main>
      <h1>About</h1>
      <p>This page is exported to about.html.</p>
    </main>
  );
}
