import { t } from '../../i18n/i18n';

/** A duration in the largest unit that keeps it readable: 850 ms, 12 s, 4.5 min, 3.2 h, 2.1 d. */
export function formatDuration(ms: number): string {
  const round = (n: number): string => (n >= 10 ? n.toFixed(0) : n.toFixed(1).replace(/\.0$/, ''));
  if (ms < 1000) return t('duration.ms', { n: Math.round(ms) });
  if (ms < 60_000) return t('duration.s', { n: round(ms / 1000) });
  if (ms < 3_600_000) return t('duration.min', { n: round(ms / 60_000) });
  if (ms < 86_400_000) return t('duration.h', { n: round(ms / 3_600_000) });
  return t('duration.d', { n: round(ms / 86_400_000) });
}
