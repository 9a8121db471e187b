import type { ComputerPage } from '@shared/common/api/controlPlane/computerFields';

const count = (n: number) => n.toLocaleString('en-US');

/** One page of computers, "1–50 of 5,000", and the buttons to the pages around it. */
export function ComputerTable({
  page,
  chosen,
  onOpen,
  onTag,
  onPage,
  pageSize,
}: {
  page: ComputerPage;
  chosen: string | null;
  onOpen: (id: string) => void;
  onTag: (tag: string) => void;
  onPage: (offset: number) => void;
  pageSize: number;
}) {
  if (page.total === 0) return <p>No computers match.</p>;
  const last = page.offset + page.computers.length;
  return (
    <>
      <table className="table" aria-label="Computer list">
        <thead>
          <tr>
            <th>Computer</th>
            <th>Protocol</th>
            <th>Host and port</th>
            <th>Tags</th>
          </tr>
        </thead>
        <tbody>
          {page.computers.map((c) => (
            <tr key={c.id} aria-label={`Computer ${c.name}`} aria-selected={c.id === chosen}>
              <td>
                <button type="button" className="button link" onClick={() => onOpen(c.id)}>
                  {c.name}
                </button>
              </td>
              <td>{c.protocol.toUpperCase()}</td>
              <td>
                {c.host}:{c.port}
              </td>
              <td>
                {c.tags.map((tag) => (
                  <button key={tag} type="button" className="button link" onClick={() => onTag(tag)}>
                    {tag}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav className="actions" aria-label="Pages">
        <span role="status" data-testid="computer-count">
          {count(page.offset + 1)}–{count(last)} of {count(page.total)}
        </span>
        <button
          type="button"
          className="button secondary"
          disabled={page.offset === 0}
          onClick={() => onPage(Math.max(0, page.offset - pageSize))}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={last >= page.total}
          onClick={() => onPage(page.offset + pageSize)}
        >
          Next page
        </button>
      </nav>
    </>
  );
}
