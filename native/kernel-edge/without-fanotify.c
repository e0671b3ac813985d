/* without-fanotify: runs a command in which fanotify_init and fanotify_mark fail with ENOSYS, as on
 * a kernel built without CONFIG_FANOTIFY or under a container seccomp profile that forbids them
 * (Docker's default does). A seccomp filter, inherited by the command and every thread it starts;
 * needs no privilege (PR_SET_NO_NEW_PRIVS). Used by the fs-events tests for the ENOSYS error.
 *   without-fanotify CMD [ARGS...] */
#include "common.h"
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: without-fanotify CMD [ARGS...]\n");
		return 2;
	}
	/* Syscall numbers of the architecture this is compiled for (the command runs on the same one). */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fanotify_init, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_fanotify_mark, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | (ENOSYS & SECCOMP_RET_DATA)),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) die("prctl(PR_SET_NO_NEW_PRIVS)");
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0) die("prctl(PR_SET_SECCOMP)");
	execvp(argv[1], argv + 1);
	die("exec %s", argv[1]);
}
