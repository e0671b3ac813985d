/**
 * The classified file events of the seed (fsmon-behaviour §1.9): one bit per kind, and the exact
 * text that ends up in MonitorMessage.msg. Texts are part of the wire contract: reports and
 * incidents are matched on them downstream, so they never change.
 */
export const FileEvents = {
  Attr: { bit: 1, msg: 'File attribute is changed.' },
  DirAttr: { bit: 2, msg: 'Directory attribute is changed.' },
  Create: { bit: 4, msg: 'File created in watched directory.' },
  Modified: { bit: 8, msg: 'File was modified.' },
  Removed: { bit: 16, msg: 'File deleted from watched directory.' },
  SymCreate: { bit: 32, msg: 'File symlink was created.' },
  SymModified: { bit: 64, msg: 'File symlink was modified.' },
  DirSymCreate: { bit: 128, msg: 'Directory symlink was created.' },
  DirSymModified: { bit: 256, msg: 'Directory symlink was modified.' },
  Replaced: { bit: 512, msg: 'File was replaced.' },
  DirCreate: { bit: 1024, msg: 'Directory was created.' },
  DirRemoved: { bit: 2048, msg: 'Directory was deleted.' },
  Accessed: { bit: 4096, msg: 'File was accessed.' },
  Denied: { bit: 8192, msg: 'File access was denied.' },
  MovedFrom: { bit: 16384, msg: 'File was moved from.' },
  MovedTo: { bit: 32768, msg: 'File was moved to.' },
  DirMovedFrom: { bit: 65536, msg: 'Directory was moved from.' },
  DirMovedTo: { bit: 131072, msg: 'Directory was moved to.' },
} as const;

export type FileEventKind = keyof typeof FileEvents;
export const FileEventKinds = Object.keys(FileEvents) as [FileEventKind, ...FileEventKind[]];

/** Texts only the aggregator produces. */
export const AggregateMessages = {
  FilesModified: 'Files were modified or deleted.',
  PackagesUpdated: 'Software packages were updated.',
} as const;
