async function refresh() {
  const res = await fetch('/api/status');
  document.getElementById('status').textContent = JSON.stringify(await res.json(), null, 2);
}
refresh();
setInterval(refresh, 5000);
