/**
 * The content hash the classifier compares (the caller computes it; this library does no I/O).
 *
 * Definition: SHA-256 over the file's **whole content**, streamed, truncated to its first
 * 8 bytes and written as 16 lower-case hex characters. Files larger than the caller's size cap
 * are not hashed (pass `null`): the write bits alone then decide Modified vs Accessed.
 * The empty file has a real hash (`e3b0c44298fc1c14`), so "empty" and "never hashed" differ.
 *
 * The seed hashed only the first 16 KiB and used all-zero for "empty or never hashed", so a
 * change past 16 KiB looked like a read and an emptied file looked unbaselined.
 */
export const CONTENT_HASH = {
  algorithm: 'sha256',
  bytes: 8,
  hexLength: 16,
  /** Suggested default size cap for the caller's hasher. */
  defaultMaxBytes: 64 * 1024 * 1024,
} as const;

const HASH = /^[0-9a-f]{16}$/;

/** True for a well-formed {@link CONTENT_HASH} value. */
export function isContentHash(value: string): boolean {
  return HASH.test(value);
}
