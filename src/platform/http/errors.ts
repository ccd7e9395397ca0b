// Errors a service throws for the route layer to turn into the right page and status.

export class NotFoundError extends Error {
  readonly statusCode = 404;
  constructor(what = 'Page') { super(`${what} not found`); }
}

/** Nobody is signed in, and this needs someone who is. */
export class SignInRequiredError extends Error {
  readonly statusCode = 401;
  constructor(message = 'Sign in to see this page') { super(message); }
}

export class ForbiddenError extends Error {
  readonly statusCode = 403;
  constructor(message = 'You do not have permission to do that') { super(message); }
}

/** Someone else saved the record after this form was opened. Carries the saved version to show. */
export class ConflictError<T = unknown> extends Error {
  readonly statusCode = 409;
  constructor(readonly current: T, message = 'Someone else changed this record while you were editing it') { super(message); }
}

/** The record is locked in its present state (e.g. a published plan). */
export class LockedError extends Error {
  readonly statusCode = 409;
  constructor(message: string) { super(message); }
}

/** Field-level validation problems, in the order the fields appear on the form. */
export class ValidationError extends Error {
  readonly statusCode = 400;
  constructor(readonly errors: { field: string; message: string }[]) { super(errors.map((e) => e.message).join('; ')); }
}
