// Copies the pinned npm libraries into Django's static files. No bundler needed:
// the UI uses a couple of self-contained scripts.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

const files = {
  "node_modules/htmx.org/dist/htmx.min.js": "townsquare/static/vendor/htmx.min.js",
  "node_modules/chart.js/dist/chart.umd.min.js": "townsquare/static/vendor/chart.umd.min.js",
  "node_modules/cytoscape/dist/cytoscape.min.js": "townsquare/static/vendor/cytoscape.min.js",
};
for (const [src, dest] of Object.entries(files)) {
  mkdirSync(dirname(dest), { recursive: true });
  copyFileSync(src, dest);
  console.log(`assets: ${src} -> ${dest}`);
}
