/** Renders a pipeline declaration as the Markdown of docs/pipeline.md (checked by a unit test). Pure. */
import type { PipelineDecl, TableMiss } from './pipeline';

function missText(m: TableMiss | undefined): string {
  if (m === undefined) return 'drop (no table-miss flow)';
  switch (m.kind) {
    case 'drop':
      return 'drop';
    case 'controller':
      return 'to the controller';
    case 'goto':
      return `goto table ${m.tableId}`;
    default:
      return 'drop';
  }
}

/** Pure. The Markdown table of a pipeline: table id, owner table groups, table miss. */
export function renderPipelineDoc(title: string, p: PipelineDecl): string {
  const rows = p.tables.map((t) => {
    const groups = Object.entries(t.groups)
      .map(([owner, gs]) => `${owner}: ${gs.join(', ')}`)
      .join('; ');
    return `| ${t.tableId} | ${t.description ?? ''} | ${groups} | ${missText(t.miss)} |`;
  });
  return [`## ${title}`, '', '| table | description | owner table groups | table miss |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}
