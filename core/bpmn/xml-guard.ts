import type { ModelProblem } from './graph';

/** Limits applied to BPMN XML before any parser sees it. */
export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxBytes: 10 * 1024 * 1024, maxDepth: 200 };

function unsafe(message: string, rule = 'tp/unsafe-xml'): ModelProblem {
  return { severity: 'error', rule, message };
}

/**
 * Screens raw XML text in one linear pass, without building a DOM: the size limit, no DTD or entity
 * declarations (so no external entities and no entity expansion bombs), and an element nesting limit.
 * Returns the first problem found, or undefined when the text may be handed to the parser.
 */
export function screenXml(xml: unknown, limits: XmlLimits = DEFAULT_XML_LIMITS): ModelProblem | undefined {
  if (typeof xml !== 'string') return unsafe('The BPMN document is not text.', 'tp/not-xml');
  // Length in UTF-16 units is a lower bound of the UTF-8 size; the exact size is computed only near the limit.
  if (xml.length > limits.maxBytes || Buffer.byteLength(xml, 'utf8') > limits.maxBytes) {
    return unsafe(`The BPMN document is larger than the limit of ${limits.maxBytes} bytes.`, 'tp/xml-too-large');
  }
  const text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const first = text.search(/\S/);
  if (first < 0 || text[first] !== '<') {
    return unsafe('The document is not XML: it does not start with a tag.', 'tp/not-xml');
  }
  let depth = 0;
  let sawElement = false;
  let i = first;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    if (next === 0x21 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        if (end < 0) return unsafe('The XML has an unterminated comment.', 'tp/not-xml');
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', lt)) {
        const end = text.indexOf(']]>', lt + 9);
        if (end < 0) return unsafe('The XML has an unterminated CDATA section.', 'tp/not-xml');
        i = end + 3;
        continue;
      }
      const word = text.slice(lt + 2, lt + 10).toUpperCase();
      if (
        word.startsWith('DOCTYPE') ||
        word.startsWith('ENTITY') ||
        word.startsWith('ELEMENT') ||
        word.startsWith('ATTLIST')
      ) {
        return unsafe(
          'The XML declares a DTD or entities (<!DOCTYPE / <!ENTITY>), which BPMN documents never need; it is rejected.',
        );
      }
      return unsafe('The XML contains an unknown <! declaration.', 'tp/not-xml');
    }
    if (next === 0x3f /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      if (end < 0) return unsafe('The XML has an unterminated processing instruction.', 'tp/not-xml');
      i = end + 2;
      continue;
    }
    const gt = findTagEnd(text, lt + 1);
    if (gt < 0) return unsafe('The XML has an unterminated tag.', 'tp/not-xml');
    if (next === 0x2f /* / */) {
      depth -= 1;
      if (depth < 0) return unsafe('The XML closes an element that was never opened.', 'tp/not-xml');
    } else if (text.charCodeAt(gt - 1) !== 0x2f) {
      sawElement = true;
      depth += 1;
      if (depth > limits.maxDepth) {
        return unsafe(`The XML nests elements deeper than the limit of ${limits.maxDepth} levels.`, 'tp/xml-too-deep');
      }
    } else {
      sawElement = true;
    }
    i = gt + 1;
  }
  if (!sawElement) return unsafe('The document is not XML: it contains no element.', 'tp/not-xml');
  return undefined;
}

/** Index of the `>` closing a tag that starts at `from`, skipping quoted attribute values. */
function findTagEnd(text: string, from: number): number {
  let quote = 0;
  for (let j = from; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return j;
    }
  }
  return -1;
}
