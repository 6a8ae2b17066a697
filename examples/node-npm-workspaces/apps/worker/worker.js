const pino = require("pino");
const { next, interval } = require("@acme/jobs");

const log = pino();
log.info("worker started");

const timer = setInterval(() => {
  const job = next();
  if (job) log.info({ job }, "processing");
}, interval);

process.on("SIGTERM", () => {
  clearInterval(timer);
  log.info("worker stopped");
  process.exit(0);
});
