/**
 * Whether the browser agreed to keep this device's data when space runs short
 * (`navigator.storage.persist()`, docs/architecture.md §5). Asked once at start; the device page
 * shows it.
 */
import { create } from 'zustand';

export type PersistenceState =
  /** Not asked yet, or the answer has not come. */
  | 'asking'
  /** The browser will not clear Rollcall's data to free space. */
  | 'granted'
  /** The browser may clear it under storage pressure (unsent marks included). */
  | 'denied'
  /** This browser cannot be asked. */
  | 'unsupported';

export const usePersistence = create<{ readonly state: PersistenceState }>(() => ({
  state: 'asking',
}));

/** The part of `navigator.storage` this needs. */
export type PersistentStorage = Pick<StorageManager, 'persist' | 'persisted'>;

/** Asks for persistent storage unless it is already granted, and records the answer. */
export async function requestPersistence(storage: PersistentStorage | undefined): Promise<void> {
  if (storage === undefined || typeof storage.persist !== 'function') {
    usePersistence.setState({ state: 'unsupported' });
    return;
  }
  try {
    const granted = (await storage.persisted()) || (await storage.persist());
    usePersistence.setState({ state: granted ? 'granted' : 'denied' });
  } catch {
    usePersistence.setState({ state: 'unsupported' });
  }
}
