// Shows how many answers each question offers, next to the question.
document.querySelectorAll("#questions li").forEach((item) => {
  const choices = item.dataset.choices.split(",");
  const count = document.createElement("small");
  count.textContent = ` (${choices.length} choices)`;
  item.append(count);
});
