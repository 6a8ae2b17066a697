'use strict';

const seen = [];

exports.receipts = {
  record(event) {
    const receipt = { id: seen.length + 1, at: new Date().toISOString(), type: event?.type };
    seen.push(receipt);
    return receipt;
  },
};
