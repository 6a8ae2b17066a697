import { describeTicket, productName } from "@acme/shared";

export default function Home() {
  const example = describeTicket({ id: 7, title: "Ship the web app", done: false });
  return (
    <main>
      <h1>{`${productName} on the web`}</h1>
      <p>{example}</p>
    </main>
  );
}
