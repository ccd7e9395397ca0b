// What a service throws when it will not, or cannot, do what was asked. These are facts about the
// request in the domain's terms, not HTTP: the web error handler (platform/http/error-pages.ts) is the
// one place that turns them into status codes, and the command line prints their message.

/** Every refusal a person can act on; anything else is a fault in the service. */
export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The thing asked for does not exist, or this person may not know that it does. */
export class NotFoundError extends DomainError {
  constructor(what = 'Page') { super(`${what} not found`); }
}

/** Nobody is signed in, and this needs someone who is. */
export class SignInRequiredError extends DomainError {
  constructor(message = 'Sign in to see this page') { super(message); }
}

/** Signed in, but this person's role does not allow it; the message says why. */
export class ForbiddenError extends DomainError {
  constructor(message = 'You do not have permission to do that') { super(message); }
}

/** Someone else saved the record after this form was opened. Carries the saved version to show. */
export class ConflictError<T = unknown> extends DomainError {
  constructor(readonly current: T, message = 'Someone else changed this record while you were editing it') { super(message); }
}

/** The record is locked in its present state (e.g. a published plan). */
export class LockedError extends DomainError {
  constructor(message: string) { super(message); }
}

/** Field-level validation problems, in the order the fields appear on the form. */
export class ValidationError extends DomainError {
  constructor(readonly errors: { field: string; message: string }[]) { super(errors.map((e) => e.message).join('; ')); }
}

/** What was sent is larger than the service accepts; the message says what the limit is. */
export class TooLargeError extends DomainError {
  constructor(message: string) { super(message); }
}

/**
 * This installation cannot do it (a tool it needs is missing); the message says what is needed and
 * how to provide it, `detail` what exactly failed, for the log.
 */
export class UnavailableError extends DomainError {
  constructor(message: string, readonly detail = '') { super(message); }
}

/** Too much is being asked of this instance right now; the same request will work shortly. */
export class BusyError extends DomainError {
  constructor(message: string) { super(message); }
}
