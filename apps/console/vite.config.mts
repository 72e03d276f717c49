import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into dist/ and served by the gateway on its own origin (gateway/src/console-files.ts).
// `npm run dev:console` proxies the graph and the development sign-in to a running gateway.
const gateway = process.env.GATEWAY_URL ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: {
    proxy: {
      '/graphql': { target: gateway, ws: true },
      '/dev': gateway,
    },
  },
});
