/**
 * The web app: sources in web/, built into dist/web, which the server serves with a strict
 * CSP (script-src 'self'), so the build must not emit inline scripts.
 */
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  root: "web",
  plugins: [react()],
  build: {
    outDir: "../dist/web",
    emptyOutDir: true,
    // Vite's preload helper is bundled into the entry chunk, never inlined into index.html.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    rolldownOptions: {
      output: {
        // recharts and its dependencies in one chunk of their own: only the charts import it
        // (lazily, see web/src/components/charts/lazy.tsx), so it stays out of the entry chunk,
        // and it keeps its hash, and the browser's cached copy, when the app's charts change.
        // React first, in its own group: a group takes its modules' dependencies along, and
        // recharts depends on React, which the entry needs.
        codeSplitting: {
          groups: [
            { name: "react", test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 2 },
            {
              priority: 1,
              name: "recharts",
              test: /[\\/]node_modules[\\/](recharts|victory-vendor|d3-[\w-]+|internmap|@reduxjs[\\/]toolkit|redux|redux-thunk|react-redux|immer|reselect|es-toolkit|eventemitter3|decimal\.js-light|clsx|tiny-invariant|use-sync-external-store)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
