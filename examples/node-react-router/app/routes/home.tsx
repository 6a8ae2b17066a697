export function meta() {
  return [{ title: 'node-react-router' }];
}

export function loader() {
  return { renderedAt: new Date().toISOString() };
}

export default function Home({ loaderData }: { loaderData: { renderedAt: string } }) {
  return (
    <main>
      <h1>Hello from node-react-router</h1>
      <p>Server-rendered at {loaderData.renderedAt}.</p>
    </main>
  );
}
