// Bundles each admin/frontend/*.js entry (with the CSS and fonts it imports) into
// admin/static/build/<entry>.js and .css. Shared code lives in admin/frontend/lib/.
// Run by `make front` (part of `make install`); nothing is fetched at run time.
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sources = join(root, "admin", "frontend");
const out = join(root, "admin", "static", "build");
const entries = readdirSync(sources)
  .filter((name) => name.endsWith(".js"))
  .map((name) => join(sources, name));

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints: entries,
  bundle: true,
  minify: true,
  sourcemap: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".eot": "file", ".svg": "file" },
  logLevel: "info",
});
console.log(`build-front: ${entries.length} entries into ${out}`);
