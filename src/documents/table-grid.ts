// Where each cell of a table body sits on the column grid. Rows leave out the columns that a cell
// from a row above still covers (rowSpan), as HTML does, so a cell's column is found by skipping
// them; a cell may also cover several columns (colSpan), and a cell covering both blocks all of
// its columns in the rows it reaches.
import type { Cell } from './model.js';

export interface PlacedCell {
  cell: Cell;
  /** First grid column the cell sits in. */
  col: number;
  /** Grid columns it covers (at least 1, clipped to the table's width). */
  colSpan: number;
  rowSpan: number;
}

/** The cells of each row with their grid positions; cells beyond the last column are dropped. */
export function placeCells(rows: readonly (readonly Cell[])[], cols: number): PlacedCell[][] {
  const coveredUntil = new Array<number>(cols).fill(-1);
  return rows.map((row, r) => {
    const placed: PlacedCell[] = [];
    let col = 0;
    for (const cell of row) {
      while (col < cols && coveredUntil[col]! >= r) col++;
      if (col >= cols) break;
      // A span never runs past the table's edge nor over a column still covered from above.
      let colSpan = 1;
      const wanted = Math.max(1, cell.colSpan ?? 1);
      while (colSpan < wanted && col + colSpan < cols && coveredUntil[col + colSpan]! < r) colSpan++;
      const rowSpan = Math.max(1, cell.rowSpan ?? 1);
      if (rowSpan > 1) for (let c = col; c < col + colSpan; c++) coveredUntil[c] = r + rowSpan - 1;
      placed.push({ cell, col, colSpan, rowSpan });
      col += colSpan;
    }
    return placed;
  });
}
