const recipes = [
  { slug: 'shakshuka', title: 'Shakshuka', minutes: 30 },
  { slug: 'dal', title: 'Red lentil dal', minutes: 40 },
  { slug: 'focaccia', title: 'Overnight focaccia', minutes: 720 },
];

export function meta() {
  return [{ title: 'Recipes' }];
}

export function loader() {
  return { recipes, renderedAt: new Date().toISOString() };
}

export default function Home({
  loaderData,
}: {
  loaderData: { recipes: typeof recipes; renderedAt: string };
}) {
  return (
    <main>
      <h1>Recipes</h1>
      <ul>
        {loaderData.recipes.map((r) => (
          <li key={r.slug}>
            {r.title} ({r.minutes} min)
          </li>
        ))}
      </ul>
      <p>Rendered at {loaderData.renderedAt}.</p>
    </main>
  );
}
