/* perm-responder: a plain C allow-all fanotify permission responder, the baseline for fs-events'
 * permission worker. Marks DIR with OPEN_PERM on its children; for every event writes FAN_ALLOW and
 * closes the event fd (-r also readlinks the fd first, as a decision on paths must). Stops on
 * SIGTERM/SIGINT (blocking read interrupted, no SA_RESTART) and prints JSON counts. */
#include "common.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/fanotify.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int with_readlink = 0, opt;
	while ((opt = getopt(argc, argv, "d:r")) != -1) {
		if (opt == 'd') dir = optarg;
		else if (opt == 'r') with_readlink = 1;
		else return 2;
	}
	if (!dir) {
		fprintf(stderr, "usage: perm-responder -d DIR [-r]\n");
		return 2;
	}
	struct sigaction sa = { .sa_handler = on_signal };
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	int fan = fanotify_init(FAN_CLOEXEC | FAN_CLASS_CONTENT | FAN_UNLIMITED_QUEUE, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
	if (fan < 0) die("fanotify_init");
	if (fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN_PERM | FAN_EVENT_ON_CHILD, AT_FDCWD, dir) < 0)
		die("fanotify_mark %s", dir);
	handshake(0);

	static char buf[64 * 1024] __attribute__((aligned(8)));
	char path[4096];
	long events = 0, sink = 0;
	double cpu_start = cpu_seconds();
	while (!stop) {
		ssize_t len = read(fan, buf, sizeof(buf));
		if (len < 0) {
			if (errno == EINTR) continue;
			die("read");
		}
		struct fanotify_event_metadata *m = (void *)buf;
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			if (m->vers != FANOTIFY_METADATA_VERSION) die("metadata version %d", m->vers);
			events++;
			if (m->fd < 0) continue;
			if (with_readlink) {
				char proc[64];
				snprintf(proc, sizeof(proc), "/proc/self/fd/%d", m->fd);
				sink += readlink(proc, path, sizeof(path));
			}
			if (m->mask & FAN_OPEN_PERM) {
				struct fanotify_response r = { .fd = m->fd, .response = FAN_ALLOW };
				if (write(fan, &r, sizeof(r)) != sizeof(r)) die("response");
			}
			close(m->fd);
		}
	}
	double cpu = cpu_seconds() - cpu_start;
	close(fan);
	printf("{\"events\":%ld,\"cpuSeconds\":%.4f,\"sink\":%ld}\n", events, cpu, sink);
	return 0;
}
