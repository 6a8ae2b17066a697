import { z } from "zod";
import { addNote, db, listNotes } from "./src/db";

const NewNote = z.object({ body: z.string().min(1).max(500) });

const server = Bun.serve({
  routes: {
    "/": () => new Response(Bun.file("public/index.html")),
    "/health": () => {
      // the check goes through the database, not only the HTTP server
      const { ok } = db.query<{ ok: number }, []>("SELECT 1 AS ok").get()!;
      return Response.json({ status: ok === 1 ? "ok" : "degraded" });
    },
    "/notes": {
      GET: () => Response.json(listNotes.all()),
      POST: async (req) => {
        const parsed = NewNote.safeParse(await req.json().catch(() => null));
        if (!parsed.success) return Response.json(parsed.error.issues, { status: 400 });
        return Response.json(addNote.get(parsed.data), { status: 201 });
      },
    },
  },
  fetch: () => new Response("not found", { status: 404 }),
});

console.log(`bun-notes on ${server.url}`);
