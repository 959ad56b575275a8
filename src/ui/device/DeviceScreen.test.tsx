import 'fake-indexeddb/auto';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { requestPersistence, usePersistence } from '../../state/persistence.ts';
import { DEVICE_ID_KEY } from '../../storage/meta.ts';
import { recordMark } from '../../storage/outbox.ts';
import { freshDb, markInput } from '../../storage/testing.ts';
import { createFakeEngine } from '../testing/fakeEngine.ts';
import { officeAuth, teacherAuth } from '../testing/fixtures.ts';
import { renderSignedIn } from '../testing/render.tsx';
import { DeviceScreen } from './DeviceScreen.tsx';

afterEach(() => {
  cleanup();
  usePersistence.setState({ state: 'asking' });
});

function storageAnswering(persisted: boolean, grants: boolean) {
  return {
    persisted: () => Promise.resolve(persisted),
    persist: () => Promise.resolve(grants),
  };
}

describe('DeviceScreen', () => {
  it('shows the device id, the app version and whose marks wait here', async () => {
    const db = freshDb();
    const teacher = teacherAuth();
    await db.staff.put({ ...officeAuth().staff });
    await recordMark(db, markInput({ authorId: teacher.staff.id }));
    await recordMark(db, markInput({ authorId: 's-office', pupilId: 'p-2' }));
    await recordMark(db, markInput({ authorId: 's-office', pupilId: 'p-3' }));
    renderSignedIn(<DeviceScreen />, { db, engine: createFakeEngine(), auth: teacher });

    expect(await screen.findByText('Rhian Hughes (you): 1 unsent mark')).toBeDefined();
    expect(screen.getByText('Dawn Parry: 2 unsent marks')).toBeDefined();
    const stored = await db.meta.get(DEVICE_ID_KEY);
    await waitFor(() => {
      expect(screen.getByText(String(stored?.value))).toBeDefined();
    });
    expect(screen.getByText('development')).toBeDefined();
  });

  it('says nothing waits when the outbox is empty', async () => {
    renderSignedIn(<DeviceScreen />, {
      db: freshDb(),
      engine: createFakeEngine(),
      auth: teacherAuth(),
    });
    expect(
      await screen.findByText(/everything recorded here has reached the server/),
    ).toBeDefined();
  });

  it('reports whether the browser agreed to keep the data', async () => {
    await requestPersistence(storageAnswering(false, true));
    renderSignedIn(<DeviceScreen />, {
      db: freshDb(),
      engine: createFakeEngine(),
      auth: teacherAuth(),
    });
    expect(screen.getByText(/Yes: the browser will not clear/)).toBeDefined();
    cleanup();
    await requestPersistence(storageAnswering(false, false));
    renderSignedIn(<DeviceScreen />, {
      db: freshDb(),
      engine: createFakeEngine(),
      auth: teacherAuth(),
    });
    expect(screen.getByText(/No: the browser may clear/)).toBeDefined();
    cleanup();
    await requestPersistence(undefined);
    renderSignedIn(<DeviceScreen />, {
      db: freshDb(),
      engine: createFakeEngine(),
      auth: teacherAuth(),
    });
    expect(screen.getByText('Unknown: this browser cannot say.')).toBeDefined();
    expect(await screen.findByText('This browser cannot say.')).toBeDefined();
  });
});
