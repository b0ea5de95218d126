import { useEffect, useRef, useState, type FormEvent, type MouseEvent, type Ref } from 'react';
import type { DeviceFlowView } from '../../../src-shared/contract';
import type { WorkspaceStatus } from '../../../src-shared/domain';
import { useActions } from '../../actions/context';
import { useApi } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import { toDisplayText } from '../../lib/text';
import { useNow } from '../../lib/useNow';
import { useAuthStore } from '../../state/auth';
import { useQueueStore } from '../../state/queue';
import { useSettingsStore } from '../../state/settings';
import { statusLineFor } from '../../state/selectors';
import { formatClock, formatClockSeconds } from '../../../src-shared/when';
import { Dialog } from '../../ui/Dialog';
import { CloseFooter } from '../../ui/CloseFooter';

const DEFAULT_BASE_URL = 'https://api.fruxon.com';
const CREDENTIAL_WORDS = { persisted: 'Saved encrypted on this computer', 'session-only': 'Kept for this session only', none: 'No credential' } as const;

function WorkspaceItem({ ws, now }: { ws: WorkspaceStatus; now: number }) {
  const api = useApi();
  const [error, setError] = useState<string | null>(null);
  // Signing out takes a second, deliberate press (Enter twice on the workspace button must not do it).
  const [confirming, setConfirming] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) keepRef.current?.focus();
  }, [confirming]);
  const label = toDisplayText(ws.label) || ws.tenant;
  // No credential held (none was kept from an earlier session, or it was dropped): nothing to sign
  // out of, but the workspace can still be removed, which brings the demo back when it was the last.
  const remove = ws.credential === 'none';
  return (
    <li className="workspace">
      <div className="workspace-head">
        <strong>
          <bdi dir="auto">{label}</bdi>
        </strong>
        {ws.isDemo ? <span className="badge">demo</span> : null}
        <span className="muted"> {workspaceStatusText(ws, now)}</span>
      </div>
      <div className="muted">
        <bdi dir="ltr">{ws.baseUrl}</bdi> · tenant <bdi dir="ltr">{ws.tenant}</bdi> · {CREDENTIAL_WORDS[ws.credential]}
      </div>
      {ws.credentialNotice ? <p className="notice notice-warn">{ws.credentialNotice}</p> : null}
      {ws.expiryWarning ? <p className="notice notice-warn">{ws.expiryWarning}</p> : null}
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      {!ws.isDemo && !confirming ? (
        <button type="button" className="btn btn-small" aria-label={`${remove ? 'Remove' : 'Sign out of'} ${label}…`} onClick={() => setConfirming(true)}>
          {remove ? 'Remove…' : 'Sign out…'}
        </button>
      ) : null}
      {!ws.isDemo && confirming ? (
        <div className="sign-out-confirm" role="group" aria-label={`${remove ? 'Remove' : 'Sign out of'} ${label}?`}>
          <p>
            {remove ? 'Remove' : 'Sign out of'} {label}? Its requests leave the console, and decisions still in their undo window are not sent.
          </p>
          <button type="button" className="btn btn-small btn-reject" onClick={() => void api.auth.signOut({ workspaceId: ws.id }).then((r) => setError(r.ok ? null : r.error.message))}>
            {remove ? 'Remove' : 'Sign out'}
          </button>{' '}
          <button ref={keepRef} type="button" className="btn btn-small" onClick={() => setConfirming(false)}>
            {remove ? 'Keep it' : 'Stay signed in'}
          </button>
        </div>
      ) : null}
    </li>
  );
}

/**
 * The verification page as a link, only when it is a web address we may open (https:, or http:
 * on this computer for a local simulator, F15): anything else stays plain text.
 */
export function linkableUrl(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.username || u.password) return null;
    if (u.protocol === 'https:') return u.href;
    if (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) return u.href;
  } catch {
    return null;
  }
  return null;
}

/**
 * "Open verification page" and the address itself, both links. The desktop app opens them in the
 * system browser through main (its allowlist decides); the browser host lets the browser open a
 * new tab, which is what its operator can see. "Copy link" copies the address.
 */
function VerificationLink({ url, linkRef }: { url: string; linkRef: Ref<HTMLAnchorElement> }) {
  const api = useApi();
  const host = useSettingsStore((s) => s.info?.host ?? 'electron');
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const href = linkableUrl(url);
  const viaMain = (e: MouseEvent<HTMLAnchorElement>) => {
    if (host === 'browser') return;
    e.preventDefault();
    void api.app.openExternal({ url });
  };
  return (
    <div className="verification">
      {href ? (
        <a ref={linkRef} className="btn btn-strong" href={href} target="_blank" rel="noopener noreferrer" onClick={viaMain}>
          Open verification page
        </a>
      ) : null}
      <button type="button" className="btn" onClick={() => void copyText(url).then((ok) => setCopied(ok ? 'copied' : 'failed'))}>
        Copy link
      </button>
      <span className="copy-state" aria-live="polite">
        {copied === 'copied' ? 'Link copied' : copied === 'failed' ? 'Could not copy; select the address below' : ''}
      </span>
      <p className="mono verification-url">
        {href ? (
          <a href={href} target="_blank" rel="noopener noreferrer" onClick={viaMain}>
            <bdi dir="ltr">{url}</bdi>
          </a>
        ) : (
          <bdi dir="ltr">{url}</bdi>
        )}
      </p>
    </div>
  );
}

/** A workspace's status in the list: the status line's words, and when a rate-limited one is read again (a time, not a countdown). */
function workspaceStatusText(ws: WorkspaceStatus, now: number): string {
  const line = statusLineFor(ws, now);
  return line.refreshAt !== undefined ? `${line.text} · refreshing at ${formatClockSeconds(line.refreshAt)}` : line.text;
}

const EXPIRED_TEXT = 'The code expired before it was approved. Start again.';
const CANCELLED_TEXT = 'Sign-in cancelled.';

function DeviceFlowPanel({ baseUrlDefault }: { baseUrlDefault: string }) {
  const api = useApi();
  const flow = useAuthStore((s) => s.deviceFlow);
  const setFlow = useAuthStore((s) => s.setDeviceFlow);
  const [baseUrl, setBaseUrl] = useState(baseUrlDefault);
  const [busy, setBusy] = useState(false);
  const now = useNow(1000, flow.state === 'waiting');
  const linkRef = useRef<HTMLAnchorElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);
  // The button that had focus is replaced by the code: focus moves to what comes next, so
  // keys keep working in the dialog (Esc closes it either way).
  useEffect(() => {
    if (flow.state === 'waiting') linkRef.current?.focus();
    else if (document.activeElement === document.body) startRef.current?.focus();
  }, [flow.state]);
  // How the sign-in ended, said to screen readers: each line appears already filled, which most of
  // them would not read out, so a status kept in the dialog from the start says it (the app's own
  // live region is behind the modal dialog, inert, and would not be heard).
  const [ended, setEnded] = useState('');
  const endedFor = useRef(flow.state);
  useEffect(() => {
    if (endedFor.current === flow.state) return;
    endedFor.current = flow.state;
    setEnded(flow.state === 'approved' ? `Signed in to ${toDisplayText(flow.tenantName)}.` : flow.state === 'expired' ? EXPIRED_TEXT : flow.state === 'cancelled' ? CANCELLED_TEXT : '');
  }, [flow]);
  const said = (
    <p role="status" className="visually-hidden" data-testid="sign-in-said">
      {ended}
    </p>
  );

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const res = await api.auth.startDeviceFlow({ baseUrl: baseUrl.trim() });
      setFlow(res.ok ? res.value : ({ state: 'error', error: res.error } satisfies DeviceFlowView));
    } catch {
      setFlow({ state: 'error', error: { code: 'internal', message: 'Sign-in could not start. Try again.' } });
    } finally {
      setBusy(false);
    }
  };

  if (flow.state === 'waiting') {
    const left = Math.max(0, Math.ceil((flow.expiresAt - now) / 1000));
    return (
      <>
        {said}
        <div className="device-flow">
          <p>Open the verification page, sign in to Fruxon if asked, and confirm this code:</p>
          <p className="user-code">
            {flow.userCode}
          </p>
          <VerificationLink url={flow.verificationUrl} linkRef={linkRef} />
          {/* The countdown changes every second: on screen only; the live region says when, once. */}
          <p role="status" className="muted">
            Waiting for approval…{' '}
            <span aria-hidden="true">
              the code expires in {Math.floor(left / 60)}:{String(left % 60).padStart(2, '0')}.
            </span>
            <span className="visually-hidden">the code expires at {formatClock(flow.expiresAt)}.</span>
          </p>
          <button type="button" className="btn" onClick={() => void api.auth.cancelDeviceFlow()}>
            Cancel sign-in
          </button>
        </div>
      </>
    );
  }
  return (
    <>
      {said}
      <form onSubmit={(e) => void start(e)} noValidate className="device-flow">
        {flow.state === 'approved' ? (
          <p className="notice notice-info">
            Signed in to <bdi dir="auto">{toDisplayText(flow.tenantName)}</bdi>.
          </p>
        ) : null}
        {flow.state === 'expired' ? <p className="notice notice-warn">{EXPIRED_TEXT}</p> : null}
        {flow.state === 'cancelled' ? <p className="notice notice-info">{CANCELLED_TEXT}</p> : null}
        {flow.state === 'error' ? (
          <p role="alert" className="notice notice-error">
            {flow.error.message}
          </p>
        ) : null}
        <div className="field">
          <label htmlFor="device-base-url">API URL</label>
          <input id="device-base-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <button ref={startRef} type="submit" className="btn btn-strong" disabled={busy || baseUrl.trim() === ''}>
          Start sign-in
        </button>
      </form>
    </>
  );
}

function TokenPanel({ baseUrlDefault, tenantDefault }: { baseUrlDefault: string; tenantDefault: string }) {
  const api = useApi();
  const [baseUrl, setBaseUrl] = useState(baseUrlDefault);
  const [tenant, setTenant] = useState(tenantDefault);
  const [token, setToken] = useState('');
  const [label, setLabel] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  // What is missing, said when Sign in is pressed (a disabled button would not say why).
  const problem =
    baseUrl.trim() === ''
      ? 'Enter the API URL.'
      : tenant.trim() === ''
        ? 'Enter the tenant: the workspace name or id.'
        : /\s/.test(tenant.trim())
          ? 'A tenant has no spaces: enter the workspace name or id.'
          : token.trim().length < 8
            ? 'Paste the whole API token (it is longer than that).'
            : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (problem !== null) {
      setResult({ ok: false, message: problem });
      return;
    }
    setBusy(true);
    try {
      const res = await api.auth.signInWithToken({ baseUrl: baseUrl.trim(), tenant: tenant.trim(), token: token.trim(), ...(label.trim() ? { label: label.trim() } : {}) });
      if (res.ok) {
        // The token only passes through; it is not kept in the page once main has it.
        setToken('');
        setResult({ ok: true, message: `Signed in: ${toDisplayText(res.value.label)}` });
      } else {
        setResult({ ok: false, message: res.error.message });
      }
    } catch {
      setResult({ ok: false, message: 'Sign-in failed. Try again.' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="token-base-url">API URL</label>
        <input id="token-base-url" type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="token-tenant">Tenant</label>
        <input id="token-tenant" type="text" value={tenant} onChange={(e) => setTenant(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="token-secret">API token</label>
        <input id="token-secret" type="password" value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="token-label">Label (optional)</label>
        <input id="token-label" type="text" value={label} maxLength={100} onChange={(e) => setLabel(e.target.value)} autoComplete="off" />
      </div>
      {result ? (
        <p role={result.ok ? 'status' : 'alert'} className={result.ok ? 'notice notice-info' : 'notice notice-error'}>
          {result.message}
        </p>
      ) : null}
      <button type="submit" className="btn btn-strong" disabled={busy}>
        Sign in with token
      </button>
    </form>
  );
}

/** Workspaces with their status, plus two ways in: the device flow (browser) or a pasted token. */
export function SignInDialog() {
  const actions = useActions();
  const workspaces = useQueueStore((s) => s.workspaces);
  const [method, setMethod] = useState<'device' | 'token'>('device');
  const now = useNow(1000, workspaces.some((w) => w.poll.state === 'rate-limited'));
  // A workspace to sign in to again (signed out): its address and tenant are filled in.
  const again = workspaces.find((w) => !w.isDemo && w.poll.state === 'signed-out');
  const baseUrlDefault = (again ?? workspaces.find((w) => !w.isDemo))?.baseUrl ?? DEFAULT_BASE_URL;
  // Focus starts on adding a workspace, the dialog's purpose; never on a workspace's Sign out.
  const methodRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog title="Sign in" onClose={() => actions.closeDialog()} wide initialFocusRef={methodRef}>
      {workspaces.length > 0 ? (
        <section aria-label="Workspaces">
          <h3>Workspaces</h3>
          <ul className="workspaces">
            {workspaces.map((w) => (
              <WorkspaceItem key={w.id} ws={w} now={now} />
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-label="Add a workspace">
        <h3>Add a workspace</h3>
        <div className="segmented" role="group" aria-label="Sign-in method">
          <button ref={methodRef} type="button" className="btn" aria-pressed={method === 'device'} onClick={() => setMethod('device')}>
            Use the browser
          </button>
          <button type="button" className="btn" aria-pressed={method === 'token'} onClick={() => setMethod('token')}>
            Paste a token
          </button>
        </div>
        {method === 'device' ? <DeviceFlowPanel baseUrlDefault={baseUrlDefault} /> : <TokenPanel baseUrlDefault={baseUrlDefault} tenantDefault={again?.tenant ?? ''} />}
      </section>
      <CloseFooter onClose={() => actions.closeDialog()} />
    </Dialog>
  );
}
