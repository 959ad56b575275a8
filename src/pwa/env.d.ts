/**
 * Set by Vite's `define` from package.json's version (vite.config.ts). Test runs that do not
 * define it leave it undeclared, hence `| undefined`.
 */
declare const __APP_VERSION__: string | undefined;
