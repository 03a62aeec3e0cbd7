import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { PlaygroundProvider } from './state/store.ts';
import './styles.css';

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <PlaygroundProvider>
      <App />
    </PlaygroundProvider>
  </StrictMode>,
);
