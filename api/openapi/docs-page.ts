/** A small self-contained HTML reference rendered from the OpenAPI document (no CDN, no script). */

const esc = (s: string | number | undefined): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

interface Op {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: { name: string; in: string; required?: boolean }[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

export function renderDocsPage(doc: { info?: { title?: string; version?: string }; paths?: Record<string, Record<string, Op>> }): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters ?? []).map((p) => `${esc(p.name)} <small>(${esc(p.in)}${p.required ? ', required' : ''})</small>`).join('<br>');
      const body = op.requestBody?.content
        ? Object.entries(op.requestBody.content)
            .map(([ct, c]) => `<details><summary>${esc(ct)}</summary><pre>${esc(JSON.stringify(c.schema ?? {}, null, 2))}</pre></details>`)
            .join('')
        : '';
      rows.push(
        `<tr><td><code class="m ${esc(method)}">${esc(method.toUpperCase())}</code></td><td><code>${esc(path)}</code></td><td>${esc(op.summary)}<br><small>${esc(op.description)}</small></td><td>${params}</td><td>${body}</td></tr>`,
      );
    }
  }
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(doc.info?.title)} reference</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}
.m{font-weight:bold}.get{color:#06c}.post{color:#080}.patch,.put{color:#a60}.delete{color:#c00}pre{font-size:12px;max-height:20rem;overflow:auto;background:#f6f6f6}</style></head>
<body><h1>${esc(doc.info?.title)} <small>${esc(doc.info?.version)}</small></h1><p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors are RFC 9457 <code>application/problem+json</code>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th><th>Parameters</th><th>Body</th></tr></thead><tbody>${rows.join('\n')}</tbody></table></body></html>`;
}
