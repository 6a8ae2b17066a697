'use strict';
const { nanoid } = require('nanoid');

const links = new Map();

function add(url) {
  const id = nanoid(7);
  links.set(id, { url, hits: 0, created: new Date().toISOString() });
  return id;
}

function resolve(id) {
  const link = links.get(id);
  if (link) link.hits += 1;
  return link;
}

module.exports = { add, resolve, size: () => links.size };
