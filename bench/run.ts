/**
 * `npm run bench`: measures the product's speed and prints one JSON object on its last line
 * (keys of docs/architecture.md §6). Figures are from one run on this machine; see README for
 * targets.
 */
import { clientFigures } from './client.ts';
import { domainFigures } from './domain.ts';
import { officeFigures } from './office.ts';
import { serverFigures } from './server.ts';

const figures: Record<string, number> = {
  ...domainFigures(),
  ...(await serverFigures()),
  ...(await officeFigures()),
  ...(await clientFigures()),
};
console.log(JSON.stringify(figures));
