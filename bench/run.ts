/**
 * `npm run bench`: measures the product's speed and prints one JSON object on its last line
 * (keys of docs/architecture.md §6). Figures are from one run on this machine; see README for
 * targets.
 */
import { clientFigures } from './client.ts';
import { deskFigures } from './desk.ts';
import { domainFigures } from './domain.ts';
import { officeFigures } from './office.ts';
import { rollCallFigures } from './rollcall.ts';
import { serverFigures } from './server.ts';

const figures: Record<string, number> = {
  ...domainFigures(),
  ...(await serverFigures()),
  ...(await officeFigures()),
  ...(await clientFigures()),
  // Both use the dist/ that clientFigures builds.
  ...(await deskFigures()),
  ...(await rollCallFigures()),
};
console.log(JSON.stringify(figures));
