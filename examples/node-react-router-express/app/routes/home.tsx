export function meta() {
  return [{ title: 'recipes' }];
}

export function loader() {
  return { renderedAt: new Date().toISOString() };
}

export default function Home({ loaderData }: { loaderData: { renderedAt: string } }) {
  return (
    <main>
      <h1>Hello from recipes</h1>
      <p>Server-rendered at {loaderData.renderedAt}.</p>
    </main>
  );
}
