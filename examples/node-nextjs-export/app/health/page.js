export default function Health() {
  return <p>ok</p>;
}
