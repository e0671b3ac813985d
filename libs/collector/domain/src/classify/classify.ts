import type { Classification, ClassifyInput } from './classify.types';
import { classifyDirEntry } from './dir.classifier';
import { classifyFileEntry } from './file.classifier';

/**
 * Classifies one coalesced path (the 4 s pass, §4.5). The directory table decides for watched
 * directories, for children of watched directories, and for anything that is a directory now;
 * the file table decides for single-file entries.
 *
 * Children always use the directory table (the seed used the file table for children it already
 * knew and the directory table for the rest, so a known child's creation went unreported).
 */
export function classifyEvent(input: ClassifyInput): Classification {
  if (input.role !== 'single-file' || input.node.isDir) return classifyDirEntry(input);
  return classifyFileEntry(input);
}
