'use strict';

const { randomBytes } = require('node:crypto');

const byCode = new Map();

exports.add = (url) => {
  const code = randomBytes(4).toString('hex');
  byCode.set(code, url);
  return { code, url };
};

exports.get = (code) => byCode.get(code);
