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
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:3000" },
  },
});
