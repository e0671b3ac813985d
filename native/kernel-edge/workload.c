/* workload: open+read+close over files DIR/f0..f<N-1>, PASSES times; prints JSON with opens/s and
 * open latency percentiles. -f forks a fresh process per pass so the kernel cannot merge the
 * events of different passes (fanotify merges identical queued events of one pid). */
#include "common.h"
#include <fcntl.h>
#include <sys/wait.h>

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

static long one_pass(const char *dir, long n, uint32_t *lat, long *failed)
{
	char path[4096], buf[64];
	for (long i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", dir, i);
		uint64_t t0 = now_ns();
		int fd = open(path, O_RDONLY);
		uint64_t t1 = now_ns();
		if (lat)
			lat[i] = (uint32_t)(t1 - t0 > UINT32_MAX ? UINT32_MAX : t1 - t0);
		if (fd < 0) {
			(*failed)++;
			continue;
		}
		if (read(fd, buf, sizeof(buf)) < 0)
			(*failed)++;
		close(fd);
	}
	return n;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	long n = 1000, passes = 1, failed = 0;
	int fork_each = 0, opt;
	while ((opt = getopt(argc, argv, "d:n:p:f")) != -1) {
		if (opt == 'd') dir = optarg;
		else if (opt == 'n') n = atol(optarg);
		else if (opt == 'p') passes = atol(optarg);
		else if (opt == 'f') fork_each = 1;
		else return 2;
	}
	if (!dir || n <= 0 || passes <= 0) {
		fprintf(stderr, "usage: workload -d DIR -n FILES [-p PASSES] [-f]\n");
		return 2;
	}
	uint32_t *lat = fork_each ? NULL : malloc(sizeof(uint32_t) * n * passes);
	uint64_t t0 = now_ns();
	for (long p = 0; p < passes; p++) {
		if (!fork_each) {
			one_pass(dir, n, lat + p * n, &failed);
			continue;
		}
		pid_t pid = fork();
		if (pid < 0) die("fork");
		if (pid == 0) {
			long f = 0;
			one_pass(dir, n, NULL, &f);
			_exit(f ? 1 : 0);
		}
		int st;
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st)) failed++;
	}
	double secs = (now_ns() - t0) / 1e9;
	long opens = n * passes;
	printf("{\"opens\":%ld,\"failed\":%ld,\"seconds\":%.4f,\"opensPerSec\":%.0f", opens, failed, secs, opens / secs);
	if (lat) {
		qsort(lat, opens, sizeof(uint32_t), cmp_u32);
		printf(",\"p50us\":%.2f,\"p99us\":%.2f,\"p999us\":%.2f", lat[opens / 2] / 1e3,
		       lat[(long)(opens * 0.99)] / 1e3, lat[(long)(opens * 0.999)] / 1e3);
	}
	printf("}\n");
	return 0;
}
