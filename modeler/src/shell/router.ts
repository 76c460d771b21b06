/** A page renders into `root` and returns a cleanup function (destroying viewers, listeners). */
export type Page = (root: HTMLElement, params: Record<string, string>) => (() => void) | void;

interface Route {
  pattern: RegExp;
  keys: string[];
  page: Page;
  name: string;
}

/** Hash router: `#/cases/:id`. Keeps one page mounted at a time and cleans up the previous one. */
export class Router {
  private routes: Route[] = [];
  private cleanup: (() => void) | void = undefined;
  current = '';

  constructor(
    private readonly root: HTMLElement,
    private readonly onNavigate: (name: string) => void,
  ) {
    window.addEventListener('hashchange', () => this.render());
  }

  add(path: string, name: string, page: Page): this {
    const keys: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ pattern: new RegExp(`^${source}$`), keys, page, name });
    return this;
  }

  /** Renders the page for the current hash again (also used after a language switch). */
  render(): void {
    const path = location.hash.replace(/^#/, '').split('?')[0] || '/';
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])));
      if (this.cleanup) this.cleanup();
      this.root.replaceChildren();
      this.current = route.name;
      this.onNavigate(route.name);
      this.cleanup = route.page(this.root, params);
      return;
    }
    location.hash = '#/processes';
  }
}

/** Query parameters of the current hash (`#/tasks?filter=mine`). */
export function hashQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

/**
 * A page whose code is loaded on first visit, so that pages without a diagram do not download and
 * parse bpmn-js. Navigating away before the code arrives renders nothing.
 */
export function lazyPage(load: () => Promise<Page>): Page {
  return (root, params) => {
    let cleanup: (() => void) | void = undefined;
    let left = false;
    void load().then((page) => {
      if (!left) cleanup = page(root, params);
    });
    return () => {
      left = true;
      if (cleanup) cleanup();
    };
  };
}
