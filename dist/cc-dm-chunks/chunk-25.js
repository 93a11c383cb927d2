// cmd/style.ts
var sgr = (open, close) => (text) => `\x1B[${open}m${text}\x1B[${close}m`;
var plain = (text) => text;
function style(color) {
  if (!color) return {
    bold: plain,
    dim: plain,
    green: plain,
    yellow: plain,
    red: plain,
    cyan: plain
  };
  return {
    bold: sgr(1, 22),
    dim: sgr(2, 22),
    green: sgr(32, 39),
    yellow: sgr(33, 39),
    red: sgr(31, 39),
    cyan: sgr(36, 39)
  };
}
function visibleWidth(text) {
  return [
    ...text.replace(/\x1b\[[0-9;]*m/g, "")
  ].length;
}

export {
  style,
  visibleWidth
};
