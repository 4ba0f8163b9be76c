import type { ReactNode } from 'react';

/** Names a TableWrap: a text of its own, or the id of the heading that already names it. */
type Named = { label: string; labelledBy?: undefined } | { labelledBy: string; label?: undefined };

/** A table that may scroll sideways on a phone: the scrolling box is focusable and named, so keyboards reach it (WCAG 2.1.1). */
export function TableWrap({ label, labelledBy, children }: Named & { children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-label={label} aria-labelledby={labelledBy} tabIndex={0}>
      {children}
    </div>
  );
}

/** A TableWrap'd table: an optional hidden caption, one header row of column names, then the body rows given. */
export function DataTable({ columns, caption, children, ...name }: Named & { columns: readonly string[]; caption?: string; children: ReactNode }) {
  return (
    <TableWrap {...name}>
      <table>
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </TableWrap>
  );
}
