/** Masking of personal data for roles without the right to see it in full. */

export function maskPhone(p: string): string {
  if (p.length <= 4) return '*'.repeat(p.length);
  const keepEnd = 4;
  const keepStart = Math.min(3, Math.max(0, p.length - keepEnd - 4));
  return `${p.slice(0, keepStart)}${'*'.repeat(p.length - keepStart - keepEnd)}${p.slice(-keepEnd)}`;
}

export function maskEmail(e: string): string {
  const at = e.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${e[0]}***${e.slice(at)}`;
}

export function maskName(n: string): string {
  const chars = [...n];
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 6))}`;
}
