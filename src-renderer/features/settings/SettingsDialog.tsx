import { useId, useMemo, useState, type FormEvent } from 'react';
import { KNOWN_PROVIDERS, type RequestView } from '../../../src-shared/domain';
import { SETTING_RANGES, SHORTCUT_PATTERN, THEMES, type Settings, type Theme } from '../../../src-shared/settings';
import { useActions } from '../../actions/context';
import { useApi } from '../../lib/api';
import { copyText } from '../../lib/clipboard';
import { providerLabel } from '../../lib/providers';
import { formatWhen } from '../../lib/time';
import { useQueueStore } from '../../state/queue';
import { useSettingsStore } from '../../state/settings';
import { toDisplayText } from '../../lib/text';
import { Dialog } from '../../ui/Dialog';

type Editable = Pick<
  Settings,
  | 'pollSeconds'
  | 'historyMinutes'
  | 'decidedLimit'
  | 'listLimitMB'
  | 'notificationsEnabled'
  | 'sound'
  | 'notificationsPausedUntil'
  | 'notifyProviders'
  | 'notifyAgentIds'
  | 'ageAmberMinutes'
  | 'ageRedMinutes'
  | 'undoSeconds'
  | 'decideWithoutDialog'
  | 'theme'
  | 'startAtLogin'
  | 'globalShortcut'
>;

const THEME_LABELS: Record<Theme, string> = { system: 'Match system', light: 'Light', dark: 'Dark' };

/** When "pause for…" ends, from now. */
export function pauseUntil(choice: '30m' | '1h' | 'tomorrow', now: number): number {
  if (choice === '30m') return now + 30 * 60_000;
  if (choice === '1h') return now + 60 * 60_000;
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d.getTime();
}

/** The settings typed as numbers, each checked against its range. */
const NUMBER_SETTINGS = ['pollSeconds', 'ageAmberMinutes', 'ageRedMinutes', 'undoSeconds', 'historyMinutes', 'decidedLimit', 'listLimitMB'] as const;

/** The fields' labels, also used to say what keeps Save off. */
const FIELD_LABELS: Record<(typeof NUMBER_SETTINGS)[number] | 'globalShortcut', string> = {
  pollSeconds: 'Poll interval',
  ageAmberMinutes: 'Amber age after',
  ageRedMinutes: 'Red age after',
  undoSeconds: 'Undo window',
  historyMinutes: 'History refresh',
  decidedLimit: 'Decided requests kept',
  listLimitMB: 'List size limit',
  globalShortcut: 'Global show/hide shortcut',
};

/** A whole number within its range: what main keeps as typed (anything else it would round or clamp). */
export function numberProblem(value: number, range: readonly [number, number]): string | null {
  if (Number.isInteger(value) && value >= range[0] && value <= range[1]) return null;
  return `Enter a whole number from ${range[0].toLocaleString('en')} to ${range[1].toLocaleString('en')}.`;
}

function NumberField({ label, value, range, onChange, unit }: { label: string; value: number; range: readonly [number, number]; onChange: (n: number) => void; unit: string }) {
  const id = useId();
  const problem = numberProblem(value, range);
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        min={range[0]}
        max={range[1]}
        step={1}
        value={Number.isFinite(value) ? value : ''}
        aria-invalid={problem !== null}
        // The unit and range are heard with the field ("Undo window, 5, seconds (0–30)"), not only seen.
        aria-describedby={problem !== null ? `${id}-unit ${id}-problem` : `${id}-unit`}
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
      <span id={`${id}-unit`} className="muted">
        {unit} ({range[0]}–{range[1]})
      </span>
      {problem !== null ? (
        <p id={`${id}-problem`} className="field-error">
          {label}: {problem}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The agents notifications can be limited to: each agent id of the requests held, by name (one pass,
 * unsorted until the end: 100,000 rows cost a few milliseconds), and any chosen id none of them has.
 */
export function agentChoicesFor(requests: readonly RequestView[], chosen: readonly string[]): Array<{ value: string; label: string }> {
  const known = new Map<string, string>();
  for (const r of requests) {
    if (r.agentId === '' || known.has(r.agentId)) continue;
    known.set(r.agentId, toDisplayText(r.agentName) || `Unknown agent (id ${r.agentId})`);
  }
  for (const id of chosen) if (id !== '' && !known.has(id)) known.set(id, `Unknown agent (id ${id})`);
  return [...known].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label) || (a.value < b.value ? -1 : 1));
}

/** Every setting main accepts; saved with settings.update, showing main's notice (e.g. values it clamped). */
export function SettingsDialog() {
  const actions = useActions();
  const api = useApi();
  const current = useSettingsStore((s) => s.settings);
  const [draft, setDraft] = useState<Editable>(() => ({
    pollSeconds: current.pollSeconds,
    historyMinutes: current.historyMinutes,
    decidedLimit: current.decidedLimit,
    listLimitMB: current.listLimitMB,
    notificationsEnabled: current.notificationsEnabled,
    sound: current.sound,
    notificationsPausedUntil: current.notificationsPausedUntil,
    notifyProviders: current.notifyProviders,
    notifyAgentIds: current.notifyAgentIds,
    ageAmberMinutes: current.ageAmberMinutes,
    ageRedMinutes: current.ageRedMinutes,
    undoSeconds: current.undoSeconds,
    decideWithoutDialog: current.decideWithoutDialog,
    theme: current.theme,
    startAtLogin: current.startAtLogin,
    globalShortcut: current.globalShortcut,
  }));
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' | 'error'; message: string | null }>({ kind: 'idle', message: null });
  const [diag, setDiag] = useState<string | null>(null);
  const set = <K extends keyof Editable>(key: K, value: Editable[K]) => setDraft((d) => ({ ...d, [key]: value }));
  // The agents of every request held (any tab), and any agent already chosen that none of them has.
  const requests = useQueueStore((s) => s.requests);
  const agentChoices = useMemo(() => agentChoicesFor(requests, current.notifyAgentIds), [requests, current.notifyAgentIds]);
  const now = Date.now();
  const paused = draft.notificationsPausedUntil !== null && draft.notificationsPausedUntil > now;
  const shortcutProblem = SHORTCUT_PATTERN.test(draft.globalShortcut) ? null : 'use letters, digits, spaces and + only, e.g. CommandOrControl+Shift+F.';
  // What keeps Save off, by label: said beside Save too, since the field may be out of view.
  const problems = [
    ...NUMBER_SETTINGS.filter((k) => numberProblem(draft[k], SETTING_RANGES[k]) !== null).map((k) => FIELD_LABELS[k]),
    ...(draft.ageRedMinutes <= draft.ageAmberMinutes && numberProblem(draft.ageRedMinutes, SETTING_RANGES.ageRedMinutes) === null ? [FIELD_LABELS.ageRedMinutes] : []),
    ...(shortcutProblem !== null ? [FIELD_LABELS.globalShortcut] : []),
  ];
  const invalid = problems.length > 0;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (invalid || status.kind === 'saving') return;
    setStatus({ kind: 'saving', message: null });
    try {
      const res = await api.settings.update(draft);
      if (!res.ok) return setStatus({ kind: 'error', message: res.error.message });
      useSettingsStore.getState().setView({ settings: res.value.settings, notice: null });
      if (res.value.notice) setStatus({ kind: 'saved', message: res.value.notice });
      else actions.closeDialog();
    } catch {
      setStatus({ kind: 'error', message: 'Settings could not be saved. Try again.' });
    }
  };

  return (
    <Dialog title="Settings" onClose={() => actions.closeDialog()} wide>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <fieldset>
          <legend>Queue</legend>
          <NumberField label={FIELD_LABELS.pollSeconds} unit="seconds" value={draft.pollSeconds} range={SETTING_RANGES.pollSeconds} onChange={(n) => set('pollSeconds', n)} />
          <NumberField label={FIELD_LABELS.ageAmberMinutes} unit="minutes" value={draft.ageAmberMinutes} range={SETTING_RANGES.ageAmberMinutes} onChange={(n) => set('ageAmberMinutes', n)} />
          <NumberField label={FIELD_LABELS.ageRedMinutes} unit="minutes" value={draft.ageRedMinutes} range={SETTING_RANGES.ageRedMinutes} onChange={(n) => set('ageRedMinutes', n)} />
          {draft.ageRedMinutes <= draft.ageAmberMinutes ? <p className="field-error">The red age must be later than the amber age.</p> : null}
          <NumberField label={FIELD_LABELS.undoSeconds} unit="seconds" value={draft.undoSeconds} range={SETTING_RANGES.undoSeconds} onChange={(n) => set('undoSeconds', n)} />
          <label className="check">
            <input type="checkbox" checked={draft.decideWithoutDialog} onChange={(e) => set('decideWithoutDialog', e.target.checked)} aria-describedby="quick-decide-hint" /> Decide without a dialog
          </label>
          <p id="quick-decide-hint" className="muted field-hint">
            <kbd>a</kbd> <kbd>n</kbd>, <kbd>a</kbd> <kbd>b</kbd> and <kbd>r</kbd> decide at once (new participant with the sender’s name, bind, reject without a note); <kbd>u</kbd> undoes within the
            undo window.{draft.decideWithoutDialog && draft.undoSeconds < 1 ? ' Needs an undo window of at least 1 second: until then the dialogs stay.' : ''}
          </p>
        </fieldset>
        <fieldset>
          <legend>Approved and rejected requests</legend>
          <NumberField label={FIELD_LABELS.historyMinutes} unit="minutes" value={draft.historyMinutes} range={SETTING_RANGES.historyMinutes} onChange={(n) => set('historyMinutes', n)} />
          <NumberField label={FIELD_LABELS.decidedLimit} unit="per workspace" value={draft.decidedLimit} range={SETTING_RANGES.decidedLimit} onChange={(n) => set('decidedLimit', n)} />
          <NumberField label={FIELD_LABELS.listLimitMB} unit="MB" value={draft.listLimitMB} range={SETTING_RANGES.listLimitMB} onChange={(n) => set('listLimitMB', n)} />
        </fieldset>
        <fieldset>
          <legend>Notifications</legend>
          <label className="check">
            <input type="checkbox" checked={draft.notificationsEnabled} onChange={(e) => set('notificationsEnabled', e.target.checked)} /> Show notifications
          </label>
          <label className="check">
            <input type="checkbox" checked={draft.sound} onChange={(e) => set('sound', e.target.checked)} /> Play a sound
          </label>
          <div className="field field-inline">
            <label htmlFor="pause-select">Pause notifications</label>
            <select
              id="pause-select"
              value=""
              onChange={(e) => {
                const v = e.target.value;
                if (v === 'resume') set('notificationsPausedUntil', null);
                else if (v === '30m' || v === '1h' || v === 'tomorrow') set('notificationsPausedUntil', pauseUntil(v, Date.now()));
              }}
            >
              <option value="">{paused ? `Paused until ${formatWhen(draft.notificationsPausedUntil, now)}` : 'Not paused'}</option>
              <option value="30m">For 30 minutes</option>
              <option value="1h">For 1 hour</option>
              <option value="tomorrow">Until tomorrow (08:00)</option>
              {paused ? <option value="resume">Resume now</option> : null}
            </select>
          </div>
          <fieldset className="inner">
            <legend>Notify only for these providers (none checked means all)</legend>
            {KNOWN_PROVIDERS.map((p) => (
              <label key={p} className="check check-inline">
                <input
                  type="checkbox"
                  checked={draft.notifyProviders.includes(p)}
                  onChange={(e) => set('notifyProviders', e.target.checked ? [...draft.notifyProviders, p] : draft.notifyProviders.filter((x) => x !== p))}
                />{' '}
                {providerLabel(p)}
              </label>
            ))}
          </fieldset>
          <fieldset className="inner notify-agents">
            <legend>Notify only for these agents (none checked means all)</legend>
            {agentChoices.length === 0 ? <p className="muted">No agents in the queue yet.</p> : null}
            {agentChoices.map((a) => (
              <label key={a.value} className="check">
                <input
                  type="checkbox"
                  checked={draft.notifyAgentIds.includes(a.value)}
                  onChange={(e) => set('notifyAgentIds', e.target.checked ? [...draft.notifyAgentIds, a.value] : draft.notifyAgentIds.filter((x) => x !== a.value))}
                />{' '}
                <bdi dir="auto">{a.label}</bdi>
              </label>
            ))}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>Appearance and system</legend>
          <div role="radiogroup" aria-label="Theme" className="radios">
            {THEMES.map((t) => (
              <label key={t} className="check check-inline">
                <input type="radio" name="theme" value={t} checked={draft.theme === t} onChange={() => set('theme', t)} /> {THEME_LABELS[t]}
              </label>
            ))}
          </div>
          <label className="check">
            <input type="checkbox" checked={draft.startAtLogin} onChange={(e) => set('startAtLogin', e.target.checked)} /> Start at login
          </label>
          <div className="field field-inline">
            <label htmlFor="global-shortcut">{FIELD_LABELS.globalShortcut}</label>
            <input
              id="global-shortcut"
              type="text"
              value={draft.globalShortcut}
              maxLength={100}
              onChange={(e) => set('globalShortcut', e.target.value)}
              aria-invalid={shortcutProblem !== null}
              aria-describedby={shortcutProblem !== null ? 'global-shortcut-problem global-shortcut-hint' : 'global-shortcut-hint'}
            />
            <span id="global-shortcut-hint" className="muted">
              e.g. CommandOrControl+Shift+F; empty turns it off
            </span>
            {shortcutProblem !== null ? (
              <p id="global-shortcut-problem" className="field-error">
                {FIELD_LABELS.globalShortcut}: {shortcutProblem}
              </p>
            ) : null}
          </div>
        </fieldset>
        {status.message ? (
          <p role={status.kind === 'error' ? 'alert' : 'status'} className={status.kind === 'error' ? 'notice notice-error' : 'notice notice-info'}>
            {status.message}
          </p>
        ) : null}
        <div className="dialog-footer">
          <div className="dialog-buttons">
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() =>
                void api.app
                  .copyDiagnostics()
                  .then(copyText)
                  .then((ok) => setDiag(ok ? 'Diagnostics copied.' : 'Could not copy diagnostics.'))
                  .catch(() => setDiag('Could not copy diagnostics.'))
              }
            >
              Copy diagnostics
            </button>
            <span aria-live="polite" className="muted">
              {diag}
            </span>
            <button type="button" className="btn" onClick={() => actions.closeDialog()}>
              {status.kind === 'saved' ? 'Close' : 'Cancel'}
            </button>
            {invalid ? (
              <span id="settings-save-blocked" className="field-error">
                To save, correct: {problems.join(', ')}.
              </span>
            ) : null}
            <button type="submit" className="btn btn-strong" disabled={invalid || status.kind === 'saving'} aria-describedby={invalid ? 'settings-save-blocked' : undefined}>
              Save
            </button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}
