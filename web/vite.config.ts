/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves web/dist at "/" on the same origin as /api and /ws, so
// the app uses relative URLs only. During `npm run dev` set TODO_API to the
// backend's origin (e.g. http://127.0.0.1:8080) to proxy /api and /ws there.
const backend = process.env.TODO_API;

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No source maps in production: they would publish the sources (and the
    // browser would ask the server for them).
    sourcemap: false,
    target: 'es2020',
  },
  server: backend
    ? {
        proxy: {
          '/api': { target: backend, changeOrigin: false },
          '/ws': { target: backend, ws: true, changeOrigin: false },
        },
      }
    : {},
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    watch: false,
  },
});
