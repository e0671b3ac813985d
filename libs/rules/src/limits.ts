/** Longest pattern or filter `path` accepted (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;
/** Longest single path segment (Linux NAME_MAX), checked on the un-escaped segment. */
export const MAX_SEGMENT_LENGTH = 255;
/** Longest filter `regex` (the file-name part), as in the wire contract. */
export const MAX_REGEX_LENGTH = 1024;
/**
 * Most `*` wildcards in one filter (path and regex together). Matching is linear in the input
 * either way; the limit keeps filters readable and the per-path cost of a large rule set small.
 */
export const MAX_WILDCARDS = 16;
