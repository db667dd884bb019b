import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 900,
  },
  server: {
    port: 5173,
    strictPort: true,
    // The server runs with PUBLIC_URL=http://localhost:5173 in dev, so the Host stays ours.
    proxy: Object.fromEntries(['/api', '/auth', '/idp', '/idp-assets', '/healthz', '/readyz'].map((p) => [p, { target: api }])),
  },
});
