// Resource route: no default export, so it returns the loader's Response as-is.
export function loader() {
  return Response.json({ status: 'ok' });
}
