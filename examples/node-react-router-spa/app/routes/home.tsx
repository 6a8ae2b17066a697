import { Link } from "react-router";

const habits = [
  { id: "water", name: "Drink water" },
  { id: "walk", name: "Walk 20 minutes" },
];

export default function Home() {
  return (
    <main>
      <h1>Habits</h1>
      <ul>
        {habits.map((h) => (
          <li key={h.id}>
            <Link to={`/habits/${h.id}`}>{h.name}</Link>
          </li>
        ))}
      </ul>
    </main>
  );
}
