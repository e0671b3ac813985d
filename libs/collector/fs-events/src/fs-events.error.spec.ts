import { errno as E } from '@fsmon/ffi';
import { FsEventsError, type KernelOperation, kernelError } from './fs-events.error';

describe(kernelError.name, () => {
  it.each<[KernelOperation, number, string, string | null, RegExp]>([
    ['fanotify_init', E.EPERM, 'needs-privilege', null, /needs root or CAP_SYS_ADMIN/],
    ['fanotify_init', E.ENOSYS, 'no-fanotify', null, /no fanotify.*use inotify/],
    ['fanotify_init', E.EINVAL, 'unsupported', null, /not supported by this kernel/],
    ['fanotify_init', E.EMFILE, 'limit-reached', 'fs.fanotify.max_user_groups', /ulimit -n/],
    ['fanotify_mark', E.ENOSPC, 'limit-reached', 'fs.fanotify.max_user_marks', /unlimited marks/],
    ['fanotify_mark', E.ENOENT, 'no-such-path', null, /no such file/],
    ['fanotify_mark', E.EXDEV, 'unsupported', null, /file handles/],
    ['inotify_init1', E.EMFILE, 'limit-reached', 'fs.inotify.max_user_instances', /sysctl -w fs.inotify.max_user_instances=N/],
    ['inotify_add_watch', E.ENOSPC, 'limit-reached', 'fs.inotify.max_user_watches', /sysctl -w fs.inotify.max_user_watches=N/],
    ['inotify_add_watch', E.EACCES, 'needs-privilege', null, /no read permission/],
    ['eventfd', E.EMFILE, 'limit-reached', null, /RLIMIT_NOFILE/],
    ['read', E.EIO, 'failed', null, /unexpected/],
  ])('%s errno %d → %s', (op, errnoValue, code, limit, text) => {
    const error = kernelError(op, errnoValue, { path: '/p' });
    expect(error).toBeInstanceOf(FsEventsError);
    expect(error).toMatchObject({ code, limit });
    expect(error.message).toMatch(text);
    expect(error.message).toMatch(new RegExp(`^${op} /p: E[A-Z]+: `));
  });

  it('says which fallback was taken', () => {
    expect(kernelError('fanotify_init', E.EINVAL, { flags: 0xc04, fallback: 'fd mode' }).message).toBe(
      'fanotify_init: EINVAL: flag or mask not supported by this kernel (flags 0xc04); fallback taken: fd mode',
    );
  });
});
