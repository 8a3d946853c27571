import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The React app lives in web/ and imports the shared message catalog from src/i18n.
export default defineConfig({
  root: 'web',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    fs: { allow: ['..'] },
    proxy: {
      '/api': 'http://localhost:3000',
      '/docs': 'http://localhost:3000',
      '/openapi.json': 'http://localhost:3000',
    },
  },
});
