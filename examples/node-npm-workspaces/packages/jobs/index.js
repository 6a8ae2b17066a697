const ms = require("ms");

const queue = [];

function enqueue(name, payload) {
  const job = { id: queue.length + 1, name, payload, at: Date.now() };
  queue.push(job);
  return job;
}

function next() {
  return queue.shift();
}

module.exports = { enqueue, next, interval: ms("2s") };
