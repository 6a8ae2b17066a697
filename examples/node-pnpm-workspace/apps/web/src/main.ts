import { greet } from "@acme/shared";

document.querySelector("#greeting")!.textContent = greet("web").message;
