import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/updates.ts';
import { RollcallDb } from './storage/db.ts';
import { App } from './ui/App.tsx';
import { makeEngine } from './ui/makeEngine.ts';
import './ui/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
const db = new RollcallDb();
const fetchFromPage = window.fetch.bind(window);
createRoot(root).render(
  <StrictMode>
    <App db={db} makeEngine={makeEngine} fetch={fetchFromPage} />
  </StrictMode>,
);
// The service worker is not needed to show the first screen: register it once the page has
// loaded, so its code does not compete with the first screen's.
if (document.readyState === 'complete') void registerServiceWorker();
else
  window.addEventListener('load', () => {
    void registerServiceWorker();
  });
