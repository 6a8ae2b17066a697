import Image from 'next/image';

export default function Home() {
  return (
    <main>
      <h1>Gallery</h1>
      <Image src="/mountain.png" alt="A mountain" width={64} height={64} />
    </main>
  );
}
