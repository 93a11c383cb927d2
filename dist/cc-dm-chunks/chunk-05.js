// cmd/exit_codes.ts
var EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  timeout: 3,
  interrupted: 130
};
var EXIT_CODES = `Exit codes:
  0    ok
  1    failure (bus missing or locked, unknown recipient, invalid message, ...)
  2    usage error (a "Try:" line says what to run)
  3    timeout (ask, send --wait: no reply in time; send --confirm: not delivered in time;
       wait, send --when-idle: state not reached)
  130  interrupted (Ctrl-C)`;

export {
  EXIT,
  EXIT_CODES
};
