// Domain errors shared by the store, the CLI and the API: each names what the caller got wrong.

/** Input that is well-formed but wrong (an unknown team, a duplicate id); nothing was changed. */
export class InvalidInputError extends Error {
  constructor(
    readonly path: string | null,
    message: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'InvalidInputError';
  }
}
