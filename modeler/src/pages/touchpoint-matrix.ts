import { api } from '../api/client';

/** One business × channel cell; `code` is the touchpoint code when a touchpoint exists. */
export interface MatrixCell {
  business: string;
  businessName: string;
  channel: string;
  channelName: string;
  code?: string;
  processId?: string;
  version?: number;
}

export interface Matrix {
  businesses: { code: string; name: string }[];
  channels: { code: string; name: string }[];
  cells: MatrixCell[];
}

interface RawMatrix {
  channels: { code: string; name: string }[];
  rows: { business: string; name: string; cells: Record<string, { code: string; segment?: string; processId?: string; version?: number }[]> }[];
}

/** Loads `GET /touchpoints/matrix` and flattens it to one cell per business × channel (first segment wins). */
export async function loadMatrix(): Promise<Matrix> {
  const raw = await api<RawMatrix>('GET', '/touchpoints/matrix');
  const cells: MatrixCell[] = [];
  for (const row of raw.rows) {
    for (const ch of raw.channels) {
      const tps = row.cells[ch.code] ?? [];
      const tp = tps.find((x) => x.processId) ?? tps[0];
      cells.push({ business: row.business, businessName: row.name, channel: ch.code, channelName: ch.name, code: tp?.code, processId: tp?.processId, version: tp?.version });
    }
  }
  return { businesses: raw.rows.map((r) => ({ code: r.business, name: r.name })), channels: raw.channels, cells };
}
