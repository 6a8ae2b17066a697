'use strict';

function healthPayload() {
  return { status: 'ok', service: 'node-workspace-npm' };
}

module.exports = { healthPayload };
