import { fail } from '@sveltejs/kit';

/** @type {{ name: string, message: string }[]} */
const entries = [];

export function load() {
  return { entries };
}

export const actions = {
  default: async ({ request }) => {
    const data = await request.formData();
    const name = String(data.get('name') ?? '').trim();
    const message = String(data.get('message') ?? '').trim();
    if (!name || !message) {
      return fail(400, { name, message, missing: true });
    }
    entries.push({ name, message });
    return { signed: name };
  },
};
