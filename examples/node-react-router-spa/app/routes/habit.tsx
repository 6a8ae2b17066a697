import { Link, useParams } from "react-router";

export default function Habit() {
  const { id } = useParams();
  return (
    <main>
      <h1>{id}</h1>
      <Link to="/">Back</Link>
    </main>
  );
}
