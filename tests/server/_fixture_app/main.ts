/** The fixture's standalone binary: its app behind `serve()`. */
import { serve } from "@understudy/runtime/server";
import app from "./app.ts";

await serve({ app, usage: "fixture" });
