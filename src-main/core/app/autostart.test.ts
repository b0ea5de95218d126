import { describe, expect, it } from 'vitest';
import { autostartDesktopEntry, autostartDir, autostartExecPath, quoteExecArg } from './autostart';

describe('autostartDesktopEntry', () => {
  it('writes a valid entry that starts hidden', () => {
    const text = autostartDesktopEntry('/opt/Fruxon Access Console/fruxon-access-console');
    expect(text).not.toBeNull();
    const lines = text!.split('\n');
    expect(lines[0]).toBe('[Desktop Entry]');
    expect(lines).toContain('Type=Application');
    expect(lines).toContain('Exec="/opt/Fruxon Access Console/fruxon-access-console" "--hidden"');
    expect(lines).toContain('X-GNOME-Autostart-enabled=true');
  });

  it('writes exactly the entry a desktop session reads, ending with a newline', () => {
    expect(autostartDesktopEntry('/usr/bin/fruxon')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Version=1.0',
        'Name=Fruxon Access Console',
        'Comment=Triage Fruxon participant access requests',
        'Exec="/usr/bin/fruxon" "--hidden"',
        'Icon=fruxon-access-console',
        'Terminal=false',
        'Categories=Network;Office;',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [['--hidden\nExec=rm -rf ~']],
    [['--hidden', '--x\r']],
    [['\u007f']],
  ])('refuses arguments with control characters (%j)', (args) => {
    expect(autostartDesktopEntry('/usr/bin/fruxon', args)).toBeNull();
  });

  it('writes clean extra arguments, or none', () => {
    expect(autostartDesktopEntry('/usr/bin/fruxon', ['--hidden', '--x'])).toContain('Exec="/usr/bin/fruxon" "--hidden" "--x"\n');
    expect(autostartDesktopEntry('/usr/bin/fruxon', [])).toContain('Exec="/usr/bin/fruxon"\n');
  });

  it.each([
    ['/a/b', '"/a/b"'],
    ['/a b/c', '"/a b/c"'],
    ['/a"b', '"/a\\\\"b"'],
    ['/a$HOME', '"/a\\\\$HOME"'],
    ['/a`id`', '"/a\\\\`id\\\\`"'],
    ['/a\\b', '"/a\\\\\\\\b"'],
    ['/100%/x', '"/100%%/x"'],
  ])('quotes %s as %s', (arg, expected) => {
    expect(quoteExecArg(arg)).toBe(expected);
  });

  it.each(['/a\nExec=rm -rf ~', '/a\rb', '', '/a\u0000'])('refuses paths with control characters (%j)', (p) => {
    expect(autostartDesktopEntry(p)).toBeNull();
  });

  it('uses $APPIMAGE when running from an AppImage', () => {
    expect(autostartExecPath('/tmp/.mount_x/fruxon', { APPIMAGE: '/home/u/Apps/Fruxon.AppImage' })).toBe('/home/u/Apps/Fruxon.AppImage');
    expect(autostartExecPath('/usr/bin/fruxon', {})).toBe('/usr/bin/fruxon');
    expect(autostartExecPath('/usr/bin/fruxon', { APPIMAGE: 'relative' })).toBe('/usr/bin/fruxon');
  });

  it('honours an absolute XDG_CONFIG_HOME only', () => {
    expect(autostartDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/u')).toBe('/cfg/autostart');
    expect(autostartDir({ XDG_CONFIG_HOME: 'rel' }, '/home/u')).toBe('/home/u/.config/autostart');
    expect(autostartDir({}, '/home/u')).toBe('/home/u/.config/autostart');
  });
});
