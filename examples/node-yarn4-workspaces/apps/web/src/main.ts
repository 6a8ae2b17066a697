import { formatCents, lineTotal } from "@acme/shared";

const unit = document.querySelector<HTMLInputElement>("#unit")!;
const quantity = document.querySelector<HTMLInputElement>("#quantity")!;
const total = document.querySelector<HTMLParagraphElement>("#total")!;

function update() {
  total.textContent = formatCents(lineTotal(Number(unit.value), Number(quantity.value)));
}

unit.addEventListener("input", update);
quantity.addEventListener("input", update);
update();
