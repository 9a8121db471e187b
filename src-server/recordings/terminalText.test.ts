import { describe, expect, it } from 'vitest';
import { asksForSecret, ShownText, stripAnsi } from './terminalText';

describe('password prompts', () => {
  it.each([
    '[sudo] password for bob: ',
    '[sudo] password for bob:',
    'Password:',
    'Password: ',
    'password:',
    'PASSWORD:',
    "Password for 'bob@EXAMPLE.COM': ",
    "Enter passphrase for key '/x':",
    "Enter passphrase for key '/home/bob/.ssh/id_ed25519': ",
    'Enter passphrase (empty for no passphrase):',
    'PIN:',
    'Enter PIN for token:',
    'pin:',
    'Old Password:',
    'New password:',
    'Retype new password:',
    "bob@host's password: ",
  ])('%j asks for a secret', (line) => {
    expect(asksForSecret(line)).toBe(true);
  });

  it.each([
    '',
    'bob@web-01:~$ ',
    'Password changed.',
    'passwd: password updated successfully',
    'Sorry, try again.',
    'cat passwords.txt',
    'Spin:',
    'pinned:',
    'Passwords:',
    'Enter your name:',
    'sudo: 3 incorrect password attempts',
    '$ echo password > file',
  ])('%j does not', (line) => {
    expect(asksForSecret(line)).toBe(false);
  });
});

describe('stripAnsi', () => {
  it.each([
    ['\x1b[01;32mbob@web\x1b[00m:\x1b[01;34m~\x1b[00m$ ', 'bob@web:~$ '],
    ['\x1b]0;bob@web: ~\x07bob@web:~$ ', 'bob@web:~$ '],
    ['\x1b]2;title\x1b\\x', 'x'],
    ['\x1b[?2004h$ \x1b[?2004l', '$ '],
    ['\x1b(Bplain\x1b=\x1b>', 'plain'],
    ['\x1b[2J\x1b[H\x1b[Kclear', 'clear'],
    ['tab\there\r\n', 'tab\there\r\n'],
    ['bell\x07 nul\x00', 'bell nul'],
  ])('%j reads %j', (raw, plain) => {
    expect(stripAnsi(raw)).toBe(plain);
  });
});

describe('ShownText', () => {
  it('lists finished lines with the time of the chunk that ended them, and keeps the line being drawn', () => {
    const shown = new ShownText();
    shown.output('$ echo $((6*7))\r\n', 100);
    shown.output('42\r\n\x1b[01;32m$\x1b[0', 200);
    shown.output('0m ', 300);
    expect(shown.lines).toEqual([
      { atMs: 100, text: '$ echo $((6*7))' },
      { atMs: 200, text: '42' },
    ]);
    // The colour escape cut between two chunks is not shown as text.
    expect(shown.current()).toBe('$ ');
  });

  it('overwrites after a carriage return and steps back on BackSpace, like a terminal', () => {
    const shown = new ShownText();
    shown.output('progress 10%\rprogress 99%\r\n', 5);
    shown.output('abc\b\bXY\n', 6);
    expect(shown.lines.map((l) => l.text)).toEqual(['progress 99%', 'aXY']);
  });

  it('joins a long line readline wrapped (a space past the last column, then CR), and honours erase-to-end-of-line', () => {
    const shown = new ShownText();
    // As guacd 1.6.0's typescript recorded bash 5.2 typing past the terminal's width.
    shown.output('bob@vm:~$ echo 5098 > /tmp/work/typed-509 \r8.txt\r\n', 1);
    // Typing `lss`, BackSpace (bash: BS, then CSI K), Return.
    shown.output('$ lss\b\x1b[K\r\n', 2);
    expect(shown.lines.map((l) => l.text)).toEqual(['bob@vm:~$ echo 5098 > /tmp/work/typed-5098.txt', '$ ls']);
  });

  it('finds a prompt drawn over two chunks, and lists the last line at the end', () => {
    const shown = new ShownText();
    shown.output('[sudo] pass', 1);
    expect(asksForSecret(shown.current())).toBe(false);
    shown.output('word for bob: ', 2);
    expect(asksForSecret(shown.current())).toBe(true);
    shown.end(3);
    expect(shown.lines).toEqual([{ atMs: 3, text: '[sudo] password for bob:' }]);
  });
});
