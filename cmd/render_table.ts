import { visibleWidth } from "./style.ts";

/**
 * Align rows under a header, two spaces between columns. Cells may be styled; widths count
 * visible characters. The last column is not padded so lines carry no trailing spaces.
 */
export function renderTable(header: string[], rows: string[][], styleHeader = (h: string) => h): string {
  const widths = header.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? "")))
  );
  const line = (cells: string[], styleCell = (c: string) => c) =>
    cells.map((cell, i) => {
      const text = styleCell(cell);
      return i === cells.length - 1 ? text : text + " ".repeat(widths[i] - visibleWidth(cell));
    }).join("  ").trimEnd();
  return [line(header, styleHeader), ...rows.map((r) => line(r))].join("\n") + "\n";
}
