import type { PushOutcome } from '../push/policy.publisher';

/**
 * A response body with the version of the group it came from: TaggedInterceptor sends it with
 * `ETag: "<revision>"`, `X-Policy-Revision` and, after a change, `X-Policy-Push: pushed|pending`.
 */
export class Tagged<T> {
  constructor(
    readonly revision: number,
    readonly body: T,
    readonly push?: PushOutcome,
  ) {}

  /** The same version and push outcome around a part of the body (e.g. a group's profile). */
  map<U>(part: (body: T) => U): Tagged<U> {
    return new Tagged(this.revision, part(this.body), this.push);
  }
}
