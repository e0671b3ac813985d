/* zombie-opener PATH: opens PATH from a second thread after the main thread has exited. The
 * process then has no readable /proc/<pid>/exe (its thread-group leader is a zombie), which is how
 * a permission decision meets "no executable path": the filter's fail mode decides. Prints
 * "open: ok" or "open: <error>" and exits 0 / 1. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static const char *target;
static void *opener(void *arg) {
  (void)arg;
  usleep(200000);
  int fd = open(target, O_RDONLY);
  if (fd < 0) { printf("open: %s\n", strerror(errno)); fflush(stdout); _exit(1); }
  printf("open: ok\n"); fflush(stdout); _exit(0);
}
int main(int argc, char **argv) {
  if (argc != 2) return 2;
  target = argv[1];
  pthread_t t;
  if (pthread_create(&t, NULL, opener, NULL) != 0) return 3;
  pthread_exit(NULL);
}
