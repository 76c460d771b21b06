interface Linting {
  update(): void;
}

/** Quiet time after the last change before the whole model is linted again. */
export const LINT_DEBOUNCE_MS = 300;

/**
 * bpmn-js-bpmnlint lints the whole model on import and after every change, synchronously before the
 * next frame. On a diagram of a thousand elements that is ~100 ms per change. We let the diagram paint
 * first after an import and lint once the user pauses after edits; the problems shown are the same.
 */
export class DeferredLinting {
  static $inject = ['linting', 'eventBus'];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private frame: number | undefined;
  private importScheduled = false;

  constructor(linting: Linting, eventBus: { on(event: string, fn: () => void): void }) {
    const lintNow = linting.update.bind(linting);
    let importing = false;
    // (A listener's return value would replace the XML being imported: return nothing.)
    eventBus.on('import.parse.start', () => {
      importing = true;
    });
    linting.update = () => {
      if (importing) {
        // After the browser has drawn the imported diagram; calls until then join this one.
        if (this.importScheduled) return;
        this.cancel();
        this.importScheduled = true;
        this.frame = requestAnimationFrame(() => {
          this.frame = undefined;
          this.timer = setTimeout(() => {
            this.timer = undefined;
            this.importScheduled = false;
            importing = false;
            lintNow();
          }, 0);
        });
        return;
      }
      this.cancel();
      this.timer = setTimeout(() => {
        this.timer = undefined;
        lintNow();
      }, LINT_DEBOUNCE_MS);
    };
    eventBus.on('diagram.destroy', () => this.cancel());
  }

  private cancel(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.timer = undefined;
    this.frame = undefined;
    this.importScheduled = false;
  }
}
