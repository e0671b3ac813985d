/* verdict-prober PATH: opens PATH about every 200 µs and prints "<epoch µs> <0|1>" each time the
 * outcome changes (1 = the open succeeded), starting with the first outcome. Runs until killed.
 * The protect bench uses it to time a policy change until the verdict changes. When one round
 * (sleep and open) took over 20 ms it also prints "stall <epoch µs> <µs>": the prober itself was
 * held (not scheduled, or its open waited), so a verdict change in that window is seen late. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static long long now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: verdict-prober PATH\n");
		return 2;
	}
	/* nsenter forked us into the container's pid namespace: go when it is killed. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	int last = -1;
	long long prev = 0;
	for (;;) {
		long long t = now_us();
		if (prev && t - prev > 20000) {
			printf("stall %lld %lld\n", prev, t - prev);
			fflush(stdout);
		}
		prev = t;
		int fd = open(argv[1], O_RDONLY);
		int ok = fd >= 0;
		if (ok) close(fd);
		if (ok != last) {
			printf("%lld %d\n", t, ok);
			fflush(stdout);
			last = ok;
		}
		usleep(200);
	}
}
