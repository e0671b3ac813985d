/* Shared helpers of the kernel-edge baseline tools: clock, fatal errors, the stdin handshake. */
#ifndef KERNEL_EDGE_COMMON_H
#define KERNEL_EDGE_COMMON_H

#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static inline uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CPU time (user + system) this process has used, all threads: a cost that the load of a shared
 * machine changes far less than wall-clock rates. */
static inline double cpu_seconds(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static inline void die(const char *fmt, ...)
{
	va_list ap;
	int saved = errno;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	exit(1);
}

/* Tells the driver we are set up, then (when asked) blocks until it writes a line: the driver
 * builds a backlog between the two. */
static inline void handshake(int wait_for_go)
{
	char line[16];
	printf("ready\n");
	fflush(stdout);
	if (wait_for_go && !fgets(line, sizeof(line), stdin))
		die("no go line on stdin");
}

#endif
