import { WORK_SECONDS, format } from "./timer";

const clock = document.getElementById("clock")!;
let left = WORK_SECONDS;
let ticking: number | undefined;

function render(): void {
  clock.textContent = format(left);
}

document.getElementById("start")!.addEventListener("click", () => {
  if (ticking !== undefined) return;
  ticking = window.setInterval(() => {
    left = Math.max(0, left - 1);
    render();
    if (left === 0) window.clearInterval(ticking);
  }, 1000);
});

document.getElementById("reset")!.addEventListener("click", () => {
  window.clearInterval(ticking);
  ticking = undefined;
  left = WORK_SECONDS;
  render();
});

render();
