import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerServiceWorker } from './pwa/updates.ts';
import { RollcallDb } from './storage/db.ts';
import { pathOfHash } from './state/route.ts';
import { App } from './ui/App.tsx';
import { firstScreenShown } from './ui/shared/firstScreen.tsx';
import { makeEngine } from './ui/makeEngine.ts';
import { preloadScreen, ROUTES } from './ui/shell/routes.tsx';
import './ui/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root element');
const db = new RollcallDb();
// Open the device database and fetch the screen asked for while React starts, not after. A
// database that cannot open says so on the first read, where the app shows it.
void db.open().catch(() => undefined);
preloadScreen(ROUTES, pathOfHash(window.location.hash));
const fetchFromPage = window.fetch.bind(window);
createRoot(root).render(
  <StrictMode>
    <App db={db} makeEngine={makeEngine} fetch={fetchFromPage} />
  </StrictMode>,
);
// The service worker is not needed to show the first screen: register it once the page has
// loaded and the first screen is on show, so its code never competes with the first screen's.
const loaded = new Promise<void>((resolve) => {
  if (document.readyState === 'complete') resolve();
  else
    window.addEventListener('load', () => {
      resolve();
    });
});
void Promise.all([loaded, firstScreenShown]).then(registerServiceWorker);
