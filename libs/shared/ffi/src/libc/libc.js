'use strict';
// Raw libc prototypes through koffi. Every function returns what the C function returns (-1 on
// failure, then `errno()` tells why); no wrapping, no exceptions: callers in fs-events turn errno
// values into named errors, and the worker scripts use these directly on their hot paths.
// Pointers are declared `void *` and take Buffers/TypedArrays: koffi named types are process-global
// and would clash when jest or a worker evaluates this module again.
const koffi = require('koffi');

let bound;

function bind() {
  const lib = koffi.load('libc.so.6');
  return {
    fanotify_init: lib.func('int fanotify_init(unsigned int flags, unsigned int event_f_flags)'),
    fanotify_mark: lib.func('int fanotify_mark(int fd, unsigned int flags, uint64_t mask, int dirfd, const char *path)'),
    inotify_init1: lib.func('int inotify_init1(int flags)'),
    inotify_add_watch: lib.func('int inotify_add_watch(int fd, const char *path, uint32_t mask)'),
    inotify_rm_watch: lib.func('int inotify_rm_watch(int fd, int wd)'),
    read: lib.func('long read(int fd, void *buf, size_t count)'),
    // Re-reads a /proc file kept open (a seq_file is generated afresh at offset 0): one syscall.
    pread: lib.func('long pread(int fd, void *buf, size_t count, int64_t offset)'),
    write: lib.func('long write(int fd, const void *buf, size_t count)'),
    // `iov`: packed `struct iovec` (u64 base address, u64 length); see koffi.address.
    writev: lib.func('long writev(int fd, const void *iov, int iovcnt)'),
    close: lib.func('int close(int fd)'),
    poll: lib.func('int poll(void *fds, unsigned long nfds, int timeout)'),
    readlink: lib.func('long readlink(const char *path, void *buf, size_t size)'),
    // The path is a NUL-terminated Buffer: hot paths keep pre-encoded names and skip string marshalling.
    readlinkat: lib.func('long readlinkat(int dirfd, const void *path, void *buf, size_t size)'),
    // open/openat are variadic in C; a fixed third int argument is ABI-compatible on x86-64 and
    // arm64 Linux, and avoids koffi's slower per-call variadic marshalling.
    open: lib.func('int open(const char *path, int flags, unsigned int mode)'),
    openat: lib.func('int openat(int dirfd, const void *path, int flags, unsigned int mode)'),
    // Variadic too; used with an int argument only (F_GETFL / F_SETFL).
    fcntl: lib.func('int fcntl(int fd, int cmd, int arg)'),
    open_by_handle_at: lib.func('int open_by_handle_at(int mount_fd, void *handle, int flags)'),
    name_to_handle_at: lib.func('int name_to_handle_at(int dirfd, const char *path, void *handle, void *mount_id, int flags)'),
    fstatfs: lib.func('int fstatfs(int fd, void *buf)'),
    statx: lib.func('int statx(int dirfd, const void *path, int flags, unsigned int mask, void *buf)'),
    eventfd: lib.func('int eventfd(unsigned int initval, int flags)'),
    getpid: lib.func('int getpid(void)'),
    errno: () => koffi.errno(),
    /** Address of a Buffer's memory (allocUnsafeSlow / SharedArrayBuffer memory never moves). */
    address: (buf) => koffi.address(buf),
  };
}

/** The bound functions, loaded on first use (once per thread). */
function loadLibc() {
  bound ??= bind();
  return bound;
}

module.exports = { loadLibc };
