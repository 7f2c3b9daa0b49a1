import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

// The floor of the first-screen bench: React mounting one button, built and served like the renderer.
const Blank = () => (
  <main data-ready="">
    <button type="button">OK</button>
  </main>
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Blank />
  </StrictMode>,
);
