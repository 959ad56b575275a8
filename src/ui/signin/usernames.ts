/**
 * The username each member of staff last signed in with on this device, so that signing in again
 * after a session ends can fill it in. The login answer does not carry the username, and it is
 * not secret, so it lives in localStorage beside the app rather than in the database.
 */
const KEY_PREFIX = 'rollcall:username:';

export function rememberUsername(staffId: string, username: string): void {
  try {
    localStorage.setItem(KEY_PREFIX + staffId, username);
  } catch {
    // Private browsing or a full disk: signing in again just asks for the username.
  }
}

export function rememberedUsername(staffId: string): string | null {
  try {
    return localStorage.getItem(KEY_PREFIX + staffId);
  } catch {
    return null;
  }
}
