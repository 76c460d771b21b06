/** Thrown when a BPMN graph cannot be turned into a workflow net; the message names the element. */
export class ConversionError extends Error {
  constructor(
    message: string,
    readonly elementId?: string,
  ) {
    super(message);
    this.name = 'ConversionError';
  }
}
