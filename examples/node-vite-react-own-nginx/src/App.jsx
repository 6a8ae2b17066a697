import { useEffect, useState } from 'react';

// Two client-side routes without a router library: the nginx.conf sends every path to
// index.html, and the app picks the page from the location.
function usePath() {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = (to) => (event) => {
    event.preventDefault();
    window.history.pushState(null, '', to);
    setPath(to);
  };
  return [path, go];
}

export default function App() {
  const [path, go] = usePath();
  return (
    <main>
      <nav>
        <a href="/" onClick={go('/')}>Home</a> | <a href="/about" onClick={go('/about')}>About</a>
      </nav>
      {path === '/about' ? (
        <h1>About node-vite-react-own-nginx</h1>
      ) : (
        <h1>Hello from node-vite-react-own-nginx</h1>
      )}
    </main>
  );
}
