fetch("/api/products")
  .then((r) => r.json())
  .then((products) => {
    const list = document.getElementById("products");
    for (const p of products) {
      const item = document.createElement("li");
      item.textContent = `${p.name}: ${p.price}`;
      list.append(item);
    }
  });
