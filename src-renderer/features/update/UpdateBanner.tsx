import { useEffect, useState } from 'react';
import type { UpdateView } from '../../../src-shared/contract';
import { useApi } from '../../lib/api';

/**
 * "Restart to update", offered once a newer version of the desktop app has been downloaded and
 * verified. Main refuses the restart while a decision awaits confirmation and says so here.
 * Nothing shows in the browser host or in development builds (updates are off there).
 */
export function UpdateBanner() {
  const api = useApi();
  const [view, setView] = useState<UpdateView | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    const off = api.app.onUpdateChanged((v) => live && setView(v));
    api.app
      .updateState()
      .then((v) => live && setView((current) => current ?? v))
      .catch(() => undefined);
    return () => {
      live = false;
      off();
    };
  }, [api]);

  if (view?.state !== 'ready') return null;
  const restart = () => {
    void api.app.restartToUpdate().then((res) => setRefusal(res.ok ? null : res.error.message));
  };
  return (
    <div className="banner" role="status">
      Version <bdi dir="ltr">{view.version}</bdi> is ready to install.{' '}
      <button type="button" className="link-button" onClick={restart}>
        Restart to update
      </button>
      {refusal ? <span className="update-refusal"> {refusal}</span> : null}
    </div>
  );
}
