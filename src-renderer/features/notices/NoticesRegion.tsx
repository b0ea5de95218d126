import { useActions } from '../../app/context';
import { toDisplayText } from '../../lib/text';
import { useNoticesStore } from '../../state/notices';

/**
 * In-app twin of native notifications: each notice's title and body in a polite live log.
 * Activating a notice opens its (first) request.
 */
export function NoticesRegion() {
  const actions = useActions();
  const notices = useNoticesStore((s) => s.notices);
  const dismiss = useNoticesStore((s) => s.dismiss);
  return (
    <div role="log" aria-label="Notifications" aria-live="polite" className="notices">
      {notices.map((n) => {
        const first = n.requests[0];
        return (
          <div key={n.id} className="notice-card">
            <button
              type="button"
              className="notice-open"
              disabled={!first}
              onClick={() => {
                if (first) actions.openRequest(first);
                dismiss(n.id);
              }}
            >
              <span className="notice-title">
                <bdi dir="auto">{toDisplayText(n.title)}</bdi>
              </span>
              <span className="notice-body">
                <bdi dir="auto">{toDisplayText(n.body)}</bdi>
              </span>
            </button>
            <button type="button" className="btn btn-quiet notice-dismiss" aria-label="Dismiss notification" onClick={() => dismiss(n.id)}>
              ×
            </button>
          </div>
        );
      })}
    </div>
  );
}
