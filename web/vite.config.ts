import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards API calls to a local OpenFluides server started with `npm start`
// (port 3000), so pages and API share one origin as they do in production.
export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    // The tree-shaken ECharts chunk is about 590 kB and loads only on pages with a chart.
    chunkSizeWarningLimit: 650,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app, so separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/ },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            { name: 'vendor', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
});
