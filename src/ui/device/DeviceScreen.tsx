/**
 * The device page (docs/architecture.md §5): whether the browser keeps Rollcall's data, how much
 * space it uses, the app version, this device's id, whether its clock agrees with the school's, and
 * whose marks wait here to be sent.
 */
import { useEffect, useState } from 'react';
import { usePersistence, type PersistenceState } from '../../state/persistence.ts';
import { ensureDeviceId } from '../../storage/meta.ts';
import { APP_VERSION } from '../../pwa/version.ts';
import { useApp } from '../shared/AppContext.tsx';
import { useSyncStatus } from '../../state/useSyncStatus.ts';
import { clockWarningText, sizeOf } from '../shell/format.ts';
import { QueueByPerson } from './QueueByPerson.tsx';

const PERSISTENCE_TEXT: Readonly<Record<PersistenceState, string>> = {
  asking: 'Asking the browser…',
  granted: 'Yes: the browser will not clear Rollcall’s data to free space.',
  denied:
    'No: the browser may clear Rollcall’s data if the device runs short of space. Installing Rollcall to the home screen usually changes this.',
  unsupported: 'Unknown: this browser cannot say.',
};

type Estimate = { readonly usage: number; readonly quota: number } | 'unavailable' | null;

function estimator(): StorageManager['estimate'] | null {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  return typeof storage?.estimate === 'function' ? storage.estimate.bind(storage) : null;
}

function useStorageEstimate(): Estimate {
  const [estimate, setEstimate] = useState<Estimate>(() =>
    estimator() === null ? 'unavailable' : null,
  );
  useEffect(() => {
    let live = true;
    const estimate = estimator();
    if (estimate === null) return;
    estimate().then(
      (answer) => {
        if (live) setEstimate({ usage: answer.usage ?? 0, quota: answer.quota ?? 0 });
      },
      () => {
        if (live) setEstimate('unavailable');
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return estimate;
}

function useDeviceId(): string | null {
  const { db, engine } = useApp();
  const [deviceId, setDeviceId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void ensureDeviceId(db, engine.now()).then((result) => {
      if (live) setDeviceId(result.ok ? result.value : result.error.message);
    });
    return () => {
      live = false;
    };
  }, [db, engine]);
  return deviceId;
}

function estimateText(estimate: Estimate): string {
  if (estimate === null) return 'Measuring…';
  if (estimate === 'unavailable') return 'This browser cannot say.';
  if (estimate.quota === 0) return `${sizeOf(estimate.usage)} used`;
  return `${sizeOf(estimate.usage)} used of ${sizeOf(estimate.quota)} available`;
}

/** The `#/device` screen. */
export function DeviceScreen() {
  const { engine } = useApp();
  const { clockOffsetMs } = useSyncStatus(engine);
  const persistence = usePersistence((state) => state.state);
  const estimate = useStorageEstimate();
  const deviceId = useDeviceId();
  return (
    <>
      <h1>This device</h1>
      <dl className="details">
        <dt>Data kept safe from clearing</dt>
        <dd>{PERSISTENCE_TEXT[persistence]}</dd>
        <dt>Storage</dt>
        <dd>{estimateText(estimate)}</dd>
        <dt>App version</dt>
        <dd>{APP_VERSION}</dd>
        <dt>Device id</dt>
        <dd className="mono">{deviceId ?? 'Reading…'}</dd>
        <dt>Clock</dt>
        <dd>
          {clockWarningText(clockOffsetMs) ??
            'Agrees with the school’s (checked at every sync, to within 2 minutes).'}
        </dd>
      </dl>
      <h2>Marks waiting on this device</h2>
      <QueueByPerson />
    </>
  );
}
