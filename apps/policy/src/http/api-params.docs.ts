import type { ApiHeaderOptions, ApiParamOptions } from '@nestjs/swagger';

/** Every change of an existing group takes an optional If-Match (see ifMatchAllows). */
export const IF_MATCH_HEADER: ApiHeaderOptions = {
  name: 'If-Match',
  required: false,
  description: "The group's ETag from a previous read; 412 PRECONDITION_FAILED if the group changed since",
};

/** A filter (and its access rule) in a path: its key `path/regex`, URL-encoded. */
export const FILTER_KEY_PARAM: ApiParamOptions = { name: 'key', description: 'The filter key `path/regex`, URL-encoded (e.g. %2Fetc%2Fpasswd%2F)' };
