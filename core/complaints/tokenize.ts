/**
 * Keywords for the knowledge base's search, so that it runs on any MongoDB-protocol server (no
 * $text index: FerretDB lacks it). Latin words are lower-cased and lightly stemmed; Chinese, which
 * has no spaces, is indexed by character bigrams (and single characters for one-character runs).
 */
const STOP = new Set(['the', 'a', 'an', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'is', 'are', 'was', 'my', 'i', 'me', 'it', 'you', 'your', 'we', 'our', 'with', 'at', 'be', 'this', 'that', 'why', 'how', 'what', 'do', 'does']);
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.length > 4 && w.endsWith('ing')) return w.slice(0, -3);
  if (w.length > 3 && w.endsWith('ed')) return w.slice(0, -2);
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1);
  return w;
}

/** Distinct keywords of `text`, in first-seen order. */
export function keywords(text: string): string[] {
  const out = new Set<string>();
  for (const run of text.toLowerCase().normalize('NFKC').split(/[^\p{L}\p{N}]+/u)) {
    if (!run) continue;
    if (CJK.test(run)) {
      // Split mixed runs into CJK and non-CJK parts.
      for (const part of run.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/g) ?? []) {
        if (CJK.test(part)) {
          const chars = [...part];
          if (chars.length === 1) out.add(chars[0]);
          for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
        } else if (!STOP.has(part) && part.length > 1) out.add(stem(part));
      }
    } else if (!STOP.has(run) && run.length > 1) {
      out.add(stem(run));
    }
  }
  return [...out];
}
