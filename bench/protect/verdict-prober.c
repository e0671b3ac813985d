/* verdict-prober PATH: opens PATH about every 200 µs and prints "<epoch µs> <0|1>" each time the
 * outcome changes (1 = the open succeeded), starting with the first outcome. Runs until killed.
 * The protect bench uses it to time a policy change until the verdict changes. */
#include <fcntl.h>
#include <stdio.h>
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
	int last = -1;
	for (;;) {
		long long t = now_us();
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
