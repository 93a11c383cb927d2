// The one exit-code table, shared by `cc-dm --help` and each command's help. It lives here and
// not in main.ts so commands can print it without importing main (which imports them).

/** Exit codes of every cc-dm command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  timeout: 3,
  interrupted: 130,
} as const;

export const EXIT_CODES = `Exit codes:
  0    ok
  1    failure (bus missing or locked, unknown recipient, invalid message, ...)
  2    usage error (a "Try:" line says what to run)
  3    timeout (ask, send --wait: no reply in time; send --confirm: not delivered in time;
       wait, send --when-idle: state not reached)
  130  interrupted (Ctrl-C)`;
