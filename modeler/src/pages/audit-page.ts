import { api, asList } from '../api/client';
import { formatDate, t } from '../i18n/i18n';
import { h } from '../shell/dom';
import { loadInto, table } from '../shell/table';

interface AuditEntry {
  at?: string;
  createdAt?: string;
  actor?: string;
  action?: string;
  target?: string;
  subject?: string;
  seq?: number;
}

/** The append-only audit log, newest first. */
export function auditPage(root: HTMLElement): void {
  const body = h('div.card');
  root.append(h('div.page', {}, h('div.toolbar', {}, h('h1.page-title', {}, t('audit.title'))), body));
  void loadInto(
    body,
    async () => asList<AuditEntry>(await api('GET', '/audit')),
    (entries) =>
      table(
        [
          { label: '#', cell: (e) => e.seq ?? '' },
          { label: t('audit.at'), cell: (e) => formatDate(e.at ?? e.createdAt) },
          { label: t('audit.actor'), cell: (e) => e.actor ?? '' },
          { label: t('audit.action'), cell: (e) => h('code', {}, e.action ?? '') },
          { label: t('audit.subject'), cell: (e) => e.target ?? e.subject ?? '' },
        ],
        entries,
      ),
  );
}
