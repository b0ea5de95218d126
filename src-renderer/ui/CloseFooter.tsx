/** The sticky footer of a dialog whose only button is Close (help, sign-in). */
export function CloseFooter({ onClose }: { onClose: () => void }) {
  return (
    <div className="dialog-footer">
      <div className="dialog-buttons">
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
