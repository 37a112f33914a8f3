import { defineConfig } from 'vite';

// Builds into the server's wwwroot, which ASP.NET Core serves at "/". Relative asset URLs keep the
// viewer working behind a reverse-proxy path prefix. Nothing is loaded from a CDN at run time.
export default defineConfig({
  base: './',
  build: {
    outDir: '../GeoPetition.Server/wwwroot',
    emptyOutDir: true,
    target: 'es2020',
    chunkSizeWarningLimit: 1500,
    sourcemap: false,
  },
  server: {
    // `npm run dev`: the API runs on the server (scripts/run-demo.sh); proxy it.
    proxy: {
      '/api': 'http://127.0.0.1:5080',
      '/tiles': 'http://127.0.0.1:5080',
      '/imagery': 'http://127.0.0.1:5080',
      '/ogc': 'http://127.0.0.1:5080',
    },
  },
});
