import { defineConfig } from 'vite'

// The output directory is chosen by the caller (`vite build --outDir <dir>`);
// CMake puts it under share/rapport/webui where rapportd serves it.
export default defineConfig({
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    outDir: 'dist',
    // rapportd caches /assets/* forever, so every asset name carries a content hash.
    assetsDir: 'assets',
    target: 'es2020',
  },
  // `npm run dev` talks to a rapportd started with `make run` (port 8080).
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
    },
  },
})
