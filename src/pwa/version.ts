/** The app's version as built (package.json), or `development` when not built by Vite. */
export const APP_VERSION: string =
  typeof __APP_VERSION__ === 'string' ? __APP_VERSION__ : 'development';
