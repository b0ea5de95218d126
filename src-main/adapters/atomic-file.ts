/** Atomic private file writes for main (credentials, autostart entry). */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Writes a file atomically: temp file in the same directory (mode 0600), fsync, rename. A failed
 * write leaves the previous file untouched (F41).
 */
export function writeFileAtomic(file: string, data: string): void {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'w', 0o600);
    fs.writeSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(temp, file);
    fs.chmodSync(file, 0o600);
  } catch (err) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw err;
  }
}
