/* fan-reader: a plain C fanotify notification reader, the baseline for fs-events' reader.
 *   -m fd   events carry an fd: readlink /proc/self/fd/N for the path, then close it
 *   -m fid  FAN_REPORT_DFID_NAME: path = cached directory path (open_by_handle_at + readlink on a
 *           miss) + "/" + name
 * Marks DIR (inode mark, events on children) with OPEN|CLOSE_NOWRITE; -u asks for an unlimited
 * queue; -b waits for a line on stdin before reading (the driver builds a backlog meanwhile).
 * Exits when no event came for IDLE ms after the first one, and prints JSON counts. */
#include "common.h"
#include <fcntl.h>
#include <poll.h>
#include <sys/fanotify.h>

#define BUF_SIZE (256 * 1024)
#define CACHE_SLOTS 256

struct dir_entry {
	unsigned char key[8 + 8 + MAX_HANDLE_SZ];
	size_t key_len;
	char path[4096];
};

static struct dir_entry cache[CACHE_SLOTS];
static int cache_used, mount_fd;
static long unresolved;

static const char *dir_path(const unsigned char *fsid_and_handle, size_t len)
{
	static int last = -1;
	if (last >= 0 && cache[last].key_len == len && !memcmp(cache[last].key, fsid_and_handle, len))
		return cache[last].path;
	for (int i = 0; i < cache_used; i++)
		if (cache[i].key_len == len && !memcmp(cache[i].key, fsid_and_handle, len))
			return cache[last = i].path;
	if (cache_used == CACHE_SLOTS || len > sizeof(cache[0].key))
		return NULL;
	struct dir_entry *e = &cache[cache_used];
	int fd = open_by_handle_at(mount_fd, (struct file_handle *)(fsid_and_handle + 8), O_PATH | O_CLOEXEC);
	if (fd < 0) {
		unresolved++;
		return NULL;
	}
	char proc[64];
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(proc, e->path, sizeof(e->path) - 1);
	close(fd);
	if (n < 0) {
		unresolved++;
		return NULL;
	}
	e->path[n] = 0;
	memcpy(e->key, fsid_and_handle, len);
	e->key_len = len;
	last = cache_used;
	return cache[cache_used++].path;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *mode = "fd";
	int unlimited = 0, wait_go = 0, idle_ms = 300, opt;
	while ((opt = getopt(argc, argv, "m:d:ubi:")) != -1) {
		if (opt == 'm') mode = optarg;
		else if (opt == 'd') dir = optarg;
		else if (opt == 'u') unlimited = 1;
		else if (opt == 'b') wait_go = 1;
		else if (opt == 'i') idle_ms = atoi(optarg);
		else return 2;
	}
	int fid = !strcmp(mode, "fid");
	if (!dir) {
		fprintf(stderr, "usage: fan-reader -d DIR [-m fd|fid] [-u] [-b] [-i IDLE_MS]\n");
		return 2;
	}
	unsigned int flags = FAN_CLOEXEC | FAN_CLASS_NOTIF | (fid ? FAN_REPORT_DFID_NAME : 0) |
			     (unlimited ? FAN_UNLIMITED_QUEUE : 0);
	int fan = fanotify_init(flags, O_RDONLY | O_LARGEFILE | O_CLOEXEC);
	if (fan < 0) die("fanotify_init");
	if (fanotify_mark(fan, FAN_MARK_ADD, FAN_OPEN | FAN_CLOSE_NOWRITE | FAN_EVENT_ON_CHILD, AT_FDCWD, dir) < 0)
		die("fanotify_mark %s", dir);
	mount_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (mount_fd < 0) die("open %s", dir);
	handshake(wait_go);

	static char buf[BUF_SIZE] __attribute__((aligned(8)));
	char path[8192];
	long events = 0, overflows = 0, sink = 0;
	uint64_t start = wait_go ? now_ns() : 0, last = 0;
	double cpu_start = cpu_seconds(), cpu_last = cpu_start;
	struct pollfd pfd = { .fd = fan, .events = POLLIN };
	for (;;) {
		int r = poll(&pfd, 1, events ? idle_ms : 30000);
		if (r < 0 && errno == EINTR) continue;
		if (r <= 0) break;
		ssize_t len = read(fan, buf, sizeof(buf));
		if (len < 0) {
			if (errno == EINTR || errno == EAGAIN) continue;
			die("read");
		}
		if (!start) {
			start = now_ns();
			cpu_start = cpu_seconds();
		}
		struct fanotify_event_metadata *m = (void *)buf;
		for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
			if (m->vers != FANOTIFY_METADATA_VERSION) die("metadata version %d", m->vers);
			events++;
			if (m->mask & FAN_Q_OVERFLOW) {
				overflows++;
				continue;
			}
			if (!fid) {
				char proc[64];
				snprintf(proc, sizeof(proc), "/proc/self/fd/%d", m->fd);
				ssize_t n = readlink(proc, path, sizeof(path) - 1);
				sink += n;
				close(m->fd);
				continue;
			}
			struct fanotify_event_info_fid *info = (void *)(m + 1);
			struct file_handle *fh = (void *)info->handle;
			const char *name = (const char *)fh->f_handle + fh->handle_bytes;
			const char *dp = dir_path((const unsigned char *)&info->fsid, 8 + 8 + fh->handle_bytes);
			sink += snprintf(path, sizeof(path), "%s/%s", dp ? dp : "?", name);
		}
		last = now_ns();
		cpu_last = cpu_seconds();
	}
	double secs = last > start ? (last - start) / 1e9 : 0, cpu = cpu_last - cpu_start;
	printf("{\"events\":%ld,\"overflows\":%ld,\"unresolved\":%ld,\"seconds\":%.4f,\"eventsPerSec\":%.0f,"
	       "\"cpuSeconds\":%.4f,\"eventsPerCpuSec\":%.0f,\"sink\":%ld}\n",
	       events, overflows, unresolved, secs, secs > 0 ? events / secs : 0, cpu, cpu > 0 ? events / cpu : 0, sink);
	return 0;
}
