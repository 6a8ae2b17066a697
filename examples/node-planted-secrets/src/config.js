'use strict';

// Settings come from the environment; `.env.example` lists them.
module.exports = {
  port: Number(process.env.PORT) || 3000,
  databaseUrl: process.env.DATABASE_URL || '',
  paymentsKey: process.env.PAYMENTS_API_KEY || '',
};
